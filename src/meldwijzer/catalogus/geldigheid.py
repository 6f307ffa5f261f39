"""Validity periods of the published versions of one framework (Open Zaak's begin and end of
validity): computed, and checked for overlap before a new version is published.

A published version has a first day (``vanaf``) and, optionally, a last day (``tot``, inclusive).
Without a last day it is valid until the next published version starts: its end is derived,
never stored, so a published row never changes. Publishing a new version may therefore close
the open period of the latest version — succession — but may not cut into any other period.

Pure Python on dates, so the rule is tested on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

EEN_DAG = dt.timedelta(days=1)

# Which version: its id or reference. The periods of one framework share its type, and a
# lookup answers with it (a KaderVersie's pk, for the catalogue).
S = TypeVar("S", bound=Hashable)
N = TypeVar("N", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Periode(Generic[S]):
    sleutel: S
    vanaf: dt.date
    tot: dt.date | None = None  # the last day, inclusive; None: until the next version starts


@dataclass(frozen=True, slots=True)
class Geldigheid(Generic[S]):
    """A version's effective period: ``tot`` None means open-ended (the latest version)."""

    sleutel: S
    vanaf: dt.date
    tot: dt.date | None

    def bevat(self, datum: dt.date) -> bool:
        return self.vanaf <= datum and (self.tot is None or datum <= self.tot)


def effectief(perioden: Sequence[Periode[S]]) -> list[Geldigheid[S]]:
    """Each period with its derived end, in order of their first day."""
    gesorteerd = sorted(perioden, key=lambda p: p.vanaf)
    uit = []
    for i, p in enumerate(gesorteerd):
        einde = p.tot
        if einde is None and i + 1 < len(gesorteerd):
            einde = gesorteerd[i + 1].vanaf - EEN_DAG
        uit.append(Geldigheid(p.sleutel, p.vanaf, einde))
    return uit


def geldig_op(perioden: Sequence[Periode[S]], datum: dt.date) -> S | None:
    """The version valid on ``datum``, if any."""
    for g in effectief(perioden):
        if g.bevat(datum):
            return g.sleutel
    return None


def _snijden(a_van: dt.date, a_tot: dt.date | None, b_van: dt.date, b_tot: dt.date | None) -> bool:
    return (b_tot is None or a_van <= b_tot) and (a_tot is None or b_van <= a_tot)


def overlap(bestaand: Sequence[Periode[S]], nieuw: Periode[N]) -> Geldigheid[S] | None:
    """The effective period of an existing version that ``nieuw`` would overlap, or None.

    The latest version, when open-ended and started before ``nieuw``, is succeeded rather than
    overlapped: its period then ends the day before ``nieuw`` starts.
    """
    if nieuw.tot is not None and nieuw.tot < nieuw.vanaf:
        raise ValueError("tot ligt voor vanaf")
    huidig = effectief(bestaand)
    laatste = huidig[-1] if huidig else None
    later = [g.vanaf for g in huidig if g.vanaf > nieuw.vanaf]
    nieuw_tot = nieuw.tot
    if nieuw_tot is None and later:
        nieuw_tot = min(later) - EEN_DAG
    for g in huidig:
        opgevolgd = g is laatste and g.tot is None and g.vanaf < nieuw.vanaf
        if opgevolgd:
            continue
        if _snijden(g.vanaf, g.tot, nieuw.vanaf, nieuw_tot):
            return g
    return None
