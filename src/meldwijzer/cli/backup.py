"""`meldwijzer backup` and `meldwijzer restore`: an encrypted snapshot of the whole database while
the app runs, with the wrapped data keys in a separate key file, and back (
backup.kopie, docs/handleiding-cli.md 'Back-up en herstel').

A restore goes into a staging database first and is checked there — the key file strictly,
every wrapped key unwrapping under today's environment key, every table's row count, every audit
chain, every casus's text decrypting — before it replaces the live database in one step
(docs/deploy.md, "Back-up en herstel"). ``restore --controleer`` is the drill: all of it, the live
database never touched.

Exit codes: 0 done (or the drill passed), 2 refused or failed (a missing or different key, a
damaged or foreign key file, a changed or damaged snapshot, a check that fails, a database that
is not empty, a full disk) — the live database is untouched then.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten

if TYPE_CHECKING:
    from meldwijzer.cli.voortgang import Voortgang


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    p = sub.add_parser(
        "backup",
        help="een versleutelde snapshot van de database maken, met een apart sleutelbestand",
    )
    p.add_argument("snapshot", metavar="SNAPSHOT", help="het bestand voor de snapshot")
    p.add_argument(
        "--sleutelbestand",
        required=True,
        metavar="BESTAND",
        help="het bestand voor de verpakte datasleutels: bewaar het apart van de snapshots, in "
        "een map uit MELDWIJZER_SLEUTELBESTANDEN",
    )
    p.set_defaults(handler=backup)

    p = sub.add_parser(
        "restore",
        help="een snapshot en zijn sleutelbestand terugzetten: eerst in een proefdatabase "
        "gecontroleerd, dan in één stap in plaats van de database",
    )
    p.add_argument("snapshot", metavar="SNAPSHOT")
    p.add_argument("--sleutelbestand", required=True, metavar="BESTAND")
    p.add_argument(
        "--overschrijf",
        action="store_true",
        help="ook als de database niet leeg is: alles wat erin staat wordt vervangen",
    )
    p.add_argument(
        "--controleer",
        action="store_true",
        help="de hersteloefening: alles controleren in een wegwerpdatabase, niets vervangen",
    )
    p.set_defaults(handler=restore)


def _stop_netjes_bij_sigterm() -> None:
    """SIGTERM (systemd, a timeout) ends the run through the normal way out, so its work files
    are removed; only SIGKILL leaves any, and the next run removes those."""

    def stop(_signaal: int, _frame: object) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)


SCHIJFFOUTEN = (OSError, sqlite3.Error)


def _voortgang(tekst: str) -> Voortgang:
    from meldwijzer.cli.voortgang import Voortgang

    return Voortgang(tekst)


def backup(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.backup.kopie import BackupFout, maak_backup

    if Path(args.snapshot).exists():
        print(f"meldwijzer: {args.snapshot} bestaat al; kies een nieuwe naam.", file=sys.stderr)
        return 2
    from django.db import DatabaseError

    _stop_netjes_bij_sigterm()
    voortgang = _voortgang("Back-up (MB of pagina's)")
    try:
        uitkomst = maak_backup(args.snapshot, args.sleutelbestand, voortgang=voortgang)
    except BackupFout as fout:
        voortgang.klaar()
        print(f"meldwijzer: back-up mislukt: {fout}", file=sys.stderr)
        return 2
    except (*SCHIJFFOUTEN, DatabaseError) as fout:
        voortgang.klaar()
        print(
            f"meldwijzer: back-up mislukt: kan niet schrijven of lezen ({_kort(fout)}). Is de "
            "schijf vol? Maak ruimte en probeer het opnieuw; er is geen half bestand "
            "achtergebleven.",
            file=sys.stderr,
        )
        return 2
    voortgang.klaar()
    for pad in uitkomst.opgeruimd:
        print(f"Opgeruimd: {pad} (achtergelaten door een afgebroken back-up of herstel).")
    print(
        f"Back-up {uitkomst.backup_id} geschreven: {uitkomst.snapshot} "
        f"({uitkomst.grootte / 1024 / 1024:.1f} MB, versleuteld) in {uitkomst.seconden:.1f} s; "
        f"{uitkomst.sleutels} verpakte datasleutels in {uitkomst.sleutelbestand}. Bewaar het "
        "sleutelbestand apart van de snapshots, in een map uit MELDWIJZER_SLEUTELBESTANDEN."
    )
    return 0


def _kort(fout: BaseException) -> str:
    tekst = getattr(fout, "strerror", None) or str(fout)
    return tekst.splitlines()[0][:200] if tekst else type(fout).__name__


def restore(args: argparse.Namespace) -> int:
    django_opzetten()
    from django.db import DatabaseError

    from meldwijzer.backup.kopie import BackupFout, herstel

    _stop_netjes_bij_sigterm()
    voortgang = _voortgang("Ontsleutelen (MB)")
    wat = "hersteloefening" if args.controleer else "herstel"
    try:
        uitkomst = herstel(
            args.snapshot,
            args.sleutelbestand,
            overschrijf=args.overschrijf,
            alleen_controleren=args.controleer,
            voortgang=voortgang,
        )
    except BackupFout as fout:
        voortgang.klaar()
        print(f"meldwijzer: {wat} geweigerd: {fout}", file=sys.stderr)
        return 2
    except (*SCHIJFFOUTEN, DatabaseError) as fout:
        voortgang.klaar()
        print(
            f"meldwijzer: {wat} mislukt: kan niet schrijven of lezen ({_kort(fout)}). Is de "
            "schijf vol? De database is niet vervangen.",
            file=sys.stderr,
        )
        return 2
    voortgang.klaar()
    controles = (
        f"{uitkomst.tabellen} tabellen even groot als bij de back-up, "
        f"{uitkomst.sleutels} datasleutels pakken uit onder de omgevingssleutel, "
        f"{uitkomst.ontsleuteld} casussen ontsleuteld, {uitkomst.ketens} auditketens "
        f"({uitkomst.ketenrijen} rijen) kloppen"
    )
    if args.controleer:
        print(
            f"Hersteloefening geslaagd voor back-up {uitkomst.backup_id} van "
            f"{uitkomst.gemaakt_op} in {uitkomst.seconden:.1f} s: {controles}. Er is niets "
            "vervangen."
        )
    else:
        print(
            f"Back-up {uitkomst.backup_id} van {uitkomst.gemaakt_op} hersteld in "
            f"{uitkomst.seconden:.1f} s, na controle in een proefdatabase: {controles}."
        )
    if uitkomst.zonder_sleutel:
        print(
            f"{uitkomst.zonder_sleutel} casussen zijn na deze back-up gewist (hun datasleutel "
            "staat niet meer in het sleutelbestand): hun tekst blijft onleesbaar. Draai "
            "'meldwijzer bewaartermijn' om ze ook hier te verwijderen."
        )
    for opmerking in uitkomst.opmerkingen:
        print(opmerking)
    return 0
