"""`meldwijzer kader ...`: read, check, apply and draw afwegingskaders. Imports no Django."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from meldwijzer import json_diepte, telwoord
from meldwijzer.cli import argparse_nl
from meldwijzer.kader import (
    Afwegingskader,
    BeslisFout,
    Beslissing,
    Ernst,
    OngeldigKader,
    OnleesbaarKader,
    beslis,
    controleer_tekst,
    laad_kader,
    meegeleverde_kaders,
)
from meldwijzer.kader.kaders import meegeleverde_situaties, zoek_kader
from meldwijzer.kader.laden import lees_bestand
from meldwijzer.kader.vertaling import (
    BRONTAAL,
    Vertaalverslag,
    Vertaling,
    is_vertaling,
    lees_vertaling,
    meegeleverde_vertalingen,
    samenvatting,
    vertalingsbestanden,
)

_VERWIJZING = "id van een geïnstalleerd kader, ID@VERSIE, of een kaderbestand"


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> argparse._SubParsersAction[argparse_nl.Parser]:
    """Add `kader` and its subcommands; returns them so database commands can join."""
    kader = sub.add_parser("kader", help="afwegingskaders lezen, controleren, toepassen en tekenen")
    ksub = kader.add_subparsers(dest="kader_commando", metavar="OPDRACHT")
    ksub.required = True

    _lezen(ksub)
    _toepassen(ksub)
    _vergelijken(ksub)
    return ksub


def _lezen(ksub: argparse._SubParsersAction[argparse_nl.Parser]) -> None:
    """lijst, toon, schema, valideer: a framework read, shown or checked."""
    p = ksub.add_parser("lijst", help="de geïnstalleerde afwegingskaders")
    p.add_argument("--format", choices=["tekst", "json"], default="tekst")
    p.set_defaults(handler=lijst)

    p = ksub.add_parser("toon", help="een kader in zijn geheel tonen")
    p.add_argument("kader", metavar="KADER", help="id van een meegeleverd kader of een bestand")
    p.add_argument(
        "--format",
        choices=["json", "yaml", "markdown", "fhir-questionnaire"],
        default="markdown",
        help="fhir-questionnaire: het kader als HL7 FHIR R4 Questionnaire (JSON)",
    )
    p.add_argument("-o", "--uitvoer", metavar="BESTAND", help="schrijf naar dit bestand")
    p.add_argument(
        "--taal",
        metavar="TAAL",
        default="nl",
        help="druk het kader af in de onofficiële vertaling naar deze taal (bijvoorbeeld en); "
        "alleen met --format markdown",
    )
    p.set_defaults(handler=toon)

    p = ksub.add_parser("schema", help="het JSON Schema van een kaderbestand")
    p.add_argument("-o", "--uitvoer", metavar="BESTAND", help="schrijf naar dit bestand")
    p.set_defaults(handler=schema)

    p = ksub.add_parser(
        "valideer",
        help="een kaderbestand controleren (0 = geldig, 1 = problemen, 2 = onleesbaar)",
    )
    p.add_argument("bestand", metavar="BESTAND")
    p.add_argument("--format", choices=["tekst", "json"], default="tekst")
    p.add_argument(
        "--vertaling",
        metavar="BESTAND",
        action="append",
        default=[],
        help="controleer ook dit vertalingsbestand (naast de vertalingen in de map "
        "'vertalingen' naast het kader)",
    )
    p.set_defaults(handler=valideer)


def _toepassen(ksub: argparse._SubParsersAction[argparse_nl.Parser]) -> None:
    """beslis, stroomschema: answers applied, the flow drawn."""
    p = ksub.add_parser("beslis", help="antwoorden en signalen toepassen op een kader (JSON)")
    p.add_argument("kader", metavar="KADER")
    p.add_argument(
        "--antwoorden",
        metavar="BESTAND",
        required=True,
        help='JSON-bestand of - voor standaardinvoer: {"route": ..., "antwoorden": {"1": "ja"}, '
        '"signalen": [...]}',
    )
    p.set_defaults(handler=beslis_cmd)

    p = ksub.add_parser("stroomschema", help="het stroomschema tekenen (SVG of Mermaid)")
    p.add_argument("kader", metavar="KADER")
    p.add_argument("--format", choices=["svg", "mermaid"], default="svg")
    p.add_argument("-o", "--uitvoer", metavar="BESTAND", required=True)
    p.add_argument("--route", metavar="ROUTE", help="teken alleen deze route")
    p.add_argument(
        "--pad", metavar="BESTAND", help="antwoordenbestand (zoals bij beslis): markeer dit pad"
    )
    p.set_defaults(handler=stroomschema)


def _vergelijken(ksub: argparse._SubParsersAction[argparse_nl.Parser]) -> None:
    """verschil, toets, test: a framework against another, the law's minimum or its
    test situations."""
    p = ksub.add_parser(
        "verschil",
        help="wat verschilt tussen twee kaders of versies (vragen, antwoorden, uitkomsten, "
        "normen, catalogi)",
    )
    p.add_argument("oud", metavar="A", help=_VERWIJZING)
    p.add_argument("nieuw", metavar="B", help=_VERWIJZING)
    p.add_argument("--format", choices=["tekst", "markdown", "json"], default="tekst")
    p.add_argument("-o", "--uitvoer", metavar="BESTAND", help="schrijf naar dit bestand")
    p.set_defaults(handler=verschil_cmd)

    p = ksub.add_parser(
        "toets",
        help="conformiteitstoets: wettelijk minimum en vergelijking met basis "
        "(0 = voldoet, 1 = wettelijk minimum geschonden, 2 = onleesbaar)",
    )
    p.add_argument("kader", metavar="KADER", help=_VERWIJZING)
    p.add_argument("--format", choices=["tekst", "markdown", "json"], default="tekst")
    p.add_argument("-o", "--uitvoer", metavar="BESTAND", help="schrijf naar dit bestand")
    p.set_defaults(handler=toets_cmd)

    p = ksub.add_parser(
        "test",
        help="testsituaties van een kader doorrekenen (0 = alle geslaagd, 1 = mislukt, "
        "2 = foute invoer)",
    )
    p.add_argument("kader", metavar="KADER", help=_VERWIJZING)
    p.add_argument(
        "situaties",
        metavar="SITUATIES",
        nargs="?",
        help="YAML-bestand met situaties; zonder: de meegeleverde situaties van het kader",
    )
    p.add_argument("--format", choices=["tekst", "json"], default="tekst")
    p.set_defaults(handler=test_cmd)


def _schrijf(tekst: str, uitvoer: str | None) -> None:
    if uitvoer is None:
        sys.stdout.write(tekst if tekst.endswith("\n") else tekst + "\n")
        return
    try:
        Path(uitvoer).write_text(tekst, encoding="utf-8")
    except OSError as fout:
        raise OnleesbaarKader(f"{uitvoer}: kan niet schrijven ({fout.strerror}).") from fout
    print(f"Geschreven: {uitvoer}", file=sys.stderr)


def _ongeldig(verwijzing: str, fout: OngeldigKader) -> OnleesbaarKader:
    regels = "\n".join("  " + p.als_tekst() for p in fout.problemen if p.ernst is Ernst.FOUT)
    return OnleesbaarKader(
        f"{verwijzing} is geen geldig afwegingskader ({fout}); controleer het met "
        f"'meldwijzer kader valideer {verwijzing}':\n{regels}"
    )


def _kader(verwijzing: str) -> Afwegingskader:
    try:
        return zoek_kader(verwijzing)
    except OngeldigKader as fout:
        raise _ongeldig(verwijzing, fout) from fout


def lijst(args: argparse.Namespace) -> int:
    rijen = []
    for kader_id in meegeleverde_kaders():
        k = laad_kader(kader_id)
        rijen.append(
            {
                "id": k.id,
                "titel": k.model.titel,
                "versie": k.versie,
                "beroepsgroep": k.model.beroepsgroep,
                "status": k.model.status.value,
                "geldig_vanaf": k.model.geldig_vanaf.isoformat(),
                "hash": k.hash,
                "bron": "meegeleverd",
            }
        )
    if args.format == "json":
        print(json.dumps(rijen, ensure_ascii=False, indent=2))
        return 0
    breedte = max((len(r["id"]) for r in rijen), default=2)
    for r in rijen:
        print(f"{r['id']:<{breedte}}  {r['versie']:<8}  {r['beroepsgroep']}")
        print(f"{'':<{breedte}}  {r['titel']} ({r['status']}, geldig vanaf {r['geldig_vanaf']})")
    return 0


def _vertaling(verwijzing: str, kader: Afwegingskader, taal: str) -> Vertaling:
    """The translation of this framework into ``taal``: beside the file, or shipped."""
    if Path(verwijzing).is_file():
        bestanden = vertalingsbestanden(Path(verwijzing), kader.id)
    else:
        bestanden = meegeleverde_vertalingen(kader.id)
    pad = bestanden.get(taal)
    if pad is None:
        talen = ", ".join(sorted(bestanden)) or "geen"
        raise OnleesbaarKader(
            f"Kader '{kader.id}' heeft geen vertaling '{taal}' (vertalingen: {talen}); laat "
            "--taal weg voor het Nederlands."
        )
    verslag = lees_vertaling(pad, kader)
    if verslag.vertaling is None:
        raise OnleesbaarKader(
            f"De vertaling {pad} is ongeldig; controleer haar met 'meldwijzer kader valideer "
            f"{verwijzing}'."
        )
    if not verslag.vertaling.geldt_voor(kader):
        raise OnleesbaarKader(
            f"De vertaling {pad} noemt versie {kader.versie} van het kader niet in 'versies'; "
            "controleer de teksten tegen deze versie en voeg haar toe."
        )
    return verslag.vertaling


def toon(args: argparse.Namespace) -> int:
    from meldwijzer.kader import export

    k = _kader(args.kader)
    taal = args.taal.strip().lower()
    if taal != BRONTAAL:
        if args.format != "markdown":
            raise OnleesbaarKader(
                "--taal werkt alleen met --format markdown: de andere formaten geven het kader "
                "zelf, en dat is Nederlands."
            )
        from meldwijzer.kader.handout_vertaald import als_markdown_vertaald

        _schrijf(als_markdown_vertaald(k, _vertaling(args.kader, k, taal)), args.uitvoer)
        return 0
    if args.format == "fhir-questionnaire":
        from meldwijzer.kader import fhir

        tekst = json.dumps(fhir.questionnaire(k), ensure_ascii=False, indent=2)
        _schrijf(tekst, args.uitvoer)
        return 0
    maker = {"json": export.als_json, "yaml": export.als_yaml, "markdown": export.als_markdown}
    _schrijf(maker[args.format](k), args.uitvoer)
    return 0


def schema(args: argparse.Namespace) -> int:
    from meldwijzer.kader import export

    _schrijf(json.dumps(export.json_schema(), ensure_ascii=False, indent=2), args.uitvoer)
    return 0


def _vertalingen(pad: Path, kader: Afwegingskader, extra: list[str]) -> list[Vertaalverslag]:
    """The translations beside the framework file and those named with --vertaling, checked."""
    bestanden = list(vertalingsbestanden(pad, kader.id).values())
    for naam in extra:
        if Path(naam).resolve() not in {b.resolve() for b in bestanden}:
            bestanden.append(Path(naam))
    return [lees_vertaling(b, kader) for b in bestanden]


def valideer(args: argparse.Namespace) -> int:
    pad = Path(args.bestand)
    tekst = lees_bestand(pad)
    if is_vertaling(tekst):
        raise OnleesbaarKader(
            f"{pad} is een vertaling, geen kader; controleer haar samen met het kader: "
            f"'meldwijzer kader valideer KADERBESTAND --vertaling {pad}' (een vertaling in de "
            "map 'vertalingen' naast het kader wordt vanzelf meegenomen)."
        )
    kader, problemen = controleer_tekst(tekst, str(pad))
    fouten = [p for p in problemen if p.ernst is Ernst.FOUT]
    verslagen = [] if kader is None else _vertalingen(pad, kader, args.vertaling)
    for verslag in verslagen:
        problemen = [*problemen, *verslag.problemen]
    vertaalfouten = any(v.vertaling is None for v in verslagen)
    if args.format == "json":
        uit: dict[str, Any] = {
            "geldig": kader is not None,
            "problemen": [p.als_dict() for p in problemen],
        }
        if kader is not None:
            uit["kader"] = {
                "id": kader.id,
                "versie": kader.versie,
                "hash": kader.hash,
                "formaat": kader.model.formaat,
            }
            uit["vertalingen"] = [v.als_dict() for v in verslagen]
        print(json.dumps(uit, ensure_ascii=False, indent=2))
    else:
        for probleem in problemen:
            print(probleem.als_tekst())
        if kader is not None:
            print(
                f"{pad}: geldig afwegingskader '{kader.id}' versie {kader.versie} "
                f"(hash {kader.hash[:12]}), kaderformaat {kader.model.formaat}."
            )
            for verslag in verslagen:
                print(f"{pad}: {samenvatting(verslag)}")
        else:
            print(
                f"{pad}: {telwoord.aantal(len(fouten), 'fout', 'fouten')}; "
                "het kader is niet te gebruiken."
            )
    return 0 if kader is not None and not vertaalfouten else 1


# An answers file holds one answer per afweging and a list of signals, two levels deep; these
# bounds are far above any real one (docs/handleiding-cli.md, 'kader beslis').
MAX_ANTWOORDEN_TEKENS = 4_000_000
MAX_ANTWOORDEN_DIEPTE = 8
_VOORBEELD = 'Verwacht bijvoorbeeld {"antwoorden": {"1": "ja", "2": "nee"}, "signalen": []}.'


def lees_antwoorden(bron: str) -> dict[str, Any]:
    """Read and shape-check an answers file (the beslis contract); errors are BeslisFout."""
    if bron == "-":
        tekst = sys.stdin.read(MAX_ANTWOORDEN_TEKENS + 1)
        naam = "standaardinvoer"
    else:
        try:
            with Path(bron).open(encoding="utf-8") as bestand:
                tekst = bestand.read(MAX_ANTWOORDEN_TEKENS + 1)
        except FileNotFoundError as fout:
            raise BeslisFout(f"{bron}: antwoordenbestand niet gevonden.") from fout
        except (OSError, UnicodeDecodeError) as fout:
            raise BeslisFout(f"{bron}: kan het antwoordenbestand niet lezen ({fout}).") from fout
        naam = bron
    if len(tekst) > MAX_ANTWOORDEN_TEKENS:
        raise BeslisFout(
            f"{naam}: de antwoorden zijn groter dan {MAX_ANTWOORDEN_TEKENS // 1_000_000} MB; "
            f"een antwoordenbestand is veel kleiner. {_VOORBEELD}"
        )
    try:
        data = json_diepte.lees(tekst, MAX_ANTWOORDEN_DIEPTE)
    except json_diepte.TeDiepGenest as fout:
        raise BeslisFout(f"{naam}: {fout}. {_VOORBEELD}") from fout
    except json.JSONDecodeError as fout:
        raise BeslisFout(
            f"{naam}: geen geldige JSON (regel {fout.lineno}, kolom {fout.colno}: {fout.msg}). "
            f"{_VOORBEELD}"
        ) from fout
    if not isinstance(data, dict):
        raise BeslisFout(f'{naam}: verwacht een JSON-object met "antwoorden", geen {_soort(data)}.')
    onbekend = set(data) - {"route", "antwoorden", "signalen"}
    if onbekend:
        raise BeslisFout(
            f"{naam}: onbekend veld {', '.join(sorted(onbekend))}; toegestaan zijn route, "
            "antwoorden en signalen."
        )
    antwoorden = data.get("antwoorden", {})
    if not isinstance(antwoorden, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in antwoorden.items()
    ):
        raise BeslisFout(
            f'{naam}: "antwoorden" moet een object zijn van afweging naar antwoord, bijvoorbeeld '
            '{"1": "ja", "2": "nee"} (afweging en antwoord allebei als tekst).'
        )
    signalen = data.get("signalen", [])
    if not isinstance(signalen, list) or not all(isinstance(s, str) for s in signalen):
        raise BeslisFout(f'{naam}: "signalen" moet een lijst van item-id\'s (tekst) zijn.')
    route = data.get("route")
    if route is not None and not isinstance(route, str):
        raise BeslisFout(f'{naam}: "route" moet tekst zijn.')
    return {"route": route, "antwoorden": antwoorden, "signalen": signalen}


def _soort(waarde: object) -> str:
    return {list: "lijst", str: "tekst", int: "getal", float: "getal", bool: "waarheidswaarde"}.get(
        type(waarde), "losse waarde"
    )


def _pas_toe(k: Afwegingskader, invoer: dict[str, Any]) -> Beslissing:
    return beslis(k, invoer["antwoorden"], invoer["signalen"], invoer["route"])


def beslis_cmd(args: argparse.Namespace) -> int:
    k = _kader(args.kader)
    invoer = lees_antwoorden(args.antwoorden)
    uitkomst = _pas_toe(k, invoer)
    print(json.dumps(uitkomst.als_dict(), ensure_ascii=False, indent=2))
    return 0


def stroomschema(args: argparse.Namespace) -> int:
    from meldwijzer.kader import stroomschema as teken

    k = _kader(args.kader)
    pad = None
    route = args.route
    if args.pad:
        pad = _pas_toe(k, lees_antwoorden(args.pad))
        if route is not None and route != pad.route:
            raise BeslisFout(
                f"--route {route} past niet bij het pad, dat route '{pad.route}' volgt."
            )
        route = pad.route
    elif route is not None:
        k.route(route)  # a clear error for an unknown route
    teken_fn = teken.teken_svg if args.format == "svg" else teken.teken_mermaid
    try:
        tekst = teken_fn(k, route=route, pad=pad)
    except ValueError as fout:  # a pad that does not fit the framework
        raise BeslisFout(str(fout)) from fout
    _schrijf(tekst, args.uitvoer)
    return 0


def verschil_cmd(args: argparse.Namespace) -> int:
    from meldwijzer.kader import verschil_weergave
    from meldwijzer.kader.verschil import verschil

    uitkomst = verschil(_kader(args.oud), _kader(args.nieuw))
    maker = {
        "tekst": verschil_weergave.als_tekst,
        "markdown": verschil_weergave.als_markdown,
        "json": verschil_weergave.als_json,
    }
    _schrijf(maker[args.format](uitkomst), args.uitvoer)
    return 0


def toets_cmd(args: argparse.Namespace) -> int:
    from meldwijzer.kader import toets_weergave
    from meldwijzer.kader.toets import toets, toets_tekst

    verwijzing = args.kader
    pad = Path(verwijzing)
    is_bestand = verwijzing not in meegeleverde_kaders() and (
        pad.suffix in {".yaml", ".yml"} or pad.exists()
    )
    if is_bestand:
        # A file whose only errors break the legal minimum still gets its report (exit 1).
        try:
            rapport = toets_tekst(lees_bestand(pad), str(pad))
        except OngeldigKader as fout:
            raise _ongeldig(verwijzing, fout) from fout
    else:
        rapport = toets(_kader(verwijzing))
    maker = {
        "tekst": toets_weergave.als_tekst,
        "markdown": toets_weergave.als_markdown,
        "json": toets_weergave.als_json,
    }
    _schrijf(maker[args.format](rapport), args.uitvoer)
    return 0 if rapport.voldoet else 1


def test_cmd(args: argparse.Namespace) -> int:
    from meldwijzer.kader import situaties

    k = _kader(args.kader)
    bestand = args.situaties
    if bestand is None:
        kader_id = args.kader.partition("@")[0]
        meegeleverd = None
        if kader_id in meegeleverde_kaders():
            meegeleverd = meegeleverde_situaties().get(kader_id)
        if meegeleverd is None:
            raise OnleesbaarKader(
                f"Geen meegeleverde situaties voor '{args.kader}'; geef een situatiebestand: "
                f"meldwijzer kader test {args.kader} SITUATIES."
            )
        bestand = str(meegeleverd)
    uitslag = situaties.voer_uit(k, situaties.lees_situatiebestand(bestand), bestand)
    maker = situaties.als_json if args.format == "json" else situaties.als_tekst
    _schrijf(maker(uitslag), None)
    return 0 if uitslag.geslaagd else 1
