"""Errors and problem reports of the kader package, all with Dutch messages for people."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from meldwijzer import telwoord


class Ernst(StrEnum):
    FOUT = "fout"
    OPMERKING = "opmerking"


# Codes of the checks that guard the legal minimum (meldwijzer.kader.minimum); the
# conformance report (toets) picks them out by this prefix.
WETTELIJK_MINIMUM = "wettelijk_minimum"


@dataclass(frozen=True, slots=True)
class Probleem:
    """One thing wrong with (or worth reporting about) a framework file."""

    melding: str
    pad: str = ""
    regel: int | None = None
    bestand: str | None = None
    ernst: Ernst = Ernst.FOUT
    code: str | None = None

    @property
    def wettelijk_minimum(self) -> bool:
        """This problem is about the legal minimum, not about the file's structure."""
        return self.code is not None and self.code.startswith(WETTELIJK_MINIMUM + ".")

    def als_tekst(self) -> str:
        plaats = self.bestand or "kader"
        if self.regel is not None:
            plaats = f"{plaats}:{self.regel}"
        waar = f" ({self.pad})" if self.pad else ""
        soort = "" if self.ernst is Ernst.FOUT else f"{self.ernst.value}: "
        return f"{plaats}: {soort}{self.melding}{waar}"

    def als_dict(self) -> dict[str, object]:
        return {
            "bestand": self.bestand,
            "regel": self.regel,
            "pad": self.pad,
            "ernst": self.ernst.value,
            "melding": self.melding,
            "code": self.code,
        }


class KaderFout(Exception):
    """Base of every error the kader package raises on purpose."""


class OnleesbaarKader(KaderFout):
    """The file cannot be read or is not YAML at all (CLI exit code 2)."""


class OngeldigKader(KaderFout):
    """The file is YAML but not a valid framework; carries every problem found (exit code 1)."""

    def __init__(self, problemen: list[Probleem]) -> None:
        self.problemen = problemen
        fouten = [p for p in problemen if p.ernst is Ernst.FOUT]
        super().__init__(f"{telwoord.aantal(len(fouten), 'fout', 'fouten')} in het afwegingskader")


class OnbekendKader(KaderFout):
    """No shipped framework and no file by that name."""


class BeslisFout(KaderFout):
    """The answers or signals given to the engine do not fit the framework."""
