"""The milestones and termijnen ``rapportage.projectie`` derives from a casus's records, written
with them so the reports read a generated casus as they read any other — and the milestones
counted into the running totals (``rapportage.totalen``), stored in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from meldwijzer.synthetisch.genereer.tabellen import Tabel, Waarden

if TYPE_CHECKING:
    from meldwijzer.rapportage.totalen import Wijzigingen


@dataclass
class Verloop:
    """What the projection derives from, as one casus's records were written."""

    fase: str
    start: dt.datetime
    afsluiten: str  # the afsluiting's soort, or "" for none
    eerste_signaal: dt.date | None = None
    consultatie_vt: tuple[int, dt.date] | None = None  # (id, datum) of advice from Veilig Thuis
    melding: tuple[int, dt.date] | None = None  # (id, datum)
    besluiten: list[tuple[int, dt.datetime, dict[str, Any]]] = field(default_factory=list)
    afsluit_datum: dt.date | None = None
    hulpplan: tuple[int, dt.date, list[str]] | None = None  # (id, datum, evaluatiedata)


@dataclass
class Casusrijen:
    """Where the projection's rows go and whose casus they are."""

    tabellen: dict[str, Tabel]
    waarden: Waarden
    organisatie_id: int
    casus_id: int
    eigenaar: int
    zone: Any  # the current time zone, looked up once (a context-local lookup)
    nu: dt.datetime
    totalen: Wijzigingen  # the running totals' differences, stored with the batch's rows


def projecteer(doel: Casusrijen, verloop: Verloop) -> None:
    """The milestones and termijnen rapportage.projectie derives from these records."""
    w, t = doel.waarden, doel.tabellen
    for sleutel, soort, datum, uitkomst, dagen in _mijlpalen(verloop, doel.zone):
        doel.totalen.mijlpaal(doel.organisatie_id, doel.eigenaar, soort, datum, uitkomst, dagen)
        t["mijlpaal"].rijen.append(
            (
                t["mijlpaal"].nieuw_id(), doel.organisatie_id, doel.casus_id, doel.eigenaar,
                sleutel, soort, w.datum(datum), uitkomst, dagen,
            )
        )  # fmt: skip
    besluiten, hulpplan = verloop.besluiten, verloop.hulpplan
    if verloop.fase == "afgesloten" or not besluiten or hulpplan is None:
        return
    if besluiten[-1][2].get("volgende_afweging") != "5":
        return
    plan_id, plan_datum, evaluaties = hulpplan
    datum = min(dt.date.fromisoformat(d) for d in evaluaties)
    t["termijn"].rijen.append(
        (
            t["termijn"].nieuw_id(), doel.organisatie_id, doel.casus_id, 1, verloop.fase,
            f"evaluatie:{plan_id}:{datum.isoformat()}", "evaluatie", doel.eigenaar, "datum",
            w.datum(plan_datum), None, "", w.datum(datum), True,
            w.moment(doel.nu), None, "",
        )
    )  # fmt: skip


def _mijlpalen(verloop: Verloop, zone: Any) -> list[tuple[str, str, dt.date, str, int | None]]:
    from django.utils import timezone

    from meldwijzer.rapportage.mijlpalen import AFSLUITEN_ZONDER_HULP, uitkomst_code

    start = timezone.localdate(verloop.start, zone)
    mijlpalen: list[tuple[str, str, dt.date, str, int | None]] = [
        ("geopend", "geopend", start, "", None),
        ("stap", "stap", start, verloop.fase, None),
    ]
    if verloop.consultatie_vt:
        advies_id, advies_datum = verloop.consultatie_vt
        mijlpalen.append((f"advies:{advies_id}", "adviesvraag", advies_datum, "", None))
    if verloop.melding is not None:
        melding_id, melding_datum = verloop.melding
        mijlpalen.append((f"melding:{melding_id}", "melding", melding_datum, "regulier", None))
    besluiten = verloop.besluiten
    if besluiten:
        eerste = timezone.localdate(besluiten[0][1], zone)
        laatste_dag = timezone.localdate(besluiten[-1][1], zone)
        code = uitkomst_code(besluiten[-1][2])
        mijlpalen.append(("besluit:r1", "besluit", laatste_dag, code, None))
        if verloop.eerste_signaal is not None:
            dagen = max(0, (eerste - verloop.eerste_signaal).days)
            mijlpalen.append(("doorlooptijd:r1", "doorlooptijd", eerste, "", dagen))
        if verloop.afsluit_datum is not None:
            mijlpalen.append(
                ("afsluiting:r1", "afsluiting", verloop.afsluit_datum, verloop.afsluiten, None)
            )
        elif code == "afsluiten" and besluiten[-1][2].get("volgende_afweging") is None:
            mijlpalen.append(
                ("afsluiting:r1", "afsluiting", laatste_dag, AFSLUITEN_ZONDER_HULP, None)
            )
    return mijlpalen
