"""`meldwijzer applicatie`: register, list and revoke applications that use the API.

For the server's operator (docs/adr/0010): ``registreer`` makes a token usable at once, in the
name of a beheerder of the organisation, recorded as registered on the command line; the pages
instead ask the user the application acts for to approve it. The application acts for a
beroepskracht or aandachtsfunctionaris; the token is printed once.

Exit codes: 0 done, 1 refused (a rule of the service), 2 bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten

SCOPES = ("casus:lezen", "casus:schrijven", "kader:lezen")


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    p = sub.add_parser("applicatie", help="applicaties (API-tokens) registreren en intrekken")
    acties = p.add_subparsers(dest="actie", required=True, metavar="ACTIE")
    r = acties.add_parser("registreer", help="een applicatie registreren; toont het token één keer")
    r.add_argument("--beheerder", required=True, help="gebruikersnaam van de beheerder")
    r.add_argument("--naam", required=True, help="naam van de applicatie")
    r.add_argument(
        "--scope", action="append", required=True, choices=SCOPES, help="recht (herhaalbaar)"
    )
    r.add_argument("--namens", required=True, help="gebruikersnaam van wie de applicatie handelt")
    r.add_argument("--tot", required=True, metavar="JJJJ-MM-DD", help="geldig tot deze datum")
    r.set_defaults(handler=_registreer)
    lijst = acties.add_parser("lijst", help="de applicaties van de organisatie")
    lijst.add_argument("--beheerder", required=True, help="gebruikersnaam van de beheerder")
    lijst.set_defaults(handler=_lijst)
    i = acties.add_parser("intrekken", help="een applicatie intrekken; het token werkt niet meer")
    i.add_argument("--beheerder", required=True, help="gebruikersnaam van de beheerder")
    i.add_argument("id", type=int, help="nummer van de applicatie (zie ‘lijst’)")
    i.set_defaults(handler=_intrekken)


def _fout(tekst: str, code: int = 2) -> int:
    print(f"meldwijzer: {tekst}", file=sys.stderr)
    return code


def _lid(gebruikersnaam: str, *, beheerder: bool) -> Any:
    from meldwijzer.accounts.models import Membership, Rol

    qs = Membership.objects.filter(user__username=gebruikersnaam, actief=True).select_related(
        "user", "organisatie"
    )
    if beheerder:
        qs = qs.filter(rol=Rol.BEHEERDER)
    return list(qs)


def _beheerder(gebruikersnaam: str) -> Any:
    leden = _lid(gebruikersnaam, beheerder=True)
    if len(leden) != 1:
        return None
    return leden[0]


def _registreer(args: argparse.Namespace) -> int:
    try:
        tot = dt.date.fromisoformat(args.tot)
    except ValueError:
        return _fout(f"--tot {args.tot!r} is geen datum; schrijf JJJJ-MM-DD.")
    django_opzetten()
    from django.core.exceptions import PermissionDenied, ValidationError

    from meldwijzer.applicaties.services import registreer_applicatie

    actor = _beheerder(args.beheerder)
    if actor is None:
        return _fout(f"{args.beheerder!r} is geen (actieve) beheerder van één organisatie.")
    namens = [
        m for m in _lid(args.namens, beheerder=False) if m.organisatie_id == actor.organisatie_id
    ]
    if not namens:
        return _fout(f"{args.namens!r} is geen gebruiker van {actor.organisatie}.")
    try:
        applicatie, token = registreer_applicatie(
            actor=actor, naam=args.naam, scopes=args.scope, namens=namens[0], verloopt_op=tot
        )
    except (ValidationError, PermissionDenied) as fout:
        teksten = fout.messages if isinstance(fout, ValidationError) else [str(fout)]
        return _fout(" ".join(teksten), 1)
    print(
        f"Applicatie {applicatie.pk} ({applicatie.naam}) geregistreerd. Het token staat hieronder "
        "en wordt niet nog eens getoond:",
        file=sys.stderr,
    )
    print(token)
    return 0


def _lijst(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.applicaties.services import applicaties

    actor = _beheerder(args.beheerder)
    if actor is None:
        return _fout(f"{args.beheerder!r} is geen (actieve) beheerder van één organisatie.")
    for a in applicaties(actor):
        status = (
            "ingetrokken"
            if a.is_ingetrokken
            else "verlopen"
            if a.is_verlopen
            else "wacht op goedkeuring"
            if a.wacht_op_goedkeuring
            else "actief"
        )
        print(
            f"{a.pk}\t{a.naam}\t{','.join(a.scopes)}\tnamens {a.namens.user.username}\t"
            f"tot {a.verloopt_op:%Y-%m-%d}\t{status}"
        )
    return 0


def _intrekken(args: argparse.Namespace) -> int:
    django_opzetten()
    from django.core.exceptions import ValidationError

    from meldwijzer.applicaties.services import trek_applicatie_in

    actor = _beheerder(args.beheerder)
    if actor is None:
        return _fout(f"{args.beheerder!r} is geen (actieve) beheerder van één organisatie.")
    try:
        applicatie = trek_applicatie_in(actor=actor, applicatie_id=args.id)
    except ValidationError as fout:
        return _fout(" ".join(fout.messages), 1)
    print(f"Applicatie {applicatie.pk} ({applicatie.naam}) is ingetrokken.")
    return 0
