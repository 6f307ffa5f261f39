"""The termijnen of a casus, derived from what the dossier records.

Every deadline is one kind of record (``Termijn``) with a due date, a reason and who is
responsible; this module decides which termijnen a casus has now and counts their due dates
(through ``dossier.werkdagen.uiterlijk``: a count that ends on a weekend or a public holiday
moves to the next working day, as the dossier shows it):

- the next evaluation of the hulpplan, while afweging 5 is open (H3, Afweging 5; H5,
  voorwaarde 3: "een gezamenlijke analyse en plan met doelen en evaluatiemomenten");
- the termijn agreed with Veilig Thuis after a melding, in days, weeks or months, within which
  named results on safety must be reached (H3, Afweging 5) — until a later agreement for the same
  melding replaces it, an evaluation weighs the results (afweging 5 answered), or the traject
  closes;
- "beslissing 2 nog samen met Veilig Thuis": after afweging 2 = ja, until afweging 3 is answered
  with Veilig Thuis (H3, Afweging 4: "Beroepskrachten die de tweede afweging met ‘ja’ hebben
  beantwoord, zullen de afwegingen 3 tot en met 5 samen met Veilig Thuis doorlopen");
- after a spoedmelding, recording the steps of the meldcode that are still missing;
- after the traject is closed, each follow-up agreement's "tot wanneer": what is followed, by
  whom, until when (H3, Afweging 5) — until the casus is opened again in a new ronde;
- each termijn the casus's framework sets on the path of its answers (kaderformaat 2,
  ``termijnen`` on an action or answer), counted from the day of the answer that set it (a
  deciding signal's from the first answer of stap 5) — while the path still leads there and the
  traject is open.

The Basisdocument names no number of days for the last two; the defaults below are the
organisation's choice, set in ``MELDWIJZER_TERMIJNEN`` (docs/handleiding-termijnen.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from meldwijzer.dossier import selectors, stap5, vervolg
from meldwijzer.dossier.models import (
    AfsluitAfspraak,
    AfspraakVeiligThuis,
    Antwoord,
    Besluit,
    Casus,
    Evaluatie,
    EvaluatieResultaat,
    Melding,
)
from meldwijzer.dossier.werkdagen import Eenheid, uiterlijk
from meldwijzer.gedeeld import rijen
from meldwijzer.kader import Afwegingskader, Beslissing, beslis
from meldwijzer.kader.model import Rol
from meldwijzer.rapportage.models import Telwijze, Termijn, TermijnSoort

# (aantal, eenheid) per soort whose length the dossier does not record itself.
STANDAARD_TERMIJNEN: dict[str, tuple[int, Eenheid]] = {
    TermijnSoort.BESLISSING_2: (10, Eenheid.WERKDAGEN),
    TermijnSoort.SPOEDMELDING: (5, Eenheid.WERKDAGEN),
}


def lengte(soort: str) -> tuple[int, Eenheid]:
    """The configured length of a termijn of this soort: ``MELDWIJZER_TERMIJNEN`` or the
    default, e.g. ``{"spoedmelding": (3, "werkdagen")}``."""
    eigen = getattr(settings, "MELDWIJZER_TERMIJNEN", {}).get(str(soort))
    aantal, eenheid = eigen if eigen is not None else STANDAARD_TERMIJNEN[soort]
    return int(aantal), Eenheid(eenheid)


@dataclass(frozen=True)
class GewensteTermijn:
    sleutel: str
    soort: TermijnSoort
    startdatum: dt.date
    uiterlijk: dt.date
    aantal: int | None = None
    eenheid: str = ""
    omschrijving: str = ""

    @property
    def telwijze(self) -> Telwijze:
        if not self.eenheid:
            return Telwijze.DATUM
        if self.eenheid == Eenheid.WERKDAGEN:
            return Telwijze.WERKDAGEN
        return Telwijze.KALENDERDAGEN


@dataclass(frozen=True)
class _Stap5:
    """The little of stap 5 the termijnen need: the engine's outcome for the stored answers.

    Cheaper than ``selectors.stap5_stand`` (no previews of the next afweging's options), as
    this runs after every write. The ticked signals go in as on the stap-5 page: in format 2 a
    signal that decides adds its actions, and their termijnen, to the path."""

    kader: Afwegingskader
    antwoorden: list[Antwoord]
    beslissing: Beslissing | None

    @property
    def volgende_rol(self) -> Rol | None:
        b = self.beslissing
        volgende = None if b is None else stap5.volgende_afweging(self.kader, b)
        return None if volgende is None else volgende.rol


def _stap5(casus: Casus) -> _Stap5:
    kader = casus.kader_versie.kader()
    antwoorden = selectors.huidige_antwoorden(casus, met_tekst=False)  # no texts needed
    if not antwoorden:
        return _Stap5(kader, antwoorden, None)
    gegeven = {a.afweging: a.antwoord for a in antwoorden}
    signalen = selectors.aangevinkte_signalen(casus, antwoorden)
    return _Stap5(kader, antwoorden, beslis(kader, gegeven, signalen, route=casus.route or None))


def _geteld(
    sleutel: str,
    soort: TermijnSoort,
    start: dt.date,
    aantal: int,
    eenheid: str,
    omschrijving: str = "",
):
    return GewensteTermijn(
        sleutel=sleutel,
        soort=soort,
        startdatum=start,
        uiterlijk=uiterlijk(start, aantal, eenheid),
        aantal=aantal,
        eenheid=str(eenheid),
        omschrijving=omschrijving,
    )


def _evaluatie(casus: Casus, stand: _Stap5) -> list[GewensteTermijn]:
    if stand.volgende_rol is not Rol.RESULTAAT:
        return []
    plan = selectors.huidig_hulpplan(casus)
    datum = vervolg.volgende_evaluatie(plan)
    if plan is None or datum is None:
        return []
    return [
        GewensteTermijn(
            sleutel=f"evaluatie:{plan.pk}:{datum.isoformat()}",
            soort=TermijnSoort.EVALUATIE,
            startdatum=plan.datum,
            uiterlijk=datum,
        )
    ]


def _veilig_thuis(casus: Casus) -> list[GewensteTermijn]:
    # Fixed statements (gedeeld.rijen): every write of a casus asks these again.
    laatste: dict[int, tuple[int, dt.date, int, str]] = {}
    for pk, melding_id, datum, aantal, eenheid in rijen.waarden(
        AfspraakVeiligThuis,
        ("pk", "melding_id", "datum", "termijn_aantal", "termijn_eenheid"),
        "casus_id = %s AND ronde = %s",
        [casus.pk, casus.ronde],
        volgorde="datum, id",
    ):
        laatste[melding_id] = (pk, datum, aantal, eenheid)  # a later agreement replaces it
    gewogen = [
        datum
        for (datum,) in rijen.waarden(
            Evaluatie,
            ("datum",),
            "casus_id = %s AND ronde = %s AND resultaat IN (%s, %s)",
            [casus.pk, casus.ronde, EvaluatieResultaat.JA.value, EvaluatieResultaat.NEE.value],
            volgorde="vastgelegd_op, id",
        )
    ]
    termijnen = []
    for pk, datum, aantal, eenheid in laatste.values():
        if any(e >= datum for e in gewogen):
            continue
        termijnen.append(_geteld(f"vt:{pk}", TermijnSoort.VEILIG_THUIS, datum, aantal, eenheid))
    return termijnen


def _beslissing_2(casus: Casus, stand: _Stap5) -> list[GewensteTermijn]:
    b = stand.beslissing
    if b is None or not stap5.beslissing_2_open_met_veilig_thuis(stand.kader, b):
        return []
    onveiligheid = stap5.pad_sleutel(stand.kader, b, Rol.ONVEILIGHEID)
    antwoord = next((a for a in stand.antwoorden if a.afweging == onveiligheid), None)
    start = timezone.localdate(antwoord.beantwoord_op) if antwoord else timezone.localdate()
    aantal, eenheid = lengte(TermijnSoort.BESLISSING_2)
    return [
        _geteld(f"beslissing2:r{casus.ronde}", TermijnSoort.BESLISSING_2, start, aantal, eenheid)
    ]


def _spoedmelding(casus: Casus) -> list[GewensteTermijn]:
    gevonden = rijen.waarden(
        Melding,
        ("pk", "datum"),
        "casus_id = %s AND ronde = %s AND spoed = %s",
        [casus.pk, casus.ronde, True],
        volgorde="datum, id",
    )
    if not gevonden:
        return []
    spoed_pk, spoed_datum = gevonden[0]
    besluit = Besluit.objects.filter(casus=casus, ronde=casus.ronde).exists()
    if not vervolg.spoed_ontbrekend(casus, besluit):
        return []
    aantal, eenheid = lengte(TermijnSoort.SPOEDMELDING)
    return [_geteld(f"spoed:{spoed_pk}", TermijnSoort.SPOEDMELDING, spoed_datum, aantal, eenheid)]


def _afsluitafspraken(casus: Casus) -> list[GewensteTermijn]:
    """The follow-up agreements of the closing of this ronde, each until its "tot wanneer"."""
    afspraken = AfsluitAfspraak.objects.filter(
        afsluiting__casus=casus,
        afsluiting__ronde=casus.ronde,
        afsluiting__ingetrokken_op__isnull=True,
    ).values_list("pk", "afsluiting__datum", "tot_wanneer")
    return [
        GewensteTermijn(
            sleutel=f"afsluiting:{pk}",
            soort=TermijnSoort.AFSLUITAFSPRAAK,
            startdatum=datum,
            uiterlijk=tot,
        )
        for pk, datum, tot in afspraken.order_by("tot_wanneer", "pk")
    ]


def _uit_het_kader(casus: Casus, stand: _Stap5) -> list[GewensteTermijn]:
    """The termijnen the framework sets on the path of the stored answers (kaderformaat 2)."""
    b = stand.beslissing
    if b is None or not b.termijnen:
        return []
    dag = {a.afweging: timezone.localdate(a.beantwoord_op) for a in stand.antwoorden}
    eerste = min(dag.values())
    termijnen = []
    per_afweging: dict[str | None, int] = {}
    for t in b.termijnen:
        # Numbered per afweging, so a later answer (or signal) never renumbers earlier ones.
        # The answer's key (``route/afweging`` after a handover): in the start route the
        # afweging's id, so the termijnen of a casus without a handover keep their keys.
        sleutel = t.sleutel(b.route)
        i = per_afweging[sleutel] = per_afweging.get(sleutel, -1) + 1
        start = dag.get(sleutel, eerste) if sleutel is not None else eerste
        eenheid = Eenheid.WERKDAGEN if t.dagen == "werkdagen" else Eenheid.DAGEN
        termijnen.append(
            _geteld(
                f"kader:r{casus.ronde}:{sleutel or '-'}:{i}",
                TermijnSoort.KADER,
                start,
                t.aantal,
                eenheid,
                omschrijving=t.wat[:300],
            )
        )
    return termijnen


def gewenste_termijnen(casus: Casus) -> list[GewensteTermijn]:
    """The termijnen this casus has now, from its stored records: once it is closed, only the
    follow-up agreements of its closing."""
    if casus.is_afgesloten:
        return _afsluitafspraken(casus)
    stand = _stap5(casus)
    return [
        *_spoedmelding(casus),
        *_beslissing_2(casus, stand),
        *_veilig_thuis(casus),
        *_evaluatie(casus, stand),
        *_uit_het_kader(casus, stand),
    ]


def bijwerken(casus: Casus) -> None:
    """Bring the casus's Termijn rows in line with the dossier: new ones opened, changed ones
    updated (a new due date, a new beroepskracht after handover), ones no longer asked for
    closed."""
    gewenst = {g.sleutel: g for g in gewenste_termijnen(casus)}
    bestaand = {
        t.sleutel: t for t in rijen.lees(Termijn, "casus_id = %s", [casus.pk], volgorde="id")
    }
    for sleutel, g in gewenst.items():
        waarden = {
            "organisatie_id": casus.organisatie_id,
            "ronde": casus.ronde,
            "fase": casus.fase,
            "soort": g.soort.value,
            "verantwoordelijke_id": casus.eigenaar_id,
            "telwijze": g.telwijze.value,
            "startdatum": g.startdatum,
            "aantal": g.aantal,
            "eenheid": g.eenheid,
            "uiterlijk": g.uiterlijk,
            "omschrijving": g.omschrijving,
            "open": True,
            "gesloten_op": None,
        }
        termijn = bestaand.get(sleutel)
        if termijn is None:
            Termijn.objects.create(casus=casus, sleutel=sleutel, **waarden)
        elif any(getattr(termijn, k) != v for k, v in waarden.items()):
            Termijn.objects.filter(pk=termijn.pk).update(**waarden)
    gesloten = [t.pk for s, t in bestaand.items() if t.open and s not in gewenst]
    if gesloten:
        Termijn.objects.filter(pk__in=gesloten).update(open=False, gesloten_op=timezone.now())
