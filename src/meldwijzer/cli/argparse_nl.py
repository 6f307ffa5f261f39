"""argparse with Dutch messages: usage errors say in Dutch what to change, and exit with 2."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse looks its messages up through a module-level gettext function; we translate the few
# that a user meets. Unknown strings pass through unchanged.
_VERTALING: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht ten minste één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s kan %(matches)s zijn"
    ),
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "one of the arguments %s is required": "kies een van deze opties: %s",
}


def _vertaal(tekst: str) -> str:
    return _VERTALING.get(tekst, tekst)


argparse._ = _vertaal  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        message = re.sub(r"\bchoose from\b", "kies uit", message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\n")
