"""The English catalogue is complete and its compiled .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def lees_po(pad: Path) -> dict[str, str]:
    """msgid -> msgstr (plural forms: msgid -> msgstr[0]) from a .po file."""
    items: dict[str, str] = {}
    msgid = msgstr = ""
    veld = ""

    def bewaar() -> None:
        if msgid:
            items[msgid] = msgstr

    for regel in [*pad.read_text(encoding="utf-8").splitlines(), ""]:
        if regel.startswith("msgid "):
            bewaar()
            msgid, msgstr, veld = ast.literal_eval(regel[6:]), "", "id"
        elif regel.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, veld = ast.literal_eval(regel.split(" ", 1)[1]), "str"
        elif regel.startswith(("msgid_plural ", "msgstr[")):
            veld = ""
        elif regel.startswith('"') and veld:
            if veld == "id":
                msgid += ast.literal_eval(regel)
            else:
                msgstr += ast.literal_eval(regel)
        elif not regel.strip():
            bewaar()
            msgid, msgstr, veld = "", "", ""
    return items


def test_engelse_vertaling_is_compleet():
    items = lees_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(items) > 300
    leeg = [m for m, s in items.items() if not s]
    assert not leeg, f"untranslated: {leeg[:10]}"


def test_mo_is_bijgewerkt():
    items = lees_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    with (LOCALE / "en" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalogus = gettext.GNUTranslations(mo)
    verouderd = [m for m, s in items.items() if catalogus.gettext(m) != s]
    assert not verouderd, f"run compilemessages; stale: {verouderd[:5]}"
