"""`meldwijzer afwegen`: walk the afwegingen of stap 5 in the terminal, one at a time.

Works interactively and with piped input (each line one answer or command), so it can be
scripted and tested. The outcome is always the engine's; this module only asks and shows.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from meldwijzer.cli import argparse_nl
from meldwijzer.kader import Afwegingskader, BeslisFout, Beslissing, beslis, laad_kader
from meldwijzer.kader.model import Afweging, Catalogus

HULP = (
    "Typ een antwoord (bijvoorbeeld ja of nee). Verder: ? = uitleg bij de vraag, "
    "l = lijsten bij deze vraag, v NUMMERS = signalen aanvinken uit de laatst getoonde lijst "
    "(v - NUMMERS haalt ze weg), t = terug naar de vorige vraag, s = stoppen."
)


def registreer(sub: argparse._SubParsersAction[argparse_nl.Parser]) -> None:
    p = sub.add_parser("afwegen", help="de vijf afwegingen van stap 5 doorlopen in de terminal")
    p.add_argument("--kader", default="basis", help="id van een meegeleverd kader of een bestand")
    p.add_argument("--route", help="route binnen het kader (als het kader er meer heeft)")
    p.add_argument(
        "--signalen",
        default="",
        help="komma-gescheiden id's van signalen die al zijn aangevinkt (zie 'kader toon')",
    )
    p.add_argument(
        "--opslaan",
        metavar="BESTAND",
        help="sla de antwoorden op als JSON voor 'meldwijzer kader beslis'",
    )
    p.set_defaults(handler=afwegen)


class _Terminal:
    def __init__(self, invoer: TextIO, uitvoer: TextIO) -> None:
        self.invoer = invoer
        self.uitvoer = uitvoer
        self.interactief = invoer.isatty()
        self.breedte = min(shutil.get_terminal_size((88, 24)).columns, 100)

    def zeg(self, tekst: str = "", inspring: str = "", vervolg: str | None = None) -> None:
        if not tekst:
            print(file=self.uitvoer)
            return
        for alinea in tekst.split("\n"):
            print(
                textwrap.fill(
                    alinea,
                    self.breedte,
                    initial_indent=inspring,
                    subsequent_indent=inspring if vervolg is None else vervolg,
                ),
                file=self.uitvoer,
            )

    def vraag(self, prompt: str) -> str | None:
        print(prompt, end="", file=self.uitvoer, flush=True)
        regel = self.invoer.readline()
        if not regel:
            print(file=self.uitvoer)
            return None
        regel = regel.strip()
        if not self.interactief:
            print(regel, file=self.uitvoer)
        return regel


def afwegen(args: argparse.Namespace) -> int:
    kader = laad_kader(args.kader)
    t = _Terminal(sys.stdin, sys.stdout)
    signalen = [s.strip() for s in args.signalen.split(",") if s.strip()]
    route = args.route
    if route is None and len(kader.routes) > 1:
        route = _kies_route(kader, t)
        if route is None:
            return 1
    beslis(kader, {}, signalen, route)  # checks the route and the signals before we start
    return _loop(kader, route, signalen, args.opslaan, t)


def _kies_route(kader: Afwegingskader, t: _Terminal) -> str | None:
    t.zeg("Dit kader heeft meer routes:")
    routes = list(kader.model.routes)
    for i, r in enumerate(routes, 1):
        t.zeg(f"  {i}. {r.titel} ({r.id})")
    while True:
        keuze = t.vraag("Kies een route (nummer): ")
        if keuze is None:
            return None
        if keuze.isdigit() and 1 <= int(keuze) <= len(routes):
            return routes[int(keuze) - 1].id
        if any(r.id == keuze for r in routes):
            return keuze
        t.zeg(f"Kies een nummer van 1 tot en met {len(routes)}.")


def _afweging(kader: Afwegingskader, route: str, afweging_id: str) -> Afweging:
    r = next(x for x in kader.model.routes if x.id == kader.route(route).id)
    return next(a for a in r.afwegingen if a.id == afweging_id)


def _loop(
    kader: Afwegingskader,
    route: str | None,
    signalen: list[str],
    opslaan: str | None,
    t: _Terminal,
) -> int:
    m = kader.model
    t.zeg(f"{m.titel} — versie {m.versie} ({m.beroepsgroep})")
    t.zeg(HULP)
    antwoorden: dict[str, str] = {}
    uitkomst = _vraag_af(kader, route, signalen, antwoorden, t)
    _toon_uitkomst(kader, uitkomst, t)
    if opslaan:
        _bewaar(opslaan, uitkomst, antwoorden, signalen, t)
    return 0


def _vraag_af(
    kader: Afwegingskader,
    route: str | None,
    signalen: list[str],
    antwoorden: dict[str, str],
    t: _Terminal,
) -> Beslissing:
    """Afweging after afweging until the framework is done or the person stops; the answers
    go in ``antwoorden``, the ticked signals in ``signalen``."""
    laatste_lijst: list[str] = []
    uitkomst = beslis(kader, antwoorden, signalen, route)
    getoond: str | None = None
    while uitkomst.volgende_afweging is not None:
        afweging = _afweging(kader, uitkomst.route, uitkomst.volgende_afweging)
        if getoond != afweging.id:
            _toon_vraag(afweging, uitkomst, t)
            getoond = afweging.id
        opties = "/".join(o.id for o in afweging.opties)
        invoer = t.vraag(f"Antwoord [{opties}/?/l/v/t/s]: ")
        if invoer is None or invoer.lower() in {"s", "stop", "stoppen"}:
            t.zeg()
            t.zeg(f"Gestopt bij afweging {afweging.id}; de afweging is nog niet afgerond.")
            break
        commando, _, rest = invoer.partition(" ")
        commando = commando.lower()
        if commando in {"?", "uitleg", "h", "help"}:
            if afweging.hulptekst:
                t.zeg(afweging.hulptekst, "  ")
            t.zeg(HULP, "  ")
        elif commando in {"l", "lijst", "lijsten"}:
            laatste_lijst = _toon_catalogi(kader, afweging, signalen, t)
        elif commando == "v":
            _vink(kader, rest, laatste_lijst, signalen, t)
        elif commando in {"t", "terug"}:
            if _terug(uitkomst, antwoorden, t):
                getoond = None
        else:
            nieuw = _antwoord(kader, route, signalen, antwoorden, afweging, invoer, t)
            if nieuw is not None:
                _toon_gevolg(kader, uitkomst, nieuw, t)
                uitkomst = nieuw
            continue
        uitkomst = beslis(kader, antwoorden, signalen, route)
    return uitkomst


def _terug(uitkomst: Beslissing, antwoorden: dict[str, str], t: _Terminal) -> bool:
    """Withdraw the last answer; False at the first afweging."""
    if not uitkomst.pad:
        t.zeg("Dit is de eerste afweging.")
        return False
    vorige = uitkomst.pad[-1].afweging
    del antwoorden[vorige]
    t.zeg(f"Terug naar afweging {vorige}.")
    return True


def _antwoord(
    kader: Afwegingskader,
    route: str | None,
    signalen: list[str],
    antwoorden: dict[str, str],
    afweging: Afweging,
    invoer: str,
    t: _Terminal,
) -> Beslissing | None:
    """The framework's outcome with this answer added, or None (said why) when it is no answer
    to this afweging."""
    proef = {**antwoorden, afweging.id: invoer}
    try:
        nieuw = beslis(kader, proef, signalen, route)
    except BeslisFout as fout:
        t.zeg(str(fout))
        return None
    antwoorden[afweging.id] = nieuw.pad[-1].antwoord
    return nieuw


def _bewaar(
    opslaan: str,
    uitkomst: Beslissing,
    antwoorden: dict[str, str],
    signalen: list[str],
    t: _Terminal,
) -> None:
    data = {"route": uitkomst.route, "antwoorden": antwoorden, "signalen": sorted(signalen)}
    try:
        Path(opslaan).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as fout:
        raise BeslisFout(f"{opslaan}: kan niet schrijven ({fout.strerror}).") from fout
    t.zeg(f"Antwoorden opgeslagen in {opslaan} (te gebruiken met 'meldwijzer kader beslis').")


def _toon_vraag(afweging: Afweging, uitkomst: Beslissing, t: _Terminal) -> None:
    t.zeg()
    kop = f"── Afweging {afweging.id} "
    t.zeg(kop + "─" * max(0, t.breedte - len(kop)))
    if uitkomst.samen_met_veilig_thuis:
        t.zeg("Deze afweging beantwoordt u samen met Veilig Thuis.")
    t.zeg(afweging.vraag)
    if afweging.bron:
        t.zeg(f"(bron: {afweging.bron.als_tekst()})")
    for optie in afweging.opties:
        t.zeg(f"  {optie.id}: {optie.label}")


def _toon_catalogi(
    kader: Afwegingskader, afweging: Afweging, signalen: list[str], t: _Terminal
) -> list[str]:
    nummers: list[str] = []
    catalogi = {c.id: c for c in kader.model.catalogi}
    if not afweging.catalogi:
        t.zeg("Bij deze afweging horen geen lijsten.")
        return nummers
    for catalogus_id in afweging.catalogi:
        c: Catalogus = catalogi[catalogus_id]
        t.zeg()
        t.zeg(f"{c.titel}" + (f" (bron: {c.bron.als_tekst()})" if c.bron else ""))
        if c.uitleg:
            t.zeg(c.uitleg, "  ")
        for item in c.items:
            if c.aanvinkbaar:
                nummers.append(item.id)
                vink = "[x]" if item.id in signalen else "[ ]"
                t.zeg(f"{len(nummers):>3}. {vink} {item.tekst}", "", " " * 9)
            else:
                t.zeg(f"     - {item.tekst}", "", " " * 7)
    if nummers:
        t.zeg()
        t.zeg("Vink aan met bijvoorbeeld 'v 1 4'; haal weg met 'v - 4'.")
    return nummers


def _vink(
    kader: Afwegingskader, rest: str, laatste: list[str], signalen: list[str], t: _Terminal
) -> None:
    weg = rest.strip().startswith("-")
    delen = rest.replace("-", " ", 1 if weg else 0).replace(",", " ").split()
    if not delen:
        t.zeg("Noem nummers uit de laatst getoonde lijst (typ eerst l) of id's van signalen.")
        return
    for deel in delen:
        if deel.isdigit() and 1 <= int(deel) <= len(laatste):
            ident = laatste[int(deel) - 1]
        elif deel in kader.aanvinkbaar:
            ident = deel
        else:
            t.zeg(f"'{deel}' is geen nummer uit de laatste lijst en geen signaal-id.")
            continue
        tekst = kader.items[ident][1]
        if weg:
            if ident in signalen:
                signalen.remove(ident)
            t.zeg(f"Weggehaald: {tekst}")
        elif ident not in signalen:
            signalen.append(ident)
            t.zeg(f"Aangevinkt: {tekst}")


def _toon_gevolg(kader: Afwegingskader, oud: Beslissing, nieuw: Beslissing, t: _Terminal) -> None:
    for actie in nieuw.acties[len(oud.acties) :]:
        t.zeg(f"→ {kader.actie_label[actie]}")
    if nieuw.samen_met_veilig_thuis and not oud.samen_met_veilig_thuis:
        t.zeg("→ De volgende afwegingen doorloopt u samen met Veilig Thuis.")
    for w in nieuw.waarschuwingen[len(oud.waarschuwingen) :]:
        t.zeg(f"! Let op: {w.tekst}", "", "  ")
    for h in nieuw.hints[len(oud.hints) :]:
        t.zeg(f"i {h.tekst}", "", "  ")


def _toon_uitkomst(kader: Afwegingskader, uitkomst: Beslissing, t: _Terminal) -> None:
    t.zeg()
    t.zeg("═" * t.breedte)
    if uitkomst.afgerond:
        t.zeg("Uitkomst van het afwegingskader")
    else:
        t.zeg(f"Tussenstand (nog te beantwoorden: afweging {uitkomst.volgende_afweging})")
    _toon_acties(kader, uitkomst, t)
    _toon_normen(kader, uitkomst, t)
    if uitkomst.waarschuwingen:
        t.zeg()
        t.zeg("Waarschuwingen (licht uw antwoord toe in het dossier):")
        for w in uitkomst.waarschuwingen:
            t.zeg(f"! {w.tekst} (bron: {w.bron.als_tekst()})", "  ", "    ")
    if uitkomst.hints:
        t.zeg()
        for h in uitkomst.hints:
            t.zeg(f"i {h.tekst} (bron: {h.bron.als_tekst()})", "  ", "    ")
    t.zeg()
    t.zeg(f"Kader: {kader.id} versie {kader.versie}, hash {kader.hash[:12]}.")


def _toon_acties(kader: Afwegingskader, uitkomst: Beslissing, t: _Terminal) -> None:
    if not uitkomst.acties:
        t.zeg("Nog geen actie.")
    acties = {a.id: a for a in kader.model.acties}
    for actie in uitkomst.acties:
        a = acties[actie]
        t.zeg(f"• {a.label}")
        if a.uitleg:
            t.zeg(a.uitleg, "    ")
    if uitkomst.opnieuw_melden:
        t.zeg("• Dit is een (hernieuwde) melding: de hulp leidde niet tot de nodige veiligheid.")
    if uitkomst.samen_met_veilig_thuis:
        t.zeg("• De afwegingen na het besluit tot melden doorloopt u samen met Veilig Thuis.")


def _toon_normen(kader: Afwegingskader, uitkomst: Beslissing, t: _Terminal) -> None:
    for norm_id in uitkomst.normen:
        norm = kader.normen[norm_id]
        t.zeg()
        t.zeg(f"Professionele norm {norm.id} ({norm.bron.als_tekst()}):")
        t.zeg(f"“{norm.tekst}”", "    ")
        if norm.uitwerking_van:
            algemeen = kader.normen[norm.uitwerking_van]
            t.zeg(f"Uitwerking van {algemeen.id} ({algemeen.bron.als_tekst()}).", "    ")
