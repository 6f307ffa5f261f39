"""The countable moments of a casus (``Mijlpaal``), derived from the dossier.

Per casus: when it started; each advice request to Veilig Thuis (a consultatie with Veilig
Thuis, H1 'De rol van Veilig Thuis'); each melding, regulier or spoed; per traject (ronde) the
besluit in force at its end, by the *soorten* of its actions — so a profession's framework with
actions of its own counts as melden, hulp, … like the basis one (DESIGN.md, 'The afwegingskader,
exactly') —, the days from the first signal to the first besluit, and how the traject closed;
and the step the casus is in now (dated at its start), so the casussen per step are counted from
the running totals like the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from meldwijzer.dossier.models import (
    Afsluiting,
    Besluit,
    Casus,
    Consultatie,
    Melding,
    MetWie,
    Signaal,
)
from meldwijzer.gedeeld import rijen
from meldwijzer.kader.model import ActieSoort
from meldwijzer.rapportage import totalen
from meldwijzer.rapportage.models import Mijlpaal, MijlpaalSoort

# The order soorten are named in an outcome code: as a besluit reads (melden before hulp).
SOORT_VOLGORDE = [s.value for s in ActieSoort]
AFSLUITEN_ZONDER_HULP = "afsluiten"  # afweging 1 = nee: the traject ends with the besluit


def uitkomst_code(uitkomst: dict[str, Any]) -> str:
    """``melden+hulp``: the action soorten of an engine outcome, each once, in a fixed order."""
    soorten = set((uitkomst.get("acties_soort") or {}).values())
    return "+".join(s for s in SOORT_VOLGORDE if s in soorten)


@dataclass(frozen=True)
class GewensteMijlpaal:
    sleutel: str
    soort: MijlpaalSoort
    datum: dt.date
    uitkomst: str = ""
    dagen: int | None = None


def _dag(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def gewenste_mijlpalen(casus: Casus) -> list[GewensteMijlpaal]:
    start = _dag(casus.aangemaakt_op)
    mijlpalen = [
        GewensteMijlpaal("geopend", MijlpaalSoort.GEOPEND, start),
        GewensteMijlpaal("stap", MijlpaalSoort.STAP, start, casus.fase),
    ]
    # Fixed statements (gedeeld.rijen): every write of a casus asks these again.
    for pk, datum in rijen.waarden(
        Consultatie,
        ("pk", "datum"),
        "casus_id = %s AND met_wie = %s AND ingetrokken_op IS NULL",
        [casus.pk, MetWie.VEILIG_THUIS.value],
        volgorde="vastgelegd_op, id",
    ):
        mijlpalen.append(GewensteMijlpaal(f"advies:{pk}", MijlpaalSoort.ADVIESVRAAG, datum))
    for pk, datum, spoed in rijen.waarden(
        Melding,
        ("pk", "datum", "spoed"),
        "casus_id = %s AND ingetrokken_op IS NULL",
        [casus.pk],
        volgorde="vastgelegd_op, id",
    ):
        uitkomst = "spoed" if spoed else "regulier"
        mijlpalen.append(GewensteMijlpaal(f"melding:{pk}", MijlpaalSoort.MELDING, datum, uitkomst))

    per_ronde: dict[int, list[tuple[dt.datetime, dict[str, Any]]]] = defaultdict(list)
    for ronde, moment, uitkomst in rijen.waarden(
        Besluit,
        ("ronde", "vastgelegd_op", "uitkomst"),
        "casus_id = %s",
        [casus.pk],
        volgorde="volgnummer",
    ):
        per_ronde[ronde].append((moment, uitkomst))
    eerste_signaal = dict(
        Signaal.objects.filter(casus=casus, ingetrokken_op__isnull=True)
        .values("ronde")
        .annotate(eerste=Min("datum"))
        .values_list("ronde", "eerste")
    )
    afgesloten = {
        ronde: (datum, soort)
        for ronde, datum, soort in rijen.waarden(
            Afsluiting,
            ("ronde", "datum", "soort"),
            "casus_id = %s",
            [casus.pk],
            volgorde="vastgelegd_op, id",
        )
    }
    for ronde, besluiten in sorted(per_ronde.items()):
        eerste_moment = besluiten[0][0]
        laatste_moment, laatste = besluiten[-1]
        code = uitkomst_code(laatste)
        mijlpalen.append(
            GewensteMijlpaal(f"besluit:r{ronde}", MijlpaalSoort.BESLUIT, _dag(laatste_moment), code)
        )
        signaal = eerste_signaal.get(ronde)
        if signaal is not None:
            dagen = max(0, (_dag(eerste_moment) - signaal).days)
            mijlpalen.append(
                GewensteMijlpaal(
                    f"doorlooptijd:r{ronde}",
                    MijlpaalSoort.DOORLOOPTIJD,
                    _dag(eerste_moment),
                    dagen=dagen,
                )
            )
        if (
            ronde not in afgesloten
            and code == ActieSoort.AFSLUITEN
            and laatste.get("volgende_afweging") is None
        ):
            afgesloten[ronde] = (_dag(laatste_moment), AFSLUITEN_ZONDER_HULP)
    for ronde, (datum, soort) in sorted(afgesloten.items()):
        mijlpalen.append(
            GewensteMijlpaal(f"afsluiting:r{ronde}", MijlpaalSoort.AFSLUITING, datum, soort)
        )
    return mijlpalen


def bijwerken(casus: Casus) -> None:
    """Bring the casus's Mijlpaal rows in line with the dossier (and with its current
    beroepskracht, for the dashboard's filter), and the running totals with them: every row
    added counts in, every row removed counts out, a changed row both (``rapportage.totalen``)."""
    gewenst = {m.sleutel: m for m in gewenste_mijlpalen(casus)}
    bestaand = {
        m.sleutel: m
        for m in rijen.lees(Mijlpaal, "casus_id = %s", [casus.pk], volgorde="datum, id")
    }
    wijzigingen = totalen.Wijzigingen()
    nieuw = []
    for sleutel, g in gewenst.items():
        waarden = {
            "organisatie_id": casus.organisatie_id,
            "eigenaar_id": casus.eigenaar_id,
            "soort": g.soort.value,
            "datum": g.datum,
            "uitkomst": g.uitkomst,
            "dagen": g.dagen,
        }
        rij = bestaand.get(sleutel)
        if rij is None:
            nieuw.append(Mijlpaal(casus=casus, sleutel=sleutel, **waarden))
        elif any(getattr(rij, k) != v for k, v in waarden.items()):
            Mijlpaal.objects.filter(pk=rij.pk).update(**waarden)
            _tel(wijzigingen, rij, -1)
            _tel(wijzigingen, Mijlpaal(**waarden), 1)
    if nieuw:
        Mijlpaal.objects.bulk_create(nieuw)
        for rij in nieuw:
            _tel(wijzigingen, rij, 1)
    weg = [m for s, m in bestaand.items() if s not in gewenst]
    if weg:
        Mijlpaal.objects.filter(pk__in=[m.pk for m in weg]).delete()
        for rij in weg:
            _tel(wijzigingen, rij, -1)
    totalen.opslaan(wijzigingen)


def _tel(wijzigingen: totalen.Wijzigingen, rij: Mijlpaal, teken: int) -> None:
    wijzigingen.mijlpaal(
        rij.organisatie_id, rij.eigenaar_id, rij.soort, rij.datum, rij.uitkomst, rij.dagen, teken
    )


def casussen_met_een_oude_stap(organisatie_id: int) -> list[tuple[int, str]]:
    """(pk, kenmerk) of each casus of the organisation whose step milestone does not say the
    step or the beroepskracht its dossier has: every write moves that milestone, so a
    projection that failed after a write (logged by ``projectie.bijwerken_na_schrijven``)
    shows here first. One query on the casus and milestone indexes; the full comparison of
    every milestone with the dossier is ``meldwijzer rapportage bijwerken``."""
    actueel = Mijlpaal.objects.filter(
        casus=OuterRef("pk"),
        soort=MijlpaalSoort.STAP,
        uitkomst=OuterRef("fase"),
        eigenaar=OuterRef("eigenaar"),
    )
    return list(
        Casus.objects.filter(organisatie_id=organisatie_id)
        .exclude(Exists(actueel))
        .order_by("pk")
        .values_list("pk", "kenmerk")
    )
