"""Framework versions with their lifecycle, and which framework an organisation uses.

A version is stored once per content hash. It is imported as a *concept*, can be previewed, and
is then *vastgesteld* (published) with a validity period; from that moment it never changes
(docs/adr/0006; Open Zaak's versioned definitions). Every casus pins the version it started with
and every besluit the version it was decided under (DESIGN.md, 'Layers').

The tables kept the names they had when the dossier app held these models (docs/adr/0016).
"""

from __future__ import annotations

import json
import threading
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.kader import Afwegingskader, laad_tekst


class KaderStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


class KaderVersieOnveranderlijk(Exception):
    """Raised on any attempt to change or delete a published (vastgesteld) framework version."""


ONVERANDERLIJK = (
    "Een vastgestelde kaderversie verandert nooit en wordt nooit verwijderd; importeer een nieuwe "
    "versie (met een hoger versienummer) en stel die vast."
)


class _KaderVersieQuerySet(models.QuerySet["KaderVersie"]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(status=KaderStatus.VASTGESTELD).exists():
            raise KaderVersieOnveranderlijk(ONVERANDERLIJK)
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status=KaderStatus.VASTGESTELD).exists():
            raise KaderVersieOnveranderlijk(ONVERANDERLIJK)
        return super().delete()


class KaderVersie(models.Model):
    """One afwegingskader version, keyed by content hash, with its full content and lifecycle.

    A casus pins the version it started with and a besluit the version it was decided under, so
    every besluit can be recomputed years later against the exact text (DESIGN.md, 'Layers').
    """

    kader_id = models.CharField(_("kader"), max_length=80)
    versie = models.CharField(_("versie"), max_length=80)
    titel = models.CharField(_("titel"), max_length=300)
    hash = models.CharField(_("inhoudshash (SHA-256)"), max_length=64, unique=True)
    inhoud = models.JSONField(_("volledige inhoud"))
    geladen_op = models.DateTimeField(_("geladen op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=KaderStatus.choices, default=KaderStatus.CONCEPT
    )
    geldig_vanaf = models.DateField(_("geldig vanaf"), null=True, blank=True)
    geldig_tot = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg: geldig tot de volgende vastgestelde versie ingaat."),
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    geimporteerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geïmporteerd door"),
    )
    # The beroepsorganisatie whose kaderbeheerders write this framework id; empty for the
    # frameworks shipped with Meldwijzer and for what the server's beheerder loads.
    beroepsorganisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beroepsorganisatie"),
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255, blank=True)

    objects = _KaderVersieQuerySet.as_manager()

    class Meta:
        db_table = "dossier_kaderversie"
        verbose_name = _("kaderversie")
        verbose_name_plural = _("kaderversies")
        ordering = ["kader_id", "-geladen_op"]
        indexes = [
            models.Index(fields=["kader_id", "geladen_op"], name="kaderversie_id_geladen"),
            models.Index(
                fields=["kader_id", "status", "geldig_vanaf"], name="kaderversie_geldigheid"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kader_id", "versie"], name="kaderversie_uniek"),
            models.CheckConstraint(
                condition=~models.Q(status="vastgesteld") | models.Q(geldig_vanaf__isnull=False),
                name="kaderversie_vastgesteld_heeft_datum",
            ),
            models.CheckConstraint(
                condition=models.Q(geldig_tot__isnull=True)
                | models.Q(geldig_tot__gte=models.F("geldig_vanaf")),
                name="kaderversie_tot_na_vanaf",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kader_id}@{self.versie} ({self.hash[:12]})"

    @property
    def verwijzing(self) -> str:
        return f"{self.kader_id}@{self.versie}"

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == KaderStatus.VASTGESTELD

    def kader(self) -> Afwegingskader:
        """The compiled framework from the stored content; the content hash must match.

        Compiled once per process and hash: a row loaded without its content (deferred) does
        not fetch it again when the framework is already known."""
        gevonden = _kader_cache.get(self.hash)
        if gevonden is not None:
            return gevonden
        return _compileer(self.hash, self.inhoud)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Publishing is the last change a version sees: the stored row decides, not this object
        # (which a caller may have changed in memory).
        if not self._state.adding and self.pk is not None:
            opgeslagen = (
                type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
            if opgeslagen == KaderStatus.VASTGESTELD:
                raise KaderVersieOnveranderlijk(ONVERANDERLIJK)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_vastgesteld or (
            self.pk is not None
            and type(self).objects.filter(pk=self.pk, status=KaderStatus.VASTGESTELD).exists()
        ):
            raise KaderVersieOnveranderlijk(ONVERANDERLIJK)
        return super().delete(*args, **kwargs)


_kader_cache: dict[str, Afwegingskader] = {}
_kader_lock = threading.Lock()


class KaderHashFout(RuntimeError):
    pass


def _compileer(verwacht_hash: str, inhoud: Any) -> Afwegingskader:
    gevonden = _kader_cache.get(verwacht_hash)
    if gevonden is not None:
        return gevonden
    # JSON is valid YAML, so the stored content goes through the same loader and validator.
    if isinstance(inhoud, dict) and "hash" in inhoud:  # the export's extra key, not the format
        inhoud = {k: v for k, v in inhoud.items() if k != "hash"}
    kader = laad_tekst(json.dumps(inhoud, ensure_ascii=False), f"kaderversie {verwacht_hash[:12]}")
    if kader.hash != verwacht_hash:
        raise KaderHashFout(
            f"De opgeslagen inhoud van kaderversie {verwacht_hash[:12]} heeft hash "
            f"{kader.hash[:12]}: de inhoud is gewijzigd of beschadigd."
        )
    with _kader_lock:
        _kader_cache[verwacht_hash] = kader
    return kader


class _KeuzeQuerySet(models.QuerySet["Kaderkeuze"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise KaderVersieOnveranderlijk("Een kaderkeuze wordt nooit gewijzigd; kies opnieuw.")


class Kaderkeuze(models.Model):
    """Which framework an organisation uses for new casussen, chosen by its beheerder.

    Appended, never edited: the latest row counts, the earlier ones are the history. A new
    casus pins the version of this framework that is valid on the day it is opened.
    """

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
        db_index=False,
    )
    kader_id = models.CharField(_("kader"), max_length=80)
    gekozen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekozen door"),
    )
    gekozen_op = models.DateTimeField(_("gekozen op"), default=timezone.now)

    objects = _KeuzeQuerySet.as_manager()

    class Meta:
        db_table = "dossier_kaderkeuze"
        verbose_name = _("kaderkeuze")
        verbose_name_plural = _("kaderkeuzes")
        ordering = ["gekozen_op", "pk"]
        indexes = [models.Index(fields=["organisatie", "gekozen_op"], name="kaderkeuze_org_tijd")]

    def __str__(self) -> str:
        return f"{self.organisatie_id}: {self.kader_id}"


class Kadervertaling(models.Model):
    """A translation of a beroepsorganisatie's own framework, uploaded by its kaderbeheerder
    (docs/kader-formaat.md, 'Vertalingen'; ADR 0029).

    One row per upload, never edited but for its withdrawal: the latest upload of a framework id
    and language is the one shown (unless withdrawn), the earlier ones are its history. The file
    is kept as uploaded (the shipped format), outside the framework's content hash.
    """

    kader_id = models.CharField(_("kader"), max_length=80)
    taal = models.CharField(_("taal"), max_length=10)
    beroepsorganisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beroepsorganisatie"),
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    inhoud = models.TextField(_("bestand (YAML)"))
    hash = models.CharField(_("hash van het bestand (SHA-256)"), max_length=64)
    versies = models.JSONField(_("vertaalde versies"), default=list)
    vertaald_door = models.CharField(_("vertaald door"), max_length=300, blank=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    geupload_op = models.DateTimeField(_("geüpload op"), default=timezone.now)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("kadervertaling")
        verbose_name_plural = _("kadervertalingen")
        ordering = ["kader_id", "taal", "-geupload_op", "-pk"]
        indexes = [
            models.Index(fields=["kader_id", "taal", "geupload_op"], name="kadervertaling_actueel")
        ]

    def __str__(self) -> str:
        return f"{self.kader_id}.{self.taal} ({self.hash[:12]})"

    @property
    def is_ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None

    @property
    def sleutel(self) -> str:
        """Names this upload in the translation cache (kader.vertaling)."""
        return f"{self.pk}:{self.hash}"
