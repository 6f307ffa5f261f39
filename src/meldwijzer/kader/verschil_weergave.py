"""Renderings of a :class:`~meldwijzer.kader.verschil.Verschil`: plain text, Markdown, JSON."""

from __future__ import annotations

import json

from meldwijzer.kader.export import md_inline
from meldwijzer.kader.tekstverschil import Deelsoort, Tekstverschil
from meldwijzer.kader.verschil import ONDERDEEL_TITEL, Kaderkop, Verschil, zin


def _telling(v: Verschil) -> str:
    t = v.telling()
    return (
        f"{len(v.wijzigingen)} verschil(len): {t['toegevoegd']} toegevoegd, "
        f"{t['verwijderd']} verwijderd, {t['gewijzigd']} gewijzigd."
    )


def als_tekst(v: Verschil) -> str:
    regels = [
        f"Verschil van kader {v.oud.als_tekst()} naar kader {v.nieuw.als_tekst()}",
        "",
    ]
    if v.leeg:
        regels.append("Geen verschillen: beide kaders hebben dezelfde inhoud.")
        return "\n".join(regels) + "\n"
    regels += [_telling(v), ""]
    for onderdeel, wijzigingen in v.per_onderdeel():
        regels.append(ONDERDEEL_TITEL[onderdeel])
        regels += [f"  - {w.zin()}" for w in wijzigingen]
        regels.append("")
    return "\n".join(regels)


def md_woordverschil(t: Tekstverschil) -> str:
    stukken = []
    for deel in t.delen:
        tekst = md_inline(deel.tekst)
        if deel.soort is Deelsoort.WEG:
            stukken.append(f"<del>{tekst}</del>")
        elif deel.soort is Deelsoort.ERBIJ:
            stukken.append(f"<ins>{tekst}</ins>")
        else:
            stukken.append(tekst)
    return " ".join(stukken)


def _md_kop(kop: Kaderkop) -> str:
    return f"`{kop.id}` versie {md_inline(kop.versie)} (`{kop.hash[:12]}`)"


def als_markdown(v: Verschil) -> str:
    regels = [
        f"# Verschil: {md_inline(v.oud.id)} {md_inline(v.oud.versie)} → "
        f"{md_inline(v.nieuw.id)} {md_inline(v.nieuw.versie)}",
        "",
        f"- Oud: {_md_kop(v.oud)} — {md_inline(v.oud.titel)}",
        f"- Nieuw: {_md_kop(v.nieuw)} — {md_inline(v.nieuw.titel)}",
        "",
    ]
    if v.leeg:
        regels.append("Geen verschillen: beide kaders hebben dezelfde inhoud.")
        return "\n".join(regels) + "\n"
    regels += [
        md_inline(_telling(v)),
        "",
        "Weggehaalde woorden staan doorgestreept (<del>zo</del>), nieuwe woorden onderstreept "
        "(<ins>zo</ins>).",
        "",
    ]
    for onderdeel, wijzigingen in v.per_onderdeel():
        regels += [f"## {ONDERDEEL_TITEL[onderdeel]}", ""]
        regels += [f"- {zin(w, md_inline, md_woordverschil)}" for w in wijzigingen]
        regels.append("")
    return "\n".join(regels)


def als_json(v: Verschil) -> str:
    return json.dumps(v.als_dict(), ensure_ascii=False, indent=2) + "\n"
