"""Progress of a long command on a terminal: one line, rewritten in place, with an estimate of
the time left. Silent when the output is not a terminal (cron, a systemd timer, a pipe): those
get only the summary at the end."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Voortgang:
    def __init__(
        self, tekst: str, *, uit: TextIO | None = None, actief: bool | None = None
    ) -> None:
        self.tekst = tekst
        self.uit = uit or sys.stderr
        self.actief = self.uit.isatty() if actief is None else actief
        self.begin = time.monotonic()
        self.vorige = 0.0
        self.getoond = False

    def __call__(self, gedaan: int, totaal: int) -> None:
        if not self.actief:
            return
        nu = time.monotonic()
        if gedaan < totaal and nu - self.vorige < 0.2:  # a few redraws a second at most
            return
        self.vorige = nu
        procent = 100 * gedaan // totaal if totaal else 100
        regel = f"\r{self.tekst}: {gedaan}/{totaal} ({procent}%)"
        if 0 < gedaan < totaal:
            rest = (nu - self.begin) / gedaan * (totaal - gedaan)
            regel += f", nog ongeveer {_duur(rest)}"
        self.uit.write(regel.ljust(72))
        self.uit.flush()
        self.getoond = True

    def klaar(self) -> None:
        """End the progress line, so the summary starts on a line of its own."""
        if self.getoond:
            self.uit.write("\n")
            self.uit.flush()


def _duur(seconden: float) -> str:
    seconden = int(seconden + 0.5)
    if seconden < 60:
        return f"{seconden} s"
    minuten, seconden = divmod(seconden, 60)
    if minuten < 60:
        return f"{minuten} min {seconden:02d} s"
    uren, minuten = divmod(minuten, 60)
    return f"{uren} u {minuten:02d} min"
