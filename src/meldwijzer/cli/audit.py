"""`meldwijzer audit verifieer | koppen`: check the hash chains of the audit trail, the access
log and the login events, and keep their heads outside the database (audit.keten).

Exit codes: 0 everything verifies, 1 a chain was tampered with (the first row per chain is named),
2 bad input (an unreadable heads file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from meldwijzer import telwoord
from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    audit = sub.add_parser(
        "audit", help="de hashketens van audittrail, toegangslog en inloggebeurtenissen controleren"
    )
    asub = audit.add_subparsers(dest="audit_commando", metavar="OPDRACHT")
    asub.required = True

    p = asub.add_parser(
        "verifieer",
        help="elke keten narekenen (0 = in orde, 1 = gewijzigd/verwijderd/ingevoegd, 2 = fout)",
    )
    p.add_argument(
        "--koppen",
        metavar="BESTAND",
        help="eerder bewaarde ketenkoppen (van 'audit koppen'): vindt ook verwijderde laatste "
        "rijen",
    )
    p.add_argument("--organisatie", type=int, action="append", metavar="ID", help="alleen deze")
    p.add_argument("--format", choices=["tekst", "json"], default="tekst")
    p.set_defaults(handler=verifieer)

    p = asub.add_parser("koppen", help="de huidige ketenkoppen, om buiten de database te bewaren")
    p.add_argument("-o", "--naar", metavar="BESTAND", help="schrijf naar dit bestand")
    p.set_defaults(handler=koppen)


def _lees_koppen(pad: str) -> list[dict[str, Any]]:
    from meldwijzer import json_diepte
    from meldwijzer.audit.keten import KoppenFout, lees_koppen

    try:
        inhoud = json_diepte.lees(Path(pad).read_bytes())
        return lees_koppen(inhoud)
    except FileNotFoundError as fout:
        raise KoppenFout(f"{pad} bestaat niet") from fout
    except (OSError, ValueError) as fout:
        raise KoppenFout(f"{pad} is geen leesbaar bestand met ketenkoppen ({fout})") from fout


def verifieer(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.audit import keten

    bewaard: list[dict[str, Any]] = []
    if args.koppen:
        try:
            bewaard = _lees_koppen(args.koppen)
        except keten.KoppenFout as fout:
            print(
                f"meldwijzer: {fout}. Geef het bestand van 'meldwijzer audit koppen'.",
                file=sys.stderr,
            )
            return 2
    verslag = keten.verifieer(args.organisatie)
    bevindingen = [*verslag.bevindingen, *keten.vergelijk_koppen(bewaard)]
    if args.format == "json":
        print(
            json.dumps(
                {
                    "in_orde": not bevindingen,
                    "ketens": verslag.ketens,
                    "rijen": verslag.rijen,
                    "koppen_vergeleken": len(bewaard),
                    "bevindingen": [b.als_dict() for b in bevindingen],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 1 if bevindingen else 0
    if not bevindingen:
        extra = f"; {len(bewaard)} bewaarde koppen bereikt" if bewaard else ""
        print(f"In orde: {verslag.ketens} ketens, {verslag.rijen} rijen nagerekend{extra}.")
        return 0
    print(
        f"Niet in orde: {telwoord.aantal(len(bevindingen), 'keten', 'ketens')} met een probleem "
        f"({verslag.rijen} rijen nagerekend).",
        file=sys.stderr,
    )
    for b in bevindingen:
        print(
            f"  {keten.eigenaar(b.organisatie_id)}, keten {b.keten}: {b.soort} — {b.tekst}",
            file=sys.stderr,
        )
    return 1


def koppen(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.audit import keten

    tekst = json.dumps(keten.koppen(), ensure_ascii=False, indent=2) + "\n"
    if args.naar:
        try:
            Path(args.naar).write_text(tekst, encoding="utf-8")
        except OSError as fout:
            print(f"meldwijzer: kan {args.naar} niet schrijven: {fout}", file=sys.stderr)
            return 2
        print(f"Ketenkoppen geschreven naar {args.naar}. Bewaar dit bestand buiten de database.")
    else:
        sys.stdout.write(tekst)
    return 0
