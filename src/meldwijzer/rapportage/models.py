"""Termijnen, milestones for the counts, and the reminders sent.

All three are derived from the dossier by ``rapportage.projectie.bijwerken``; they hold dates,
kinds and outcomes, never free text of a casus. Every table carries the organisation so the
dashboard's counts are aggregates over indexed columns (DESIGN.md, 'Data and scale').
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier import werkdagen


class TermijnSoort(models.TextChoices):
    EVALUATIE = "evaluatie", _("Evaluatie van het hulpplan")
    VEILIG_THUIS = "veilig_thuis", _("Termijn afgesproken met Veilig Thuis")
    BESLISSING_2 = "beslissing_2", _("De beslissing over hulp nog samen met Veilig Thuis")
    SPOEDMELDING = "spoedmelding", _("Stappen vastleggen na een spoedmelding")
    AFSLUITAFSPRAAK = "afsluitafspraak", _("Afspraak bij afsluiting: volgen tot")
    KADER = "kader", _("Termijn uit het afwegingskader")


class Telwijze(models.TextChoices):
    KALENDERDAGEN = "kalenderdagen", _("kalenderdagen")
    WERKDAGEN = "werkdagen", _("werkdagen")
    DATUM = "datum", _("vaste datum")


class Termijn(models.Model):
    """One deadline in a casus: a due date, a reason and who is responsible.

    ``sleutel`` names the dossier record it follows (``evaluatie:<plan>:<datum>``,
    ``vt:<afspraak>``, …), so deriving it again finds the same row. A termijn that the dossier no
    longer asks for is closed (``open`` false, ``gesloten_op``), never deleted.
    """

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    casus = models.ForeignKey(
        "dossier.Casus", on_delete=models.PROTECT, related_name="termijnen", db_index=False
    )
    ronde = models.PositiveIntegerField()
    # The casus's step, kept with it so the dashboard counts casussen per step with an overdue
    # termijn without joining the casus table.
    fase = models.CharField(max_length=16)
    sleutel = models.CharField(max_length=80)
    soort = models.CharField(_("soort"), max_length=16, choices=TermijnSoort.choices)
    verantwoordelijke = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="termijnen",
        verbose_name=_("verantwoordelijk"),
    )
    telwijze = models.CharField(_("geteld in"), max_length=16, choices=Telwijze.choices)
    startdatum = models.DateField(_("vanaf"))
    aantal = models.PositiveSmallIntegerField(_("aantal"), null=True, blank=True)
    eenheid = models.CharField(_("eenheid"), max_length=16, blank=True)
    uiterlijk = models.DateField(_("uiterlijk"))
    # What must have happened, in the framework's words, for a termijn the framework sets
    # (kaderformaat 2, 'termijnen'); framework text, not casus data, so not encrypted.
    omschrijving = models.CharField(_("wat"), max_length=300, blank=True, default="")
    open = models.BooleanField(default=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gesloten_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["uiterlijk", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["casus", "sleutel"], name="termijn_uniek_per_casus")
        ]
        # Partial: only the open termijnen, the few the dashboard and the reminders read (a
        # boolean filter is a bare column in SQL, which a plain index would not serve). Covering:
        # the dashboard's counts (per soort, per stap, distinct casussen) read only the index,
        # never the rows (docs/performance.md, 'Dashboard').
        indexes = [
            models.Index(
                fields=["organisatie", "uiterlijk", "fase", "soort", "casus"],
                condition=models.Q(open=True),
                name="termijn_org_open",
            ),
            models.Index(
                fields=["verantwoordelijke", "uiterlijk", "organisatie", "fase", "soort", "casus"],
                condition=models.Q(open=True),
                name="termijn_wie_open",
            ),
            # Casussen per step with an overdue termijn: read in the order of step and casus,
            # so the count of distinct casussen per step needs no sort of the overdue termijnen
            # (with ``open`` in it the index covers the query on SQLite).
            models.Index(
                fields=["organisatie", "fase", "casus", "uiterlijk", "open"],
                condition=models.Q(open=True),
                name="termijn_org_stap_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} {self.uiterlijk:%Y-%m-%d}"

    @property
    def naam(self) -> str:
        """What the termijn is about: the framework's words for one it sets, else its soort."""
        return self.omschrijving or str(self.get_soort_display())

    def verlopen(self, vandaag: dt.date | None = None) -> bool:
        return self.open and self.uiterlijk < (vandaag or timezone.localdate())

    def verschuiving(self) -> werkdagen.Verschuiving | None:
        """How the counted due date moved off a weekend or a public holiday; None for a fixed
        date (entered by the professional, who was warned then) or a count that stayed."""
        if self.telwijze == Telwijze.DATUM or self.aantal is None or not self.eenheid:
            return None
        return werkdagen.verschuiving(self.startdatum, self.aantal, self.eenheid)


class MijlpaalSoort(models.TextChoices):
    GEOPEND = "geopend", _("Casus gestart")
    ADVIESVRAAG = "adviesvraag", _("Advies gevraagd aan Veilig Thuis")
    BESLUIT = "besluit", _("Besluit")
    DOORLOOPTIJD = "doorlooptijd", _("Van eerste signaal tot besluit")
    MELDING = "melding", _("Melding bij Veilig Thuis")
    AFSLUITING = "afsluiting", _("Traject afgesloten")
    # Not a moment but the casus's step now (uitkomst: the step), one per casus, dated at its
    # start: so the casussen per step are a running total too (docs/adr/0028).
    STAP = "stap", _("Stap van de casus")


