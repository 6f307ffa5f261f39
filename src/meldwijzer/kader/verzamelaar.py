"""Collects the problems found in one framework file, each with the line its value starts on."""

from __future__ import annotations

from meldwijzer.kader.fouten import Ernst, Probleem
from meldwijzer.kader.laden import Pad, Regels, pad_als_tekst


class Verzamelaar:
    """The problems of one file, in the order the checks find them."""

    def __init__(self, regels: Regels, bestand: str | None) -> None:
        self.regels = regels
        self.bestand = bestand
        self.problemen: list[Probleem] = []

    def fout(
        self,
        pad: Pad,
        melding: str,
        ernst: Ernst = Ernst.FOUT,
        code: str | None = None,
        regel_van: Pad | None = None,
    ) -> None:
        """A problem about the value at ``pad``; its line is that of ``regel_van`` when given
        (a problem of the whole file that one value shows best)."""
        regel = self.regels.regel(pad if regel_van is None else regel_van)
        self.problemen.append(
            Probleem(melding, pad_als_tekst(pad), regel, self.bestand, ernst, code)
        )
