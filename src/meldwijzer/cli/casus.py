"""`meldwijzer casus exporteer | importeer`: transfer a casus to another organisation from the
command line (dossier.services.transfer), as a named user of the
organisation, with the same permission checks, audit events and access records as the web
pages.

The passphrase comes from the environment variable ``MELDWIJZER_OVERDRACHT_WACHTWOORD`` or, at a
terminal, from a prompt — never from an argument (it would stay in the shell history and the
process list).

Exit codes: 0 done, 2 refused (bad input, a file that cannot be read, no permission): a Dutch
message on stderr, nothing stored.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten

WACHTWOORD_VAR = "MELDWIJZER_OVERDRACHT_WACHTWOORD"


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    casus = sub.add_parser("casus", help="een casus overdragen aan een andere organisatie")
    csub = casus.add_subparsers(dest="casus_commando", metavar="OPDRACHT")
    csub.required = True

    p = csub.add_parser("exporteer", help="een versleuteld overdrachtsbestand van een casus maken")
    p.add_argument("kenmerk", metavar="KENMERK", help="het kenmerk van de casus")
    _wie(p)
    p.add_argument("--ontvanger", default="", help="naar welke organisatie (voor het auditspoor)")
    p.add_argument("-o", "--naar", metavar="BESTAND", required=True, help="schrijf hierheen")
    p.set_defaults(handler=exporteer)

    p = csub.add_parser("importeer", help="een overdrachtsbestand inlezen als nieuwe casus")
    p.add_argument("bestand", metavar="BESTAND")
    _wie(p)
    p.set_defaults(handler=importeer)


def _wie(p: argparse.ArgumentParser) -> None:
    p.add_argument("--organisatie", metavar="NAAM", required=True, help="de eigen organisatie")
    p.add_argument(
        "--gebruiker",
        metavar="GEBRUIKERSNAAM",
        required=True,
        help="namens wie (een lid van de organisatie; zijn rol bepaalt wat mag)",
    )


def _fout(tekst: str) -> int:
    print(f"meldwijzer: {tekst}", file=sys.stderr)
    return 2


def _lid(args: argparse.Namespace) -> Any:
    from meldwijzer.accounts.models import Membership

    return (
        Membership.objects.select_related("user", "organisatie")
        .filter(
            organisatie__naam=args.organisatie,
            user__username=args.gebruiker,
            actief=True,
            user__is_active=True,
        )
        .first()
    )


def _wachtwoord(herhalen: bool) -> str | None:
    uit_omgeving = os.environ.get(WACHTWOORD_VAR)
    if uit_omgeving:
        return uit_omgeving
    if not sys.stdin.isatty():
        return None
    eerste = getpass.getpass("Wachtwoord voor het overdrachtsbestand: ")
    if herhalen and getpass.getpass("Nogmaals: ") != eerste:
        return ""
    return eerste


def _tekst(fout: Exception) -> str:
    berichten = getattr(fout, "messages", None)
    return " ".join(str(b) for b in berichten) if berichten else str(fout)


def exporteer(args: argparse.Namespace) -> int:
    django_opzetten()
    from django.core.exceptions import PermissionDenied, ValidationError

    from meldwijzer.dossier import services
    from meldwijzer.dossier.models import Casus

    lid = _lid(args)
    if lid is None:
        return _fout(f"'{args.gebruiker}' is geen actief lid van '{args.organisatie}'.")
    casus = Casus.objects.filter(organisatie=lid.organisatie, kenmerk=args.kenmerk).first()
    if casus is None:
        return _fout(f"casus {args.kenmerk} bestaat niet in {args.organisatie}.")
    wachtwoord = _wachtwoord(herhalen=True)
    if wachtwoord is None:
        return _fout(f"geef het wachtwoord in de omgevingsvariabele {WACHTWOORD_VAR}.")
    # Open the target first: an unwritable path is refused before anything is exported and
    # recorded in the audit trail, and no traceback reaches the user.
    naar = Path(args.naar)
    bestond = naar.exists()
    try:
        uit = naar.open("wb")
    except OSError as fout:
        return _fout(f"{args.naar} is niet te schrijven ({fout.strerror}); kies een andere plek.")
    with uit:
        try:
            export = services.exporteer_casus(
                actor=lid, casus=casus, wachtwoord=wachtwoord, ontvanger=args.ontvanger
            )
        except (PermissionDenied, ValidationError) as fout:
            uit.close()
            if not bestond:
                naar.unlink(missing_ok=True)
            return _fout(_tekst(fout))
        uit.write(export.inhoud)
    print(f"{args.naar}: casus {casus.kenmerk} versleuteld (sha256 {export.sha256}).")
    return 0


def importeer(args: argparse.Namespace) -> int:
    django_opzetten()
    from django.core.exceptions import PermissionDenied, ValidationError

    from meldwijzer.dossier import services

    lid = _lid(args)
    if lid is None:
        return _fout(f"'{args.gebruiker}' is geen actief lid van '{args.organisatie}'.")
    try:
        bestand = Path(args.bestand).read_bytes()
    except OSError:
        return _fout(f"{args.bestand} bestaat niet of is niet leesbaar.")
    wachtwoord = _wachtwoord(herhalen=False)
    if wachtwoord is None:
        return _fout(f"geef het wachtwoord in de omgevingsvariabele {WACHTWOORD_VAR}.")
    try:
        casus = services.importeer_casus(actor=lid, bestand=bestand, wachtwoord=wachtwoord)
    except (PermissionDenied, ValidationError) as fout:
        return _fout(f"{args.bestand}: {_tekst(fout)}")
    print(f"Casus ingelezen als {casus.kenmerk} in {lid.organisatie.naam}.")
    return 0
