"""`meldwijzer demo genereer`: fill a database with synthetic, clearly fake data in bulk for
benchmarks and capacity tests (meldwijzer.synthetisch). `meldwijzer demo code [ACCOUNT]`: the
current two-factor code of a demo account of ``make run``, so a newcomer logs in without a phone
(refused where demo accounts are not allowed, as in production).

The users are ordinary accounts with a password and a TOTP device, so they log in under
production settings; their credentials (with the TOTP secrets) go to the file of
``--inloggegevens`` (mode 0600). Free disk space is checked first: too little, and nothing is
written (exit 2). Progress on a terminal; a summary at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten
from meldwijzer.cli.voortgang import Voortgang


def _positief(tekst: str) -> int:
    try:
        waarde = int(tekst)
    except ValueError as fout:
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen geheel getal") from fout
    if waarde < 1:
        raise argparse.ArgumentTypeError(f"'{tekst}' moet 1 of meer zijn")
    return waarde


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    d = sub.add_parser(
        "demo", help="synthetische (fictieve) gegevens voor metingen; codes van demo-accounts"
    )
    dsub = d.add_subparsers(dest="demo_commando", metavar="OPDRACHT")
    dsub.required = True
    p = dsub.add_parser(
        "genereer",
        help="organisaties, gebruikers en casussen met fictieve gegevens in bulk aanmaken",
    )
    p.add_argument("--organisaties", type=_positief, default=1, metavar="N")
    p.add_argument("--casussen", type=_positief, required=True, metavar="M")
    p.add_argument(
        "--inloggegevens",
        type=Path,
        default=Path("synthetisch-inloggegevens.json"),
        metavar="BESTAND",
        help="hier komen gebruikersnamen, wachtwoord en TOTP-geheimen (alleen voor de eigenaar "
        "leesbaar)",
    )
    p.add_argument("--seed", type=int, default=10, help="voor herhaalbare gegevens")
    p.add_argument(
        "--processen",
        type=_positief,
        default=os.cpu_count() or 1,
        metavar="P",
        help="zoveel processen tegelijk (standaard: het aantal kernen; per organisatie één)",
    )
    p.set_defaults(handler=genereer)
    c = dsub.add_parser(
        "code",
        help="de huidige inlogcode (tweede stap) van een demo-account, voor wie geen "
        "authenticator-app bij de hand heeft (alleen in de ontwikkelinstellingen)",
    )
    c.add_argument(
        "gebruikersnaam",
        nargs="?",
        default="beroepskracht",
        help="het demo-account (standaard: beroepskracht)",
    )
    c.set_defaults(handler=code)


def code(args: argparse.Namespace) -> int:
    """Print the demo account's current six-digit code; refused outside development."""
    django_opzetten()
    from meldwijzer.accounts.services import DemoNietToegestaan, demo_code

    try:
        print(demo_code(args.gebruikersnaam))
    except DemoNietToegestaan as fout:
        print(f"meldwijzer: {fout}", file=sys.stderr)
        return 2
    return 0


def genereer(args: argparse.Namespace) -> int:
    django_opzetten()
    from django.conf import settings

    from meldwijzer.synthetisch.genereer import (
        Generator,
        TeWeinigRuimte,
        controleer_ruimte,
        schrijf_credentials,
    )

    if args.organisaties > args.casussen:
        print("meldwijzer: --organisaties mag niet groter zijn dan --casussen.", file=sys.stderr)
        return 2
    if getattr(settings, "MELDWIJZER_DEMO_TOEGESTAAN", True) is False and (
        os.environ.get("MELDWIJZER_SYNTHETISCH_TOEGESTAAN") != "ja"
    ):
        print(
            "meldwijzer: synthetische gegevens horen niet in een productiedatabase. Zet "
            "MELDWIJZER_SYNTHETISCH_TOEGESTAAN=ja alleen op een meetomgeving.",
            file=sys.stderr,
        )
        return 2
    try:
        nodig, vrij = controleer_ruimte(args.casussen)
    except TeWeinigRuimte as fout:
        print(f"meldwijzer: {fout}", file=sys.stderr)
        return 2
    print(
        f"Naar schatting {nodig / 1e6:.0f} MB nodig, {vrij / 1e9:.1f} GB vrij.",
        file=sys.stderr,
    )
    voortgang = Voortgang("Casussen")
    begin = time.monotonic()
    generator = Generator(
        organisaties=args.organisaties, casussen=args.casussen, seed=args.seed, voortgang=voortgang
    )
    resultaat = generator.draai(processen=args.processen)
    voortgang.klaar()
    duur = time.monotonic() - begin
    schrijf_credentials(args.inloggegevens, generator.credentials)
    print(
        f"{resultaat.organisaties} organisaties, {resultaat.gebruikers} gebruikers en "
        f"{resultaat.casussen} casussen aangemaakt in {duur:.0f} s "
        f"({resultaat.casussen / max(duur, 0.001):.0f} casussen per seconde)."
    )
    fasen = resultaat.fasen
    if fasen:
        print(
            f"  laden {fasen.get('laden', 0):.0f} s, indexen bouwen "
            f"{fasen.get('indexen', 0):.0f} s, statistieken {fasen.get('statistieken', 0):.0f} s"
        )
    for tabel, aantal in sorted(resultaat.rijen.items()):
        print(f"  {tabel}: {aantal} rijen")
    print(f"Inloggegevens: {args.inloggegevens} (alleen voor de eigenaar leesbaar).")
    return 0
