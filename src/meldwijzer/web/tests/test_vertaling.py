"""The English catalogue is complete and its compiled .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
import re
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


def vage_vertalingen(pad: Path) -> list[str]:
    """msgids marked fuzzy: gettext does not use them, so the page would stay Dutch."""
    vaag, blok = [], []
    for regel in [*pad.read_text(encoding="utf-8").splitlines(), ""]:
        if regel.strip():
            blok.append(regel)
            continue
        if any(r.startswith("#,") and "fuzzy" in r for r in blok):
            vaag.append(next((r for r in blok if r.startswith("msgid ")), "?"))
        blok = []
    return [v for v in vaag if v != 'msgid ""']


def test_geen_vage_vertalingen():
    vaag = vage_vertalingen(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert not vaag, f"fuzzy (check and remove the flag): {vaag[:10]}"


_VERTAALFUNCTIES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}


def teksten_in_python(pad: Path) -> set[str]:
    gevonden: set[str] = set()
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if not isinstance(knoop, ast.Call) or not knoop.args:
            continue
        naam = getattr(knoop.func, "id", None) or getattr(knoop.func, "attr", None)
        if naam not in _VERTAALFUNCTIES:
            continue
        arg = (
            knoop.args[1] if naam.startswith("pgettext") and len(knoop.args) > 1 else knoop.args[0]
        )
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            gevonden.add(arg.value)
    return gevonden


def teksten_in_sjabloon(pad: Path) -> set[str]:
    """What makemessages extracts from a template: Django's own templatize, then the literals."""
    from django.utils.translation.template import templatize

    code = templatize(pad.read_text(encoding="utf-8"), origin=str(pad))
    literal = r"u?'(?:[^'\\]|\\.)*'"
    gevonden: set[str] = set()
    for functie, eerste, tweede in re.findall(
        rf"\b(gettext|ngettext|pgettext|npgettext)\(({literal})(?:\s*,\s*({literal}))?", code
    ):
        gevonden.add(ast.literal_eval(tweede if functie.startswith(("p", "np")) else eerste))
    return gevonden


def test_elke_tekst_in_code_en_sjablonen_is_vertaald() -> None:
    """A string added to a template or to the code without makemessages, or left untranslated,
    fails here: the English interface would show Dutch."""
    items = lees_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    bron = LOCALE.parent
    teksten: dict[str, str] = {}
    for pad in sorted(bron.rglob("*.py")):
        if {"tests", "migrations"} & set(pad.parts) or pad.name == "conftest.py":
            continue
        for tekst in teksten_in_python(pad):
            teksten.setdefault(tekst, str(pad.relative_to(bron)))
    for pad in sorted(bron.rglob("templates/**/*.html")):
        for tekst in teksten_in_sjabloon(pad):
            teksten.setdefault(tekst, str(pad.relative_to(bron)))
    assert len(teksten) > 300
    ontbreekt = [f"{waar}: {tekst!r}" for tekst, waar in teksten.items() if not items.get(tekst)]
    assert not ontbreekt, "run makemessages and translate:\n" + "\n".join(ontbreekt[:15])
