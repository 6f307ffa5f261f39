"""The casus and what is recorded in steps 1–5 (DESIGN.md, 'Casus lifecycle')."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.sleutels.velden import VersleuteldeDatum, VersleuteldeJSON, VersleuteldeTekst


class Fase(models.TextChoices):
    SIGNALEREN = "1", _("Stap 1: signalen in kaart brengen")
    CONSULTEREN = "2", _("Stap 2: collegiale consultatie en Veilig Thuis raadplegen")
    GESPREK = "3", _("Stap 3: gesprek met betrokkene(n)")
    WEGEN = "4", _("Stap 4: wegen van het geweld of de kindermishandeling")
    BESLISSEN = "5", _("Stap 5: beslissen over melden en hulp")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Casus(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="casussen", db_index=False
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="casussen",
        verbose_name=_("beroepskracht"),
    )
    kenmerk = models.CharField(_("kenmerk"), max_length=20)
    # Free text is encrypted under the casus's own data key (docs/adr/0005); the kenmerk is a
    # reference, not content, and stays readable for the access log.
    sleutel = models.OneToOneField(
        "sleutels.DataSleutel",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    titel = VersleuteldeTekst(_("korte omschrijving"), max_length=200, sleutel="sleutel")
    kader_versie = models.ForeignKey(
        KaderVersie, on_delete=models.PROTECT, related_name="casussen", verbose_name=_("kader")
    )
    route = models.CharField(
        _("route"),
        max_length=80,
        blank=True,
        help_text=_("Route van het kader; leeg als het kader er één heeft."),
    )
    fase = models.CharField(_("stap"), max_length=16, choices=Fase.choices, default=Fase.SIGNALEREN)
    ronde = models.PositiveIntegerField(_("ronde"), default=1)
    conclusie = VersleuteldeTekst(_("conclusie"), blank=True, sleutel="sleutel")
    aangemaakt_op = models.DateTimeField(_("geopend op"), default=timezone.now)
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    # Optimistic concurrency: every write raises it; a form saved against an older value is
    # refused, so two people never silently overwrite each other (docs/adr/0004).
    versie = models.PositiveIntegerField(_("versie"), default=1)
    # Per part of the casus, the version of its last change: a form conflicts only when its own
    # part changed (dossier.services.gelijktijdig, docs/adr/0013). Keys name parts, never content.
    onderdeelversies = models.JSONField(default=dict, blank=True, editable=False)
    # The organisation's audit-chain number at the last write: a form carries it, and a form
    # refused as stale lists the changes of this casus after it.
    tijdlijnstand = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-bijgewerkt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "kenmerk"], name="casus_uniek_kenmerk")
        ]
        indexes = [
            models.Index(fields=["organisatie", "fase", "bijgewerkt_op"], name="casus_org_fase"),
            models.Index(
                fields=["organisatie", "eigenaar", "bijgewerkt_op"], name="casus_org_eigenaar"
            ),
            models.Index(fields=["organisatie", "bijgewerkt_op"], name="casus_org_bijgewerkt"),
        ]

    def __str__(self) -> str:
        # The kenmerk only: a title in a repr ends up in error messages and server logs.
        return self.kenmerk

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.sleutel_id is None:  # a new casus gets its own data key
            from meldwijzer.sleutels.sleutelring import nieuwe_datasleutel

            self.sleutel = nieuwe_datasleutel(self.organisatie_id)
        super().save(*args, **kwargs)

    @property
    def is_afgesloten(self) -> bool:
        return self.fase == Fase.AFGESLOTEN


class Vastlegging(models.Model):
    """Something recorded in a casus, in a ronde, by someone at a moment.

    Never edited silently: a correction keeps the previous values as a ``Correctie`` and a
    withdrawal marks the record, which stays (docs/adr/0019).
    """

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="%(class)s_set")
    ronde = models.PositiveIntegerField(default=1)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    # Set by dossier.services.correcties only: the last correction, and the withdrawal.
    gecorrigeerd_op = models.DateTimeField(_("laatst gecorrigeerd op"), null=True, blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["vastgelegd_op", "pk"]


class BetrokkeneRol(models.TextChoices):
    KIND = "kind", _("Kind / jeugdige")
    OUDER = "ouder", _("Ouder / verzorger")
    PARTNER = "partner", _("Partner / ex-partner")
    OUDERE = "oudere", _("Oudere")
    VOLWASSENE = "volwassene", _("Andere volwassene")


class Betrokkene(Vastlegging):
    rol = models.CharField(_("rol"), max_length=16, choices=BetrokkeneRol.choices)
    leeftijd = models.PositiveSmallIntegerField(_("leeftijd"), null=True, blank=True)
    geboortejaar = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    relatie = VersleuteldeTekst(_("relatie"), max_length=200)
    naam = VersleuteldeTekst(_("naam"), max_length=200, blank=True)
    geboortedatum = VersleuteldeDatum(_("geboortedatum"), null=True, blank=True)
    # Keyed blind index of name + birth date, to find the same person in another casus of the
    # organisation without storing either readably (sleutels.zoekindex).
    zoekindex = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta(Vastlegging.Meta):
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")

    def __str__(self) -> str:
        return f"{self.get_rol_display()}, {self.relatie}"

    @property
    def is_volwassen(self) -> bool:
        """Adults get the Kindcheck question (H4, Oudersignalen)."""
        if self.rol == BetrokkeneRol.KIND:
            return False
        if self.leeftijd is not None:
            return self.leeftijd >= 18
        if self.geboortejaar is not None:
            return timezone.localdate().year - self.geboortejaar >= 18
        return True


class Bron(models.TextChoices):
    EIGEN = "eigen", _("Eigen waarneming")
    VERTELD = "verteld", _("Verteld door een betrokkene")
    DERDE = "derde", _("Informatie van een derde")


class Aard(models.TextChoices):
    FEIT = "feit", _("Feit")
    MENING = "mening", _("Mening of interpretatie")


class BijzondereVorm(models.TextChoices):
    """Forms of violence for which talking to the pleger first can endanger the victim
    (H3, Afweging 2 (c); H4, C. Disclosure)."""

    EERGERELATEERD = "eergerelateerd", _("Eergerelateerd geweld")
    HUWELIJKSDWANG = "huwelijksdwang", _("Huwelijksdwang")
    STALKING = "stalking", _("(Ex-)partnerstalking")
    OUDERENMISHANDELING = "ouderenmishandeling", _("Ouderenmishandeling")


class Signaal(Vastlegging):
    """A note of stap 1: a fact or an opinion, its source and date, ticks against catalogues."""

    datum = models.DateField(_("datum waargenomen"))
    bron = models.CharField(_("bron"), max_length=16, choices=Bron.choices)
    bron_wie = VersleuteldeTekst(_("verteld door / welke derde"), max_length=200, blank=True)
    aard = models.CharField(_("feit of mening"), max_length=8, choices=Aard.choices)
    tekst = VersleuteldeTekst(_("beschrijving"))
    aangevinkt = models.JSONField(_("aangevinkte signalen"), default=list, blank=True)
    vormen = models.JSONField(_("specifieke vormen van geweld"), default=list, blank=True)
    speculatief_bevestigd = models.BooleanField(
        _("als feit bevestigd ondanks speculatieve woorden"), default=False
    )

    class Meta(Vastlegging.Meta):
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")


class MetWie(models.TextChoices):
    COLLEGA = "collega", _("Collega")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Aandachtsfunctionaris")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (advies, anoniem: zonder persoonsgegevens)")
    DESKUNDIGE = "deskundige", _("Andere deskundige")


class Consultatie(Vastlegging):
    met_wie = models.CharField(_("met wie"), max_length=32, choices=MetWie.choices)
    naam_functie = VersleuteldeTekst(_("naam of functie"), max_length=200, blank=True)
    datum = models.DateField(_("datum"))
    advies = VersleuteldeTekst(_("wat werd geadviseerd"))

    class Meta(Vastlegging.Meta):
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")


class RedenGeenGesprek(models.TextChoices):
    VEILIGHEID_KIND = "veiligheid_kind", _("De veiligheid van het kind of de cliënt")
    VEILIGHEID_ANDEREN = "veiligheid_anderen", _("De veiligheid van anderen")
    VEILIGHEID_BEROEPSKRACHT = "veiligheid_beroepskracht", _("De eigen veiligheid")


class Gesprek(Vastlegging):
    """Stap 3: the conversation with those involved, or the reason it did not take place."""

    gevoerd = models.BooleanField(_("gesprek gevoerd"))
    met_wie = VersleuteldeTekst(_("met wie"), max_length=200, blank=True)
    datum = models.DateField(_("datum"), null=True, blank=True)
    reactie = VersleuteldeTekst(_("reactie van de betrokkene(n)"), blank=True)
    reden_geen_gesprek = models.CharField(
        _("reden geen gesprek"), max_length=32, choices=RedenGeenGesprek.choices, blank=True
    )
    toelichting = VersleuteldeTekst(_("toelichting"), blank=True)

    class Meta(Vastlegging.Meta):
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(gevoerd=True, datum__isnull=False)
                    | (models.Q(gevoerd=False) & ~models.Q(reden_geen_gesprek=""))
                ),
                name="gesprek_gevoerd_of_reden",
            )
        ]


class Weging(Vastlegging):
    """Stap 4: nature and seriousness, risk and protective factors."""

    datum = models.DateField(_("datum"))
    aard_en_ernst = VersleuteldeTekst(_("aard en ernst"))
    risicofactoren = VersleuteldeTekst(_("risicofactoren"), blank=True)
    beschermende_factoren = VersleuteldeTekst(_("beschermende factoren"), blank=True)

    class Meta(Vastlegging.Meta):
        verbose_name = _("weging")
        verbose_name_plural = _("wegingen")


class VoorwaardeStatus(models.TextChoices):
    """How the intended help meets one of the four voorwaarden (H5)."""

    VOLDAAN = "voldaan", _("Voldaan")
    NIET_VOLDAAN = "niet_voldaan", _("Niet voldaan")
    NVT = "nvt", _("Niet van toepassing")


ANTWOORDSLEUTEL_LENGTE = 80 + 1 + 20


class Antwoord(models.Model):
    """One answer to an afweging of stap 5, in the casus's current ronde.

    Answers that a besluit has taken up are never changed. Only a draft answer (before any
    besluit could be stored, i.e. afweging 1 = ja alone) can be withdrawn, and that withdrawal is
    recorded, not deleted.
    """

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="antwoorden")
    ronde = models.PositiveIntegerField(default=1)
    # The engine's key: the afweging's id, or ``route/afweging`` for an afweging of a route the
    # casus was handed over to (kaderformaat 2): a route id (80) and an afweging id (20).
    afweging = models.CharField(_("afweging"), max_length=ANTWOORDSLEUTEL_LENGTE)
    antwoord = models.CharField(_("antwoord"), max_length=80)
    toelichting = VersleuteldeTekst(_("toelichting"), blank=True)
    signalen = models.JSONField(_("extra aangevinkte signalen"), default=list, blank=True)
    # Where each signal ticked with this answer comes from: {item id: [signaal ids]}. The ticks
    # are added to those signalen as well, so a correction of a signaal unticks (docs/adr/0019).
    bronnen = models.JSONField(_("bronnen van de aangevinkte signalen"), default=dict, blank=True)
    samen_met_veilig_thuis = models.BooleanField(default=False)
    vt_contact = VersleuteldeTekst(_("met wie bij Veilig Thuis"), max_length=200, blank=True)
    vt_datum = models.DateField(_("wanneer met Veilig Thuis"), null=True, blank=True)
    # The four voorwaarden for effective help, checked when the eigen-hulp afweging (3) is
    # answered: {item id: {"status": voldaan|niet_voldaan|nvt, "toelichting": ...}} (H5).
    voorwaarden = VersleuteldeJSON(_("toets aan de voorwaarden"), default=dict, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    beantwoord_op = models.DateTimeField(default=timezone.now)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["beantwoord_op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["casus", "ronde", "afweging"],
                condition=models.Q(ingetrokken_op__isnull=True),
                name="antwoord_eenmaal_per_ronde",
            )
        ]


class BesluitOnveranderlijk(Exception):
    pass


class _BesluitQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise BesluitOnveranderlijk(
            "Een besluit wordt nooit gewijzigd; leg een nieuw besluit vast."
        )

    def delete(self) -> NoReturn:
        raise BesluitOnveranderlijk("Een besluit wordt nooit verwijderd.")


class Besluit(models.Model):
    """An immutable stap-5 besluit: answers, toelichtingen, ticked signals, outcome, version.

    A later answer creates a new besluit that supersedes this one (``vervangt``); nothing here
    is ever edited.
    """

    casus = models.ForeignKey(
        Casus, on_delete=models.PROTECT, related_name="besluiten", db_index=False
    )
    ronde = models.PositiveIntegerField()
    volgnummer = models.PositiveIntegerField()
    kader_versie = models.ForeignKey(KaderVersie, on_delete=models.PROTECT, related_name="+")
    # The answers with their toelichtingen and who gave them: encrypted as a whole.
    antwoorden = VersleuteldeJSON()
    signalen = models.JSONField(default=list)
    uitkomst = models.JSONField()
    vervangt = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door"
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    objects = _BesluitQuerySet.as_manager()

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["casus", "volgnummer"], name="besluit_uniek_volgnummer")
        ]

    def __str__(self) -> str:
        return f"besluit {self.volgnummer} van {self.casus_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise BesluitOnveranderlijk(
                "Een besluit wordt nooit gewijzigd; leg een nieuw besluit vast."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise BesluitOnveranderlijk("Een besluit wordt nooit verwijderd.")

    @property
    def antwoorden_dict(self) -> dict[str, str]:
        return {a["afweging"]: a["antwoord"] for a in self.antwoorden}

    def herbereken(self) -> dict[str, Any]:
        """The engine's outcome recomputed from this besluit's own answers, signals and version."""
        from meldwijzer.kader import beslis

        kader = self.kader_versie.kader()
        route = self.uitkomst.get("route")
        return beslis(kader, self.antwoorden_dict, self.signalen, route=route).als_dict()
