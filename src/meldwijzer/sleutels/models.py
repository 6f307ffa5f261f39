"""The wrapped keys: a generation key per organisation, a data key per casus."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Generatie(models.Model):
    """An organisation's generation key: wraps its data keys, and is itself wrapped by an
    environment key (``kek_id`` names which).

    Retention replaces it after every run that erased a casus of the organisation: a new one,
    every remaining data key re-wrapped under it, this row deleted. An erased casus's wrapped
    data key, wherever old bytes of it survive, then unwraps with no key the deployment still
    holds (docs/adr/0012-wissen-door-sleutelrotatie.md). The newest row of an organisation is
    the active one; older rows exist only while a replacement is under way.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kek_id = models.CharField(_("omgevingssleutel"), max_length=16, db_index=True)
    verpakt = models.BinaryField(_("verpakte generatiesleutel"))
    # Set in the transaction that destroys a data key under this generation: the next
    # retention run (or the rest of this one) replaces it, even after a crash in between.
    te_vervangen = models.BooleanField(default=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verpakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("generatiesleutel")
        verbose_name_plural = _("generatiesleutels")
        indexes = [models.Index(fields=["organisatie", "aangemaakt_op"])]

    def __str__(self) -> str:
        return f"generatiesleutel {self.id} (omgevingssleutel {self.kek_id})"


class DataSleutel(models.Model):
    """A casus's data key, wrapped by its organisation's generation key (``generatie``) — or,
    for a key from before generations, directly by an environment key (``kek_id``; moved under
    a generation by the next retention run or ``meldwijzer sleutels roteer``).

    Destroying this row at the end of the retention period makes every ciphertext of the casus —
    in the dossier tables, in the audit trail and in old database backups — unreadable. Backups
    therefore keep these rows in a separate key file (``sleutels.sleutelbestand``), from which
    retention removes destroyed keys too.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    generatie = models.ForeignKey(
        Generatie,
        verbose_name=_("generatiesleutel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kek_id = models.CharField(_("omgevingssleutel"), max_length=16, db_index=True, blank=True)
    verpakt = models.BinaryField(_("verpakte sleutel"))
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verpakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("datasleutel")
        verbose_name_plural = _("datasleutels")

    def __str__(self) -> str:
        onder = (
            f"generatiesleutel {self.generatie_id}"
            if self.generatie_id
            else f"omgevingssleutel {self.kek_id}"
        )
        return f"datasleutel {self.id} ({onder})"

    @classmethod
    def kolom(cls, naam: str) -> models.Field[Any, Any]:
        """The field of column ``naam``, for the statements written by hand (sleutelring,
        herverpakken); ``_meta.get_field`` may also answer with a reverse relation."""
        veld = cls._meta.get_field(naam)
        assert isinstance(veld, models.Field), naam
        return veld