class Mijlpaal(models.Model):
    """A countable moment of a casus: started, an advice request to Veilig Thuis, the besluit of
    a traject (its action soorten), a melding (regulier or spoed), the traject closed — and the
    step the casus is in now.

    The dashboard and the annual figures count these rows by organisation, soort and date.
    ``eigenaar`` is the casus's current beroepskracht (kept current on handover), ``uitkomst``
    a code (``melden+hulp``, ``spoed``, ``hulp_afsluiten``), ``dagen`` a duration.
    """

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    casus = models.ForeignKey(
        "dossier.Casus", on_delete=models.PROTECT, related_name="mijlpalen", db_index=False
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sleutel = models.CharField(max_length=80)
    soort = models.CharField(max_length=16, choices=MijlpaalSoort.choices)
    datum = models.DateField()
    uitkomst = models.CharField(max_length=120, blank=True)
    dagen = models.IntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["datum", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["casus", "sleutel"], name="mijlpaal_uniek_per_casus")
        ]
        indexes = [
            # Covering: the dashboard's and the annual figures' GROUP BYs read only the index.
            models.Index(
                fields=["organisatie", "soort", "datum", "uitkomst", "dagen"],
                name="mijlpaal_org_soort",
            ),
            models.Index(
                fields=["organisatie", "eigenaar", "soort", "datum"], name="mijlpaal_org_wie"
            ),
        ]


class Totaal(models.Model):
    """A running count of milestones: how many ``Mijlpaal`` rows one organisation has in one
    month, of one soort, uitkomst and duration — for the whole organisation (``beroepskracht``
    0) and for the beroepskracht who owns the casus.

    Kept by ``rapportage.totalen`` in the same transaction as every change of a Mijlpaal row, as
    an increment (an upsert that adds), so two writes at once both count; the dashboard and the
    annual figures add up these rows instead of counting milestones (docs/adr/0028).
    ``meldwijzer rapportage totalen --controleer`` counts them again from the milestones.
    """

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The user id of the casus's beroepskracht, or 0 for the whole organisation: a number, not
    # a foreign key, so that one unique key (without NULL) holds both levels.
    beroepskracht = models.IntegerField(default=0)
    maand = models.DateField()  # the first day of the month
    soort = models.CharField(max_length=16, choices=MijlpaalSoort.choices)
    uitkomst = models.CharField(max_length=120, blank=True)
    dagen = models.IntegerField(default=-1)  # the duration in days; -1 for a soort without one
    aantal = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("totaal")
        verbose_name_plural = _("totalen")
        constraints = [
            # Also the index the dashboard reads by: organisation, level, a range of months.
            models.UniqueConstraint(
                fields=["organisatie", "beroepskracht", "maand", "soort", "uitkomst", "dagen"],
                name="totaal_uniek",
            )
        ]


class HerinneringSoort(models.TextChoices):
    BINNENKORT = "binnenkort", _("binnenkort")
    VERLOPEN = "verlopen", _("verlopen")


class HerinneringStatus(models.TextChoices):
    GECLAIMD = "geclaimd", _("geclaimd")
    VERZONDEN = "verzonden", _("verzonden")


class Herinnering(models.Model):
    """One reminder: which termijn (with the due date it had), to whom, why — claimed by a run
    of ``meldwijzer herinneringen`` just before its e-mail goes out, sent once the mail server
    accepted it.

    The unique constraint lets only one run hold a reminder: a second run — or two at once —
    finds the row and sends nothing again. A claim is given back when its e-mail fails or its run
    stops; the claim of a run that died is taken over once it is older than
    ``MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA`` (``rapportage/claims.py``, docs/deploy.md). A
    changed due date is a new reminder.
    """

    termijn = models.ForeignKey(
        Termijn, on_delete=models.PROTECT, related_name="herinneringen", db_index=False
    )
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    soort = models.CharField(max_length=16, choices=HerinneringSoort.choices)
    uiterlijk = models.DateField()
    status = models.CharField(max_length=16, choices=HerinneringStatus.choices)
    # The run that holds (or sent) it: a random id with machine and process, for the operator.
    run = models.CharField(max_length=100, blank=True)
    geclaimd_op = models.DateTimeField(default=timezone.now)
    verzonden_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["termijn", "ontvanger", "soort", "uiterlijk"],
                name="herinnering_eenmaal",
            ),
            models.CheckConstraint(
                condition=models.Q(status=HerinneringStatus.GECLAIMD)
                | models.Q(verzonden_op__isnull=False),
                name="herinnering_verzonden_met_tijd",
            ),
        ]
        # Partial: only the open claims, a handful at any moment, in a table that keeps every
        # reminder ever sent. A run gives back its own claims by this index, not a table scan.
        indexes = [
            models.Index(
                fields=["run"],
                condition=models.Q(status=HerinneringStatus.GECLAIMD),
                name="herinnering_open_claims",
            )
        ]
