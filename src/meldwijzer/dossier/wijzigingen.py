"""What changed in a casus since a form was opened: shown when the save is refused as stale.

Read from the casus's audit trail, the same rows its tijdlijn shows to whoever may see the casus:
who, in which role, what kind of change and when — never the content (docs/adr/0013). A form
carries the audit position of the casus when it was opened (``Casus.tijdlijnstand``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min

from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.dossier import gebeurtenissen

if TYPE_CHECKING:
    from meldwijzer.dossier.models import Casus

# A loop of writers can make hundreds of changes: one line per person and kind, the latest first.
MAX_REGELS = 8


@dataclass(frozen=True)
class Wijziging:
    wie: str
    rol: str
    soort: str
    aantal: int
    eerste: dt.datetime
    laatste: dt.datetime

    @property
    def wat(self) -> str:
        return gebeurtenissen.label(self.soort)


@dataclass(frozen=True)
class Sinds:
    regels: list[Wijziging]
    meer: int  # changes not in ``regels``


def sinds(casus: Casus, tijdlijnstand: int | None) -> Sinds:
    """The changes of this casus after ``tijdlijnstand``, grouped per person and kind.

    Without a position (a form from before it was carried) nothing is listed: the page then
    points to the tijdlijn."""
    if tijdlijnstand is None:
        return Sinds([], 0)
    groepen = (
        tijdlijn(casus)
        .filter(volgnummer__gt=tijdlijnstand)
        .order_by()
        .values("actor_naam", "actor_rol", "soort")
        .annotate(aantal=Count("pk"), eerste=Min("tijdstip"), laatste=Max("tijdstip"))
        .order_by("-laatste", "soort")
    )
    alle = [
        Wijziging(
            wie=g["actor_naam"],
            rol=g["actor_rol"],
            soort=g["soort"],
            aantal=g["aantal"],
            eerste=g["eerste"],
            laatste=g["laatste"],
        )
        for g in groepen
    ]
    return Sinds(alle[:MAX_REGELS], sum(w.aantal for w in alle[MAX_REGELS:]))
