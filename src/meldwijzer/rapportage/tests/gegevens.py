"""A generated small data set of casussen, walked through the dossier services over weeks and
months (with the clock moved by time-machine), and the record of what was done — so a test can
count the expected figures itself and compare them with the dashboard's SQL.

Also the few dossier steps the rapportage tests repeat (melding, afspraak, afsluiten).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import time_machine

from meldwijzer.accounts.models import Membership
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.tests.bouwers import VOORWAARDEN, ZONDER_VT, VeiligThuis

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def melding(actor: Membership, casus: Casus, datum: dt.date, **extra: Any):
    velden = {
        "datum": datum,
        "wijze": "telefoon",
        "vt_contact": "mevrouw De Vries",
        "vooraf_geinformeerd": True,
        "hoe_geinformeerd": "Moeder vooraf gebeld.",
        **extra,
    }
    return services.leg_melding_vast(actor=actor, casus=casus, **velden)


def spoedmelding(actor: Membership, casus: Casus, datum: dt.date):
    return melding(actor, casus, datum, spoed=True, spoed_reden="Vader dreigde met een mes.")


def afspraak(actor: Membership, casus: Casus, m: Any, datum: dt.date, **extra: Any):
    velden = {
        "datum": datum,
        "vt_contact": "mevrouw De Vries",
        "wie_doet_wat": "Veilig Thuis spreekt vader; school volgt Sam.",
        "resultaten": "Geen nieuw geweld; vader in behandeling.",
        "termijn_aantal": 6,
        "termijn_eenheid": "weken",
        **extra,
    }
    return services.leg_afspraak_veilig_thuis_vast(actor=actor, casus=casus, melding=m, **velden)


def terugkoppeling(actor: Membership, casus: Casus, m: Any, datum: dt.date):
    return services.leg_terugkoppeling_vast(
        actor=actor, casus=casus, melding=m, datum=datum, uitkomst="voorwaarden"
    )


def stappen_1_tot_4(actor: Membership, casus: Casus, dag: dt.date, *, advies_vt: bool = False):
    services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=dag,
        bron="eigen",
        aard="feit",
        tekst="Blauwe plek op de bovenarm.",
    )
    services.leg_consultatie_vast(
        actor=actor,
        casus=casus,
        met_wie="veilig_thuis" if advies_vt else "aandachtsfunctionaris",
        datum=dag,
        advies="Bespreek het met moeder.",
    )
    services.leg_gesprek_vast(
        actor=actor, casus=casus, gevoerd=True, met_wie="moeder", datum=dag, reactie="Schrok."
    )
    services.leg_weging_vast(
        actor=actor, casus=casus, datum=dag, aard_en_ernst="Vermoeden van lichamelijk geweld."
    )


def _veilig_thuis(casus: Casus, dag: dt.date) -> VeiligThuis:
    """The Veilig Thuis details of an answer on ``dag``: after 2 = ja every answer has them."""
    if selectors.stap5_stand(casus).samen_met_veilig_thuis:
        return {"vt_contact": "mevrouw De Vries", "vt_datum": dag}
    return ZONDER_VT


def antwoord(actor: Membership, casus: Casus, afweging: str, keuze: str, dag: dt.date) -> Any:
    vt = _veilig_thuis(casus, dag)
    return services.beantwoord_afweging(
        actor=actor,
        casus=casus,
        afweging=afweging,
        antwoord=keuze,
        toelichting="Conclusie: geen zorgen meer." if (afweging, keuze) == ("1", "nee") else "",
        voorwaarden=VOORWAARDEN if afweging == "3" else None,
        **vt,
    )


def hulpplan(actor: Membership, casus: Casus, dag: dt.date, evaluaties: list[dt.date]):
    return services.leg_hulpplan_vast(
        actor=actor,
        casus=casus,
        datum=dag,
        doelen="Veilig thuis voor Sam.",
        resultaten="Geen nieuw geweld.",
        wie_doet_wat="Wijkteam: training; school: volgt Sam.",
        monitoring="Wekelijks contact met school.",
        meerdere_beroepskrachten=True,
        casusregie="Wijkteam, de heer Bakker",
        evaluatiedata=evaluaties,
    )


def evaluatie(actor: Membership, casus: Casus, dag: dt.date, resultaat: str, **extra: Any):
    vt = _veilig_thuis(casus, dag)
    return services.leg_evaluatie_vast(
        actor=actor,
        casus=casus,
        datum=dag,
        bevindingen="De doelen zijn besproken.",
        resultaat=resultaat,
        toelichting="Geëvalueerd met ouders.",
        criteria=["criterium5.vastgelopen"] if resultaat == "nee" else [],
        **vt,
        **extra,
    )


def sluit_af(actor: Membership, casus: Casus, dag: dt.date, tot: dt.date):
    return services.sluit_traject_af(
        actor=actor,
        casus=casus,
        datum=dag,
        conclusie="De veiligheid is hersteld.",
        casusregie_door="Wijkteam, de heer Bakker",
        afspraken=[{"wat": "Nieuwe signalen", "wie": "Mentor", "partners": "", "tot_wanneer": tot}],
    )


# --- the generated data set ------------------------------------------------------------------


@dataclass
class Verloop:
    """What the generator did with one casus, in plain values to count from."""

    casus: Casus
    eigenaar: Membership
    scenario: str
    geopend: dt.date
    fase: str = "1"
    eerste_signaal: dt.date | None = None
    eerste_besluit: dt.date | None = None
    besluit: tuple[dt.date, str] | None = None  # the besluit in force: date and soorten
    meldingen: list[tuple[dt.date, bool]] = field(default_factory=list)  # (datum, spoed)
    adviesvragen: list[dt.date] = field(default_factory=list)
    afsluiting: tuple[dt.date, str] | None = None
    termijnen: list[tuple[str, dt.date]] = field(default_factory=list)  # open: (soort, uiterlijk)


SCENARIOS = (
    "afsluiten",  # 1 = nee
    "melden",  # 1 ja, 2 nee, 3 nee: melden
    "samen",  # 1 ja, 2 ja: melden, beslissing 2 open with Veilig Thuis
    "hulp",  # 1 ja, 2 nee, 3 ja, 4 ja: hulp, evaluation planned
    "hulp_klaar",  # … 5 ja: hulp afgesloten
    "spoed",  # spoedmelding before the steps
    "gewogen",  # steps 1 to 4 recorded, stap 5 not begun
    "advies",  # advice from Veilig Thuis, then 1 ja, 2 nee, 3 nee: melden
)


@contextmanager
def klok(dag: dt.date) -> Iterator[Any]:
    with time_machine.travel(dt.datetime.combine(dag, dt.time(10), AMSTERDAM), tick=False) as t:
        yield t


def _naar(t: Any, dag: dt.date) -> dt.date:
    t.move_to(dt.datetime.combine(dag, dt.time(10), AMSTERDAM))
    return dag


def genereer(leden: list[Membership], aantal: int, *, begin: dt.date) -> list[Verloop]:
    """``aantal`` casussen of these beroepskrachten in turn, one scenario after the other, each
    starting 9 days after the previous from ``begin``."""
    verlopen = []
    for i in range(aantal):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        lid = leden[i % len(leden)]
        dag = begin + dt.timedelta(days=9 * i)
        with klok(dag) as t:
            verlopen.append(_loop(t, lid, scenario, dag, i))
    return verlopen


def _loop(t: Any, lid: Membership, scenario: str, dag: dt.date, i: int) -> Verloop:
    casus = services.open_casus(actor=lid, titel=f"Gegenereerde casus {i + 1} ({scenario})")
    v = Verloop(casus, lid, scenario, dag)
    if scenario == "spoed":
        spoedmelding(lid, casus, dag)
        v.meldingen.append((dag, True))
        v.termijnen.append(("spoedmelding", _werkdagen(dag, 5)))
        return v
    stappen_1_tot_4(lid, casus, dag, advies_vt=scenario == "advies")
    v.eerste_signaal = dag
    if scenario == "advies":
        v.adviesvragen.append(dag)
    if scenario == "gewogen":
        v.fase = "4"
        return v
    d5 = _naar(t, dag + dt.timedelta(days=3 + (i % 5) * 7))  # 3 to 31 days to decide
    v.eerste_besluit = d5
    v.fase = "5"
    if scenario == "afsluiten":
        antwoord(lid, casus, "1", "nee", d5)
        v.besluit = (d5, "afsluiten")
        v.afsluiting = (d5, "afsluiten")
        v.fase = "afgesloten"
        return v
    antwoord(lid, casus, "1", "ja", d5)
    if scenario == "samen":
        antwoord(lid, casus, "2", "ja", d5)
        v.besluit = (d5, "melden")
        v.termijnen.append(("beslissing_2", _werkdagen(d5, 10)))
        dm = _naar(t, d5 + dt.timedelta(days=2))
        melding(lid, casus, dm)
        v.meldingen.append((dm, False))
        return v
    antwoord(lid, casus, "2", "nee", d5)
    if scenario in ("melden", "advies"):
        antwoord(lid, casus, "3", "nee", d5)
        v.besluit = (d5, "melden")
        dm = _naar(t, d5 + dt.timedelta(days=1))
        melding(lid, casus, dm)
        v.meldingen.append((dm, False))
        return v
    antwoord(lid, casus, "3", "ja", d5)
    antwoord(lid, casus, "4", "ja", d5)
    v.besluit = (d5, "hulp")
    eval_dag = d5 + dt.timedelta(days=30)
    hulpplan(lid, casus, d5, [eval_dag])
    if scenario == "hulp":
        v.termijnen.append(("evaluatie", eval_dag))
        return v
    _naar(t, eval_dag)
    evaluatie(lid, casus, eval_dag, "ja")
    v.besluit = (eval_dag, "hulp+hulp_afsluiten")
    dicht = _naar(t, eval_dag + dt.timedelta(days=2))
    sluit_af(lid, casus, dicht, dicht + dt.timedelta(days=90))
    v.afsluiting = (dicht, "hulp_afsluiten")
    v.termijnen.append(("afsluitafspraak", dicht + dt.timedelta(days=90)))
    v.fase = "afgesloten"
    return v


def _werkdagen(dag: dt.date, aantal: int) -> dt.date:
    from meldwijzer.dossier.werkdagen import plus_werkdagen

    return plus_werkdagen(dag, aantal)
