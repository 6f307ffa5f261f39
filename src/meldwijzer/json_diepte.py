"""JSON from outside, read with a bound on nesting.

Python's ``json`` parser recurses once per nested list or object: a file of 200 KB of ``[``
ends in a ``RecursionError`` (a traceback, a 500) instead of a refusal. ``lees`` first walks the
text once — strings skipped whole by a regular expression, brackets counted — and refuses it
as soon as the nesting passes ``max_diepte``, before anything is built. Memory stays that of the
text itself (docs/security.md § 12).

Used for everything a user, client or file hands over: transfer files, their encrypted envelope,
API bodies, key and head files.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Deeper than any file or request Meldwijzer writes (a transfer file nests about 6 levels).
MAX_DIEPTE = 64

# A JSON string (with its escapes) or one bracket; everything else is skipped by finditer.
_TEKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class TeDiepGenest(ValueError):
    """The text nests lists or objects deeper than allowed."""

    def __init__(self, max_diepte: int) -> None:
        super().__init__(
            f"de gegevens zijn dieper genest dan {max_diepte} niveaus; zo diep schrijft "
            "Meldwijzer nooit"
        )
        self.max_diepte = max_diepte


def controleer_diepte(tekst: str, max_diepte: int = MAX_DIEPTE) -> None:
    """``TeDiepGenest`` if ``tekst`` nests deeper than ``max_diepte``; the text is not parsed."""
    diepte = 0
    for teken in _TEKENS.finditer(tekst):
        t = teken.group()
        if t in "[{":
            diepte += 1
            if diepte > max_diepte:
                raise TeDiepGenest(max_diepte)
        elif t in "]}":
            diepte -= 1


def lees(tekst: str | bytes, max_diepte: int = MAX_DIEPTE) -> Any:
    """``json.loads`` after ``controleer_diepte``. Raises ``ValueError`` for every bad text:
    ``json.JSONDecodeError``, ``UnicodeDecodeError`` or ``TeDiepGenest``."""
    if isinstance(tekst, bytes):
        tekst = tekst.decode("utf-8")
    controleer_diepte(tekst, max_diepte)
    return json.loads(tekst)
