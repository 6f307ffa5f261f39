"""Append-only records: every change (Gebeurtenis) and every read of casus data (Toegang).

Both are linked per organisation by an HMAC-SHA256 hash chain (``audit.keten``): editing,
deleting or inserting a row outside the application is found by ``meldwijzer audit verifieer``.
The application refuses updates and deletes (``Logregel``); on PostgreSQL a trigger refuses
them in the database too (migration 0002).

A row keeps the casus id, not a database reference to it: when retention deletes a casus, its
audit and access rows stay — their free text encrypted under the casus's destroyed data key, so
unreadable — and the chain still verifies.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlleenToevoegen(Exception):
    """Raised on any attempt to change or delete an append-only row."""


class LogregelQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AlleenToevoegen("Audit- en logregels worden nooit gewijzigd.")

    def delete(self) -> NoReturn:
        raise AlleenToevoegen("Audit- en logregels worden nooit verwijderd.")


class Logregel(models.Model):
    """An append-only row of a log kept in a hash chain: the audit trail, the access log and the
    login events (accounts). Saved once, never changed or deleted."""

    objects = LogregelQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AlleenToevoegen("Audit- en logregels worden nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AlleenToevoegen("Audit- en logregels worden nooit verwijderd.")


def _casus_verwijzing(related_name: str) -> models.ForeignKey:
    """The casus a row is about, without a database constraint: retention deletes the casus,
    the row stays (append-only) and keeps the id. No index of its own: each table using it has
    an index starting with ``casus`` (ADR 0032)."""
    return models.ForeignKey(
        "dossier.Casus",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name=related_name,
    )


# Free text of a casus event is stored encrypted under the casus's data key (oud, nieuw, reden).
VERSLEUTELD = ("oud", "nieuw", "reden")


class Gebeurtenis(Logregel):
    """One change: who, when, what (object), old and new values, why. Feeds the casus timeline.

    For a casus event ``oud``, ``nieuw`` and ``reden`` hold ciphertext in the database (a token of
    ``sleutels.crypto``); a row read from the database carries them decrypted, and after the
    casus's data key is destroyed they read as unreadable.
    """

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    casus = _casus_verwijzing("gebeurtenissen")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_naam = models.CharField(max_length=300, blank=True)
    actor_rol = models.CharField(max_length=32, blank=True)
    # No index on tijdstip alone: every read filters on the casus or the organisation first and
    # uses their (…, tijdstip) index (ADR 0032).
    tijdstip = models.DateTimeField(default=timezone.now)
    soort = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    oud = models.JSONField(null=True, blank=True)
    nieuw = models.JSONField(null=True, blank=True)
    reden = models.TextField(blank=True)
    # The hash chain of the organisation (audit.keten).
    volgnummer = models.PositiveBigIntegerField(editable=False)
    keten_hash = models.CharField(max_length=64, editable=False)
    # Not columns, set on an instance: the values as stored, of a row read from the database
    # (``ruw``), and the mark of a deletion record that holds no content (audit.services).
    _ruw: dict[str, Any]
    zonder_inhoud: bool

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["tijdstip", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "volgnummer"], name="gebeurtenis_keten_uniek"
            )
        ]
        indexes = [
            models.Index(fields=["casus", "tijdstip"], name="gebeurtenis_casus_tijd"),
            models.Index(fields=["organisatie", "tijdstip"], name="gebeurtenis_org_tijd"),
            models.Index(
                fields=["organisatie", "actor", "tijdstip"], name="gebeurtenis_org_actor_tijd"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.soort} ({self.actor_naam})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new row, however it is created: a casus event's free text encrypted under the
        casus's key, then linked into the organisation's chain (which saves it)."""
        if self._state.adding and self.volgnummer is None:
            if self.casus_id is not None and not getattr(self, "zonder_inhoud", False):
                self._versleutel()
            from meldwijzer.audit import keten

            keten.voeg_toe(self)
            return
        super().save(*args, **kwargs)

    def _versleutel(self) -> None:
        from meldwijzer.sleutels import crypto
        from meldwijzer.sleutels.sleutelring import versleutel

        sleutel_id = _sleutel_van_casus(self)
        if sleutel_id is None:  # the casus is already erased: nothing of it to record
            return
        for naam in ("oud", "nieuw"):
            waarde = getattr(self, naam)
            if waarde is not None and not crypto.is_token(waarde):
                tekst = json.dumps(waarde, ensure_ascii=False, sort_keys=True)
                setattr(self, naam, versleutel(sleutel_id, tekst))
        if self.reden and not crypto.is_token(self.reden):
            self.reden = versleutel(sleutel_id, self.reden)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Gebeurtenis:
        rij = super().from_db(db, field_names, values)
        rij._ruw = {}
        for naam in VERSLEUTELD:
            if naam in rij.__dict__:
                rij._ruw[naam] = rij.__dict__[naam]
                rij.__dict__[naam] = _leesbaar(naam, rij.__dict__[naam])
        return rij

    def ruw(self, naam: str) -> Any:
        """The value as stored (ciphertext for a casus event)."""
        return getattr(self, "_ruw", {}).get(naam, getattr(self, naam))


