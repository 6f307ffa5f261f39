"""What follows the besluit: melding with Veilig Thuis, hulpplan, evaluatie, afsluiting.

Everything here is appended, never edited: a new hulpplan version supersedes the previous one,
and agreements and feedback are added to a melding (DESIGN.md, 'Casus lifecycle').
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier import werkdagen
from meldwijzer.dossier.models.casus import Antwoord, Besluit, Casus, Vastlegging
from meldwijzer.sleutels.velden import VersleuteldeTekst


def _casus_zonder_eigen_index() -> models.ForeignKey:
    """Vastlegging's casus without an index of its own, for a model whose unique constraint
    starts with ``casus`` and so serves every lookup by casus (ADR 0032)."""
    return models.ForeignKey(
        Casus, on_delete=models.PROTECT, related_name="%(class)s_set", db_index=False
    )


class Wijze(models.TextChoices):
    TELEFOON = "telefoon", _("Telefonisch")
    FORMULIER = "formulier", _("Met het meldformulier")


class RedenNietGeinformeerd(models.TextChoices):
    VEILIGHEID_KIND = "veiligheid_kind", _("De veiligheid van het kind of de cliënt")
    VEILIGHEID_ANDEREN = "veiligheid_anderen", _("De veiligheid van anderen")
    VEILIGHEID_BEROEPSKRACHT = "veiligheid_beroepskracht", _("De eigen veiligheid")
    CONTACT = "contact", _("Goede redenen om aan te nemen dat de betrokkene het contact verbreekt")


class Melding(Vastlegging):
    """A melding at Veilig Thuis: after a besluit, or a spoedmelding in acute danger.

    A spoedmelding can be made at any moment, before any besluit (``besluit`` empty); the casus
    then asks for the steps still missing (DESIGN.md, 'Casus lifecycle').
    """

    besluit = models.ForeignKey(
        Besluit, on_delete=models.PROTECT, related_name="meldingen", null=True, blank=True
    )
    spoed = models.BooleanField(_("spoedmelding"), default=False)
    spoed_reden = VersleuteldeTekst(_("acuut gevaar"), blank=True)
    datum = models.DateField(_("datum melding"))
    wijze = models.CharField(_("hoe gemeld"), max_length=16, choices=Wijze.choices)
    # Which of the regional Veilig Thuis organisations took the melding. Free text, so encrypted
    # like all free text of a casus; empty in the database for rows written without it.
    vt_organisatie = VersleuteldeTekst(
        _("Veilig Thuis-organisatie"), max_length=100, blank=True, db_default=""
    )
    vt_contact = VersleuteldeTekst(_("contactpersoon bij Veilig Thuis"), max_length=200)
    vt_kenmerk = VersleuteldeTekst(_("kenmerk bij Veilig Thuis"), max_length=100, blank=True)
    vooraf_geinformeerd = models.BooleanField(_("betrokkenen vooraf geïnformeerd"))
    hoe_geinformeerd = VersleuteldeTekst(_("hoe geïnformeerd"), blank=True)
    reden_niet_geinformeerd = models.CharField(
        _("reden niet geïnformeerd"),
        max_length=32,
        choices=RedenNietGeinformeerd.choices,
        blank=True,
    )
    toelichting_niet_geinformeerd = VersleuteldeTekst(_("toelichting"), blank=True)

    class Meta(Vastlegging.Meta):
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")


class TermijnEenheid(models.TextChoices):
    DAGEN = "dagen", _("kalenderdagen")
    WERKDAGEN = "werkdagen", _("werkdagen")
    WEKEN = "weken", _("weken")
    MAANDEN = "maanden", _("maanden")


class AfspraakVeiligThuis(Vastlegging):
    """Who does what after a melding, and the termijn (days, weeks or months) within which
    named results on safety must be reached (H3, Afweging 5)."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="afspraken")
    datum = models.DateField(_("datum afspraak"))
    vt_contact = VersleuteldeTekst(_("met wie bij Veilig Thuis"), max_length=200)
    wie_doet_wat = VersleuteldeTekst(_("wie doet wat"))
    resultaten = VersleuteldeTekst(_("resultaten ten aanzien van de veiligheid"))
    termijn_aantal = models.PositiveSmallIntegerField(_("termijn"))
    termijn_eenheid = models.CharField(_("eenheid"), max_length=12, choices=TermijnEenheid.choices)

    class Meta(Vastlegging.Meta):
        verbose_name = _("afspraak met Veilig Thuis")
        verbose_name_plural = _("afspraken met Veilig Thuis")

    @property
    def uiterlijk(self) -> dt.date:
        """The date by which the named results must be reached: counted in the unit chosen
        (werkdagen skip weekends and public holidays), and a count that ends on a day off moved
        to the next working day (dossier.werkdagen.uiterlijk)."""
        return werkdagen.uiterlijk(self.datum, self.termijn_aantal, self.termijn_eenheid)


