"""The allowed step transitions of a casus: one explicit table (DESIGN.md, 'Casus lifecycle').

Steps 1–3 may interleave: recording something of an earlier step never moves the casus back,
and a casus may move on to the step of what was just recorded. Stap 5 starts with its first
answer (its preconditions are checked by the service), a casus closes from stap 5, and a closed
casus re-enters at stap 1 when new signals come in.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from meldwijzer.dossier.models import Fase

OVERGANGEN: Mapping[Fase, frozenset[Fase]] = MappingProxyType(
    {
        Fase.SIGNALEREN: frozenset({Fase.CONSULTEREN, Fase.GESPREK, Fase.WEGEN}),
        Fase.CONSULTEREN: frozenset({Fase.GESPREK, Fase.WEGEN}),
        Fase.GESPREK: frozenset({Fase.WEGEN}),
        Fase.WEGEN: frozenset({Fase.BESLISSEN}),
        Fase.BESLISSEN: frozenset({Fase.AFGESLOTEN}),
        Fase.AFGESLOTEN: frozenset({Fase.SIGNALEREN}),
    }
)

STAPPEN: tuple[Fase, ...] = (
    Fase.SIGNALEREN,
    Fase.CONSULTEREN,
    Fase.GESPREK,
    Fase.WEGEN,
    Fase.BESLISSEN,
)


def mag_overgaan(van: str, naar: str) -> bool:
    return Fase(naar) in OVERGANGEN.get(Fase(van), frozenset())


def stapnummer(fase: str) -> int | None:
    """1–5 for the steps, None for a closed casus."""
    return int(fase) if fase in {f.value for f in STAPPEN} else None
