"""The annual figures of an organisation: anonymous counts per quarter, for its annual report.

Casussen started, besluiten by outcome (the soorten of their actions), meldingen (regulier and
spoed), advice requests to Veilig Thuis, and closings — read from the running totals
of the milestones per month (``rapportage.totalen``: twelve months' rows, one query), with small
counts suppressed (``geheimhouding``). No
personal data: no names, no kenmerken, no casus texts; only counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meldwijzer.rapportage import labels, totalen
from meldwijzer.rapportage.geheimhouding import DREMPEL, Lijn, beveilig
from meldwijzer.rapportage.mijlpalen import SOORT_VOLGORDE
from meldwijzer.rapportage.models import MijlpaalSoort

KWARTALEN = ("K1", "K2", "K3", "K4")
KOLOMMEN = (*KWARTALEN, "totaal")
GEHEIM = "x"  # as CBS publishes a cell kept secret


@dataclass
class Rij:
    sleutel: str
    label: str
    groep: str = ""  # the group's label for the rows of a group and its total
    totaal: bool = False  # the group's total row
    waarden: dict[str, int] = field(default_factory=dict)


@dataclass
class Jaarcijfers:
    organisatie_id: int
    jaar: int
    rijen: list[Rij]
    geheim: set[tuple[str, str]]

    def cel(self, rij: Rij, kolom: str) -> str:
        if (rij.sleutel, kolom) in self.geheim:
            return GEHEIM
        return str(rij.waarden[kolom])

    def tabel(self) -> list[tuple[Rij, list[str]]]:
        return [(r, [self.cel(r, k) for k in KOLOMMEN]) for r in self.rijen]

    @property
    def aantal_geheim(self) -> int:
        return len(self.geheim)


def _code_volgorde(code: str) -> tuple[int, ...]:
    return tuple(SOORT_VOLGORDE.index(s) if s in SOORT_VOLGORDE else 99 for s in code.split("+"))


def bereken(organisatie_id: int, jaar: int, drempel: int = DREMPEL) -> Jaarcijfers:
    tellingen: dict[tuple[str, str], dict[str, int]] = {}
    for (maand, soort, uitkomst, _dagen), n in totalen.tellingen(
        organisatie_id,
        dt.date(jaar, 1, 1),
        dt.date(jaar, 12, 31),
        [
            MijlpaalSoort.GEOPEND,
            MijlpaalSoort.BESLUIT,
            MijlpaalSoort.MELDING,
            MijlpaalSoort.ADVIESVRAAG,
            MijlpaalSoort.AFSLUITING,
        ],
    ).items():  # the running totals per month, summed into quarters here
        kwartaal = KWARTALEN[(maand.month - 1) // 3]
        per_kwartaal = tellingen.setdefault((soort, uitkomst), {})
        per_kwartaal[kwartaal] = per_kwartaal.get(kwartaal, 0) + n

    def rij(sleutel: str, label: str, sleutels: list[tuple[str, str]], **extra) -> Rij:
        waarden = {k: sum(tellingen.get(s, {}).get(k, 0) for s in sleutels) for k in KWARTALEN}
        waarden["totaal"] = sum(waarden.values())
        return Rij(sleutel, label, waarden=waarden, **extra)

    rijen: list[Rij] = []
    lijnen: list[Lijn[tuple[str, str]]] = []

    def groep(sleutel: str, label: str, delen: list[tuple[str, str, str, str]]) -> None:
        """Rows for the parts of a group and one for its total (if it has more than one): each
        part as (row key, label, milestone soort, uitkomst)."""
        onderdelen = [rij(s, lbl, [(soort, u)], groep=label) for s, lbl, soort, u in delen]
        rijen.extend(onderdelen)
        if len(onderdelen) > 1:
            totaal = rij(
                sleutel,
                _("Totaal"),
                [(soort, u) for _s, _l, soort, u in delen],
                groep=label,
                totaal=True,
            )
            rijen.append(totaal)
            for k in KOLOMMEN:
                lijnen.append(Lijn((sleutel, k), tuple((r.sleutel, k) for r in onderdelen)))

    groep("geopend", _("Casussen gestart"), [("geopend", _("Casussen gestart"), "geopend", "")])
    codes = sorted({u for (s, u) in tellingen if s == MijlpaalSoort.BESLUIT}, key=_code_volgorde)
    groep(
        "besluiten",
        _("Besluiten (stap 5), naar uitkomst"),
        [(f"besluit:{c}", labels.uitkomst(c), MijlpaalSoort.BESLUIT, c) for c in codes]
        or [("besluit:", _("Besluiten"), MijlpaalSoort.BESLUIT, "")],
    )
    groep(
        "meldingen",
        _("Meldingen bij Veilig Thuis"),
        [
            (f"melding:{u}", str(labels.MELDING[u]), MijlpaalSoort.MELDING, u)
            for u in ("regulier", "spoed")
        ],
    )
    groep(
        "adviesvragen",
        _("Adviesvragen aan Veilig Thuis"),
        [("adviesvragen", _("Adviesvragen aan Veilig Thuis"), MijlpaalSoort.ADVIESVRAAG, "")],
    )
    groep(
        "afsluitingen",
        _("Trajecten afgesloten"),
        [
            (f"afsluiting:{u}", str(labels.AFSLUITING[u]), MijlpaalSoort.AFSLUITING, u)
            for u in labels.AFSLUITING
        ],
    )
    for r in rijen:  # each row: its quarters add up to its year total
        lijnen.append(Lijn((r.sleutel, "totaal"), tuple((r.sleutel, k) for k in KWARTALEN)))
    cellen = {(r.sleutel, k): r.waarden[k] for r in rijen for k in KOLOMMEN}
    return Jaarcijfers(organisatie_id, jaar, rijen, beveilig(cellen, lijnen, drempel))


def als_csv(cijfers: Jaarcijfers) -> str:
    """Semicolon-separated (as Dutch spreadsheets expect), UTF-8 with a byte order mark."""
    uit = io.StringIO()
    uit.write("\ufeff")
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([_("onderdeel"), _("uitsplitsing"), *KWARTALEN, _("jaar")])
    for rij, waarden in cijfers.tabel():
        schrijver.writerow([rij.groep, rij.label, *waarden])
    return uit.getvalue()