class TriageUitkomst(models.TextChoices):
    """What Veilig Thuis decided after its triage: it does not always start an onderzoek
    (H1, 'De rol van Veilig Thuis')."""

    GEEN_VERVOLG = "geen_vervolg", _("Geen vervolg door Veilig Thuis")
    OVERDRACHT = "overdracht", _("Overdracht aan het lokale veld of de reguliere hulpverlening")
    VOORWAARDEN = "voorwaarden", _("Veilig Thuis stelt voorwaarden en volgt de veiligheid")
    ONDERZOEK = "onderzoek", _("Onderzoek door Veilig Thuis")
    ACUUT = "acuut", _("Directe bescherming of crisisinterventie")
    ANDERS = "anders", _("Anders (licht toe)")


class TerugkoppelingVeiligThuis(Vastlegging):
    """Veilig Thuis's feedback on a melding: its triage outcome and the date."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="terugkoppelingen")
    datum = models.DateField(_("datum terugkoppeling"))
    uitkomst = models.CharField(
        _("uitkomst van de triage"), max_length=16, choices=TriageUitkomst.choices
    )
    toelichting = VersleuteldeTekst(_("toelichting"), blank=True)

    class Meta(Vastlegging.Meta):
        verbose_name = _("terugkoppeling van Veilig Thuis")
        verbose_name_plural = _("terugkoppelingen van Veilig Thuis")


class HulpBuitenMeldcode(Vastlegging):
    """Help for problems that are not about onveiligheid, after afweging 1 = nee.

    Outside the meldcode (H3, Afweging 1).
    """

    datum = models.DateField(_("datum"))
    omschrijving = VersleuteldeTekst(_("omschrijving van de hulp"))

    class Meta(Vastlegging.Meta):
        verbose_name = _("hulp buiten de meldcode")
        verbose_name_plural = _("hulp buiten de meldcode")


class Hulpplan(Vastlegging):
    """The plan for help: goals, results, who does what, casusregie, evaluation dates.

    A change is a new version that supersedes the previous one (``vervangt``).
    """

    casus = _casus_zonder_eigen_index()
    volgnummer = models.PositiveIntegerField()
    vervangt = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door"
    )
    datum = models.DateField(_("vastgesteld op"))
    doelen = VersleuteldeTekst(_("doelen"))
    resultaten = VersleuteldeTekst(_("resultaten"))
    wie_doet_wat = VersleuteldeTekst(_("wie doet wat"))
    monitoring = VersleuteldeTekst(_("hoe de veiligheid wordt gevolgd"))
    meerdere_beroepskrachten = models.BooleanField(_("meerdere beroepskrachten betrokken"))
    casusregie = VersleuteldeTekst(_("casusregie of casemanager"), max_length=300, blank=True)
    evaluatiedata = models.JSONField(_("evaluatiedata"), default=list)

    class Meta(Vastlegging.Meta):
        verbose_name = _("hulpplan")
        verbose_name_plural = _("hulpplannen")
        constraints = [
            models.UniqueConstraint(
                fields=["casus", "volgnummer"], name="hulpplan_uniek_volgnummer"
            )
        ]

    @property
    def evaluatiedatums(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.evaluatiedata]


class EvaluatieResultaat(models.TextChoices):
    DOORGAAN = "doorgaan", _("Doorgaan: de hulp loopt nog; volgende evaluatie gepland")
    JA = "ja", _("Ja: de hulp leidt tot de noodzakelijke resultaten")
    NEE = "nee", _("Nee: de hulp leidt niet tot de noodzakelijke resultaten")


class Evaluatie(Vastlegging):
    """An evaluation of the hulpplan: where afweging 5 is answered (DESIGN.md).

    *doorgaan* needs a next date; *ja* or *nee* answer afweging 5 (``antwoord``), which stores a
    besluit that supersedes the previous one.
    """

    hulpplan = models.ForeignKey(Hulpplan, on_delete=models.PROTECT, related_name="evaluaties")
    datum = models.DateField(_("datum evaluatie"))
    bevindingen = VersleuteldeTekst(_("wat is bereikt"))
    criteria = models.JSONField(_("criteria die gelden"), default=list, blank=True)
    resultaat = models.CharField(_("resultaat"), max_length=8, choices=EvaluatieResultaat.choices)
    volgende_datum = models.DateField(_("volgende evaluatie"), null=True, blank=True)
    toelichting = VersleuteldeTekst(_("toelichting"))
    antwoord = models.OneToOneField(
        Antwoord, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluatie"
    )

    class Meta(Vastlegging.Meta):
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")


class AfsluitSoort(models.TextChoices):
    HULP_AFSLUITEN = "hulp_afsluiten", _("Hulp afsluiten: de hulp had resultaat")
    NA_MELDING = "na_melding", _("Afsluiten na de melding")


class Afsluiting(Vastlegging):
    """Closing a traject after help or after a melding, with follow-up agreements.

    ``hulp_afsluiten`` needs at least one agreement on what is followed, by whom, with which
    partners and until when, and who continues casusregie and monitoring (H3, Afweging 5;
    H5, Een korte toelichting op de vier voorwaarden, voorwaarde 4).
    """

    casus = _casus_zonder_eigen_index()
    besluit = models.ForeignKey(Besluit, on_delete=models.PROTECT, related_name="afsluitingen")
    soort = models.CharField(_("soort"), max_length=16, choices=AfsluitSoort.choices)
    datum = models.DateField(_("datum afsluiting"))
    conclusie = VersleuteldeTekst(_("conclusie"))
    casusregie_door = VersleuteldeTekst(
        _("casusregie en monitoring voortgezet door"), max_length=300
    )
    vt_contact = VersleuteldeTekst(_("afgestemd met (Veilig Thuis)"), max_length=200, blank=True)
    vt_datum = models.DateField(_("afgestemd op"), null=True, blank=True)

    class Meta(Vastlegging.Meta):
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")
        constraints = [
            models.UniqueConstraint(fields=["casus", "ronde"], name="afsluiting_eenmaal_per_ronde")
        ]


class AfsluitAfspraak(models.Model):
    """One follow-up agreement of an afsluiting."""

    afsluiting = models.ForeignKey(Afsluiting, on_delete=models.PROTECT, related_name="afspraken")
    wat = VersleuteldeTekst(_("wat wordt gevolgd"), sleutel="afsluiting.casus.sleutel")
    wie = VersleuteldeTekst(_("door wie"), max_length=200, sleutel="afsluiting.casus.sleutel")
    partners = VersleuteldeTekst(
        _("met welke partners"), max_length=300, blank=True, sleutel="afsluiting.casus.sleutel"
    )
    tot_wanneer = models.DateField(_("tot wanneer"))

    class Meta:
        verbose_name = _("afspraak bij afsluiting")
        verbose_name_plural = _("afspraken bij afsluiting")
        ordering = ["pk"]