def _sleutel_van_casus(rij: Gebeurtenis) -> Any:
    veld = rij._meta.get_field("casus")
    if veld.is_cached(rij) and rij.casus is not None:
        return rij.casus.sleutel_id
    casusmodel = veld.related_model
    assert not isinstance(casusmodel, str)  # "dossier.Casus", resolved once the apps are loaded
    casus = casusmodel._base_manager.filter(pk=rij.casus_id)
    return casus.values_list("sleutel_id", flat=True).first()


def _leesbaar(naam: str, waarde: Any) -> Any:
    from meldwijzer.sleutels import crypto, sleutelring

    if not crypto.is_token(waarde):
        return waarde
    tekst = sleutelring.ontsleutel(waarde)
    if isinstance(tekst, sleutelring.Onleesbaar):
        return tekst if naam == "reden" else None
    return tekst if naam == "reden" else json.loads(tekst)


class Toegang(Logregel):
    """One access to casus data or to the log (after NEN 7513): who, in which role and
    organisation, on which basis and on whose behalf, which casus or betrokkene, which action,
    allowed or refused, when (UTC) and from which address."""

    class Actie(models.TextChoices):
        INZIEN = "inzien", _("inzien")
        ZOEKEN = "zoeken", _("zoeken / lijst")
        PRINTEN = "printen", _("printen")
        EXPORTEREN = "exporteren", _("exporteren")
        IMPORTEREN = "importeren", _("importeren")

    class Uitkomst(models.TextChoices):
        TOEGESTAAN = "toegestaan", _("toegestaan")
        GEWEIGERD = "geweigerd", _("geweigerd")

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rol = models.CharField(max_length=32)
    casus = _casus_verwijzing("+")
    betrokkene_id = models.PositiveBigIntegerField(null=True, blank=True)
    actie = models.CharField(max_length=16, choices=Actie.choices)
    uitkomst = models.CharField(
        max_length=16, choices=Uitkomst.choices, default=Uitkomst.TOEGESTAAN
    )
    # On which basis the casus was open to this user (eigenaar, gedeeld, aandachtsfunctionaris),
    # and on whose behalf: a colleague reading a shared casus acts for its owner.
    grondslag = models.CharField(max_length=32, blank=True)
    namens = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    onderdeel = models.CharField(max_length=100, help_text="Which page or part was read.")
    details = models.JSONField(null=True, blank=True)
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    tijdstip = models.DateTimeField(default=timezone.now)
    volgnummer = models.PositiveBigIntegerField(editable=False)
    keten_hash = models.CharField(max_length=64, editable=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new row, however it is created, is linked into the organisation's chain."""
        if self._state.adding and self.volgnummer is None:
            from meldwijzer.audit import keten

            keten.voeg_toe(self)
            return
        super().save(*args, **kwargs)

    class Meta:
        verbose_name = _("toegang")
        verbose_name_plural = _("toegangslog")
        ordering = ["tijdstip", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "volgnummer"], name="toegang_keten_uniek"
            )
        ]
        indexes = [
            models.Index(fields=["organisatie", "tijdstip"], name="toegang_org_tijd"),
            models.Index(fields=["casus", "tijdstip"], name="toegang_casus_tijd"),
            models.Index(
                fields=["organisatie", "gebruiker", "tijdstip"], name="toegang_org_gebruiker_tijd"
            ),
        ]


class Ketenkop(models.Model):
    """Where a chain stands: the row a writer locks to append the next link.

    Only a cursor: ``audit verifieer`` recomputes the chain from the rows themselves and uses
    this only to notice rows appended or removed at the end outside the application. A chain of
    the whole installation (the login events, ADR 0011) has no organisation."""

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    keten = models.CharField(max_length=16)
    volgnummer = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("ketenkop")
        verbose_name_plural = _("ketenkoppen")
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "keten"], name="ketenkop_uniek"),
            models.UniqueConstraint(
                fields=["keten"],
                condition=models.Q(organisatie__isnull=True),
                name="ketenkop_installatie_uniek",
            ),
        ]


class Schrijfproef(models.Model):
    """Proof that the database accepts writes: ``/health`` updates its node's row now and then.

    Every read of casus data appends to the access log, so a database that reads but cannot
    write (a full disk, a replica promoted read-only) cannot serve a casus: ``/health`` must say
    so rather than answer 200 (docs/deploy.md, "Gezondheid")."""

    knoop = models.CharField(max_length=100, unique=True)
    tijdstip = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("schrijfproef")
        verbose_name_plural = _("schrijfproeven")
