"""The wrapped data keys: one per casus."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataSleutel(models.Model):
    """A casus's data key, wrapped by an environment key (``kek_id`` names which).

    Destroying this row at the end of the retention period makes every ciphertext of the casus —
    in the dossier tables, in the audit trail and in old database backups — unreadable. Backups
    therefore keep these rows in a separate key file (``sleutels.sleutelbestand``), from which
    retention removes destroyed keys too.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    kek_id = models.CharField(_("omgevingssleutel"), max_length=16, db_index=True)
    verpakt = models.BinaryField(_("verpakte sleutel"))
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verpakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("datasleutel")
        verbose_name_plural = _("datasleutels")

    def __str__(self) -> str:
        return f"datasleutel {self.id} (omgevingssleutel {self.kek_id})"
