"""A count with its noun in plain Dutch: "1 fout", "3 fouten" — never "fout(en)".

For text that Python writes in Dutch only (the framework validator, the command line); text that
is translated uses ``ngettext``. Pure Python, so every layer may use it.
"""

from __future__ import annotations


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{n} {enkelvoud if n == 1 else meervoud}"
