"""`meldwijzer kader importeer / publiceer / versies / beheerder`: framework versions in the
database (docs/adr/0006). Django is set up only when one of these runs (DESIGN.md, 'Layers').

Also registers the database as a source of ``id@versie`` for the file-based commands, so
``meldwijzer kader verschil basis@2018.2 mijnkader@1.0`` finds versions imported here.

Exit codes: 0 done; 1 the file or the request is refused (every problem printed, each with its
line); 2 unreadable input or a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from meldwijzer import telwoord
from meldwijzer.cli.django_commandos import django_opzetten
from meldwijzer.kader import Afwegingskader, OnbekendKader, meegeleverde_kaders
from meldwijzer.kader.kaders import registreer_kaderbron
from meldwijzer.kader.laden import lees_bestand

if TYPE_CHECKING:
    from meldwijzer.catalogus.geldigheid import Geldigheid


def registreer(
    sub: argparse._SubParsersAction[Any], kader_sub: argparse._SubParsersAction[Any]
) -> None:
    registreer_kaderbron(database_bron)

    p = kader_sub.add_parser(
        "importeer",
        help="een kaderbestand controleren en als concept in de database zetten (database; "
        "0 = opgeslagen, 1 = fouten, 2 = onleesbaar)",
    )
    p.add_argument("bestand", metavar="BESTAND")
    p.add_argument(
        "--beroepsorganisatie",
        metavar="NAAM",
        help="de organisatie (beroepsorganisatie) waarvan de kaderbeheerders dit kader beheren",
    )
    p.add_argument("--format", choices=["tekst", "json"], default="tekst")
    p.set_defaults(handler=importeer)

    p = kader_sub.add_parser(
        "publiceer",
        help="een conceptversie vaststellen met de datum waarop ze ingaat (database)",
    )
    p.add_argument("verwijzing", metavar="ID@VERSIE")
    p.add_argument(
        "--geldig-vanaf",
        metavar="DATUM",
        type=_datum,
        help="eerste dag (JJJJ-MM-DD), vandaag of later; standaard vandaag",
    )
    p.add_argument("--geldig-tot", metavar="DATUM", type=_datum, help="laatste dag (optioneel)")
    p.set_defaults(handler=publiceer)

    p = kader_sub.add_parser("versies", help="de kaderversies in de database (database)")
    p.add_argument("kader", metavar="ID", nargs="?", help="alleen dit kader")
    p.add_argument("--format", choices=["tekst", "json"], default="tekst")
    p.set_defaults(handler=versies)

    p = kader_sub.add_parser(
        "beheerder",
        help="een kaderbeheerder aanwijzen voor een beroepsorganisatie (database)",
    )
    p.add_argument("gebruikersnaam", metavar="GEBRUIKERSNAAM")
    p.add_argument("--beroepsorganisatie", metavar="NAAM", required=True)
    p.add_argument(
        "--naam", metavar="VOORNAAM_ACHTERNAAM", default="", help="bij een nieuw account"
    )
    p.set_defaults(handler=beheerder)


def _datum(tekst: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError as fout:
        raise argparse.ArgumentTypeError(
            f"'{tekst}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2027-01-01"
        ) from fout


def _fouttekst(fout: Exception) -> str:
    berichten = getattr(fout, "messages", None)
    return " ".join(str(b) for b in berichten) if berichten else str(fout)


# --- the database as a source of id@versie ----------------------------------------------------


def _database_beschikbaar() -> bool:
    """Django is installed and its database exists (a SQLite file is never created here)."""
    try:
        django_opzetten()
    except Exception:  # Django missing or misconfigured: only the shipped frameworks count
        return False
    from django.db import connection

    if connection.vendor != "sqlite":
        return True
    naam = str(connection.settings_dict.get("NAME") or "")
    if naam.startswith("file:"):  # a shared in-memory database (the test suites)
        return "mode=memory" in naam
    return naam not in ("", ":memory:") and Path(naam).exists()


def database_bron(kader_id: str, versie: str) -> Afwegingskader | None:
    """Look ``id@versie`` up in the versions table (concepts too: a policy adviser compares a
    concept before publishing it). None when the database lacks it or cannot be read; the
    shipped frameworks are then looked at, and a clear 'not installed' follows."""
    if not _database_beschikbaar():
        return None
    from django.db import DatabaseError

    from meldwijzer.catalogus.models import KaderVersie

    try:
        rij = KaderVersie.objects.filter(kader_id=kader_id, versie=versie).first()
    except DatabaseError:
        return None
    return None if rij is None else rij.kader()


# --- commands ------------------------------------------------------------------------------


def importeer(args: argparse.Namespace) -> int:
    pad = Path(args.bestand)
    tekst = lees_bestand(pad)  # OnleesbaarKader: exit 2
    django_opzetten()
    from django.core.exceptions import ValidationError

    from meldwijzer.accounts.models import Organisatie
    from meldwijzer.catalogus.services import importeer_kadertekst

    organisatie = None
    if args.beroepsorganisatie:
        organisatie = Organisatie.objects.filter(naam=args.beroepsorganisatie).first()
        if organisatie is None:
            print(
                f"meldwijzer: organisatie '{args.beroepsorganisatie}' bestaat niet; maak haar "
                "aan met 'meldwijzer kader beheerder' of laat --beroepsorganisatie weg.",
                file=sys.stderr,
            )
            return 1
    try:
        uitslag = importeer_kadertekst(tekst, str(pad), beroepsorganisatie=organisatie)
    except ValidationError as fout:
        print(f"meldwijzer: {pad}: {_fouttekst(fout)}", file=sys.stderr)
        return 1
    if args.format == "json":
        uit: dict[str, Any] = {
            "opgeslagen": uitslag.versie is not None,
            "problemen": [p.als_dict() for p in uitslag.problemen],
        }
        if uitslag.versie is not None:
            v = uitslag.versie
            uit["kader"] = {
                "id": v.kader_id,
                "versie": v.versie,
                "hash": v.hash,
                "status": v.status,
                "bestond_al": uitslag.bestond_al,
            }
        print(json.dumps(uit, ensure_ascii=False, indent=2))
    else:
        for probleem in uitslag.problemen:
            print(probleem.als_tekst())
        if uitslag.versie is None:
            print(
                f"{pad}: {telwoord.aantal(len(uitslag.fouten), 'fout', 'fouten')}; "
                "er is niets opgeslagen."
            )
        elif uitslag.bestond_al:
            v = uitslag.versie
            print(f"{v.verwijzing} stond er al ({v.get_status_display().lower()}, {v.hash[:12]}).")
        else:
            v = uitslag.versie
            print(
                f"{v.verwijzing} geïmporteerd als concept ({v.hash[:12]}). Stel het vast met: "
                f"meldwijzer kader publiceer {v.verwijzing} --geldig-vanaf JJJJ-MM-DD"
            )
    return 0 if uitslag.versie is not None else 1


def publiceer(args: argparse.Namespace) -> int:
    kader_id, _, versie_tekst = args.verwijzing.partition("@")
    if not kader_id or not versie_tekst:
        raise OnbekendKader(
            f"'{args.verwijzing}' is geen verwijzing naar een versie; schrijf ID@VERSIE, "
            "bijvoorbeeld mijnkader@1.0."
        )
    django_opzetten()
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from meldwijzer import datumtekst
    from meldwijzer.catalogus.models import KaderVersie
    from meldwijzer.catalogus.services import publiceer_kaderversie

    versie = KaderVersie.objects.filter(kader_id=kader_id, versie=versie_tekst).first()
    if versie is None:
        raise OnbekendKader(
            f"Versie {versie_tekst} van kader {kader_id} staat niet in de database; importeer "
            "het bestand eerst met 'meldwijzer kader importeer BESTAND'."
        )
    vanaf = args.geldig_vanaf or timezone.localdate()
    try:
        vast = publiceer_kaderversie(versie, geldig_vanaf=vanaf, geldig_tot=args.geldig_tot)
    except ValidationError as fout:
        print(f"meldwijzer: {args.verwijzing}: {_fouttekst(fout)}", file=sys.stderr)
        return 1
    tot = f" tot en met {datumtekst.datum(vast.geldig_tot)}" if vast.geldig_tot else ""
    print(f"{vast.verwijzing} vastgesteld, geldig vanaf {datumtekst.datum(vanaf)}{tot}.")
    return 0


class _Versieregel(TypedDict):
    """One line of ``kader versies`` (and one object of its JSON)."""

    id: str
    versie: str
    status: str
    geldig_vanaf: str | None
    geldig_tot: str | None
    hash: str
    titel: str
    meegeleverd: bool


def versies(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.catalogus.models import KaderVersie
    from meldwijzer.catalogus.selectors import geldigheden

    rijen = KaderVersie.objects.order_by("kader_id", "geladen_op", "pk")
    if args.kader:
        rijen = rijen.filter(kader_id=args.kader)
    perioden: dict[str, dict[int, Geldigheid[int]]] = {}
    uit: list[_Versieregel] = []
    for v in rijen:
        if v.kader_id not in perioden:
            perioden[v.kader_id] = geldigheden(v.kader_id)
        g = perioden[v.kader_id].get(v.pk)
        uit.append(
            {
                "id": v.kader_id,
                "versie": v.versie,
                "status": v.status,
                "geldig_vanaf": g.vanaf.isoformat() if g else None,
                "geldig_tot": g.tot.isoformat() if g and g.tot else None,
                "hash": v.hash,
                "titel": v.titel,
                "meegeleverd": v.kader_id in meegeleverde_kaders(),
            }
        )
    if args.format == "json":
        print(json.dumps(uit, ensure_ascii=False, indent=2))
        return 0
    if not uit:
        print("Geen kaderversies in de database; laad ze met 'manage.py laadkaders'.")
    breedte = max((len(f"{r['id']}@{r['versie']}") for r in uit), default=0)
    for r in uit:
        if r["geldig_vanaf"]:
            periode = f"geldig vanaf {r['geldig_vanaf']}" + (
                f" t/m {r['geldig_tot']}" if r["geldig_tot"] else ""
            )
        else:
            periode = "nog niet geldig"
        verwijzing = f"{r['id']}@{r['versie']}"
        print(f"{verwijzing:<{breedte}}  {r['status']:<12} {periode:<36} {r['hash'][:12]}")
    return 0


def beheerder(args: argparse.Namespace) -> int:
    """Make a user the kaderbeheerder of a beroepsorganisatie (an organisation in Meldwijzer):
    both are created when missing; a new account gets a first passphrase, shown once, and sets
    up two factors at its first login."""
    django_opzetten()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from meldwijzer.accounts.gebruikersnamen import controleer_nieuwe_gebruikersnaam
    from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
    from meldwijzer.accounts.tweestaps import beeindig_sessies

    gebruikersnaam = args.gebruikersnaam
    if not User.objects.filter(username=gebruikersnaam).exists():
        try:  # a new account: the name checked before anything is stored
            gebruikersnaam = controleer_nieuwe_gebruikersnaam(gebruikersnaam)
        except ValidationError as fout:
            print(f"meldwijzer: {' '.join(fout.messages)}", file=sys.stderr)
            return 2
    with transaction.atomic():
        organisatie, org_nieuw = Organisatie.objects.get_or_create(naam=args.beroepsorganisatie)
        user = User.objects.filter(username=gebruikersnaam).first()
        wachtwoord = None
        if user is None:
            voornaam, _, achternaam = args.naam.partition(" ")
            wachtwoord = "-".join(secrets.token_urlsafe(6) for _i in range(4))
            user = User.objects.create_user(
                gebruikersnaam,
                password=wachtwoord,
                first_name=voornaam,
                last_name=achternaam,
            )
        _lid, lid_nieuw = Membership.objects.update_or_create(
            user=user,
            organisatie=organisatie,
            defaults={"rol": Rol.KADERBEHEERDER, "actief": True},
        )
        if not lid_nieuw:
            beeindig_sessies(user)  # a changed role: open sessions start again
    if org_nieuw:
        print(f"Organisatie '{organisatie.naam}' aangemaakt.")
    print(f"{user.username} is kaderbeheerder voor {organisatie.naam}.")
    if wachtwoord:
        print(f"Eerste wachtwoord (geef het persoonlijk door; één keer getoond): {wachtwoord}")
    return 0
