"""Facts apart from opinions: speculative wording in a note marked *feit* (H2).

The word list is data (``data/speculatieve_woorden.yaml``): each entry a stem and every Dutch
form of it, matched as whole words or as consecutive words, case-insensitive. Pure Python.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

WOORDENLIJST = Path(__file__).resolve().parent / "data" / "speculatieve_woorden.yaml"

_WOORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Ingang:
    woord: str
    vormen: tuple[tuple[str, ...], ...]  # each form as its words


@dataclass(frozen=True)
class Treffer:
    woord: str  # the stem from the list
    gevonden: str  # the words as they appear in the text


def woorden(tekst: str) -> list[str]:
    return [w.casefold() for w in _WOORD.findall(tekst)]


@functools.cache
def woordenlijst() -> tuple[Ingang, ...]:
    data = yaml.safe_load(WOORDENLIJST.read_text(encoding="utf-8"))
    return tuple(
        Ingang(
            woord=str(ingang["woord"]),
            vormen=tuple(tuple(woorden(str(v))) for v in ingang["vormen"]),
        )
        for ingang in data["woorden"]
    )


def speculatieve_woorden(tekst: str) -> list[Treffer]:
    """Every speculative form in the text, once per stem, in the order of the list."""
    origineel = _WOORD.findall(tekst or "")
    gevouwen = [w.casefold() for w in origineel]
    treffers: list[Treffer] = []
    for ingang in woordenlijst():
        for vorm in ingang.vormen:
            n = len(vorm)
            plek = next(
                (i for i in range(len(gevouwen) - n + 1) if tuple(gevouwen[i : i + n]) == vorm),
                None,
            )
            if plek is not None:
                treffers.append(Treffer(ingang.woord, " ".join(origineel[plek : plek + n])))
                break
    return treffers
