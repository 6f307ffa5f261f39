"""`meldwijzer backup` and `meldwijzer restore`: an encrypted snapshot of the whole database while
the app runs, with the wrapped data keys in a separate key file, and back (issue 10;
backup.kopie, docs/handleiding-cli.md 'Back-up en herstel').

Exit codes: 0 done, 1 restored but the audit chains do not verify, 2 refused or failed (a
missing key, a key file that does not belong to the snapshot, a changed or damaged snapshot, a
database that is not empty) — nothing was changed then.
"""

from __future__ import annotations

import argparse
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
        "restore", help="een snapshot en zijn sleutelbestand terugzetten in een lege database"
    )
    p.add_argument("snapshot", metavar="SNAPSHOT")
    p.add_argument("--sleutelbestand", required=True, metavar="BESTAND")
    p.add_argument(
        "--overschrijf",
        action="store_true",
        help="ook als de database niet leeg is: alles wat erin staat wordt vervangen",
    )
    p.set_defaults(handler=restore)


def _voortgang(tekst: str) -> Voortgang:
    from meldwijzer.cli.voortgang import Voortgang

    return Voortgang(tekst)


def backup(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.backup.kopie import BackupFout, maak_backup

    if Path(args.snapshot).exists():
        print(f"meldwijzer: {args.snapshot} bestaat al; kies een nieuwe naam.", file=sys.stderr)
        return 2
    voortgang = _voortgang("Back-up (MB of pagina's)")
    try:
        uitkomst = maak_backup(args.snapshot, args.sleutelbestand, voortgang=voortgang)
    except (BackupFout, OSError) as fout:
        voortgang.klaar()
        print(f"meldwijzer: back-up mislukt: {fout}", file=sys.stderr)
        return 2
    voortgang.klaar()
    print(
        f"Back-up {uitkomst.backup_id} geschreven: {uitkomst.snapshot} "
        f"({uitkomst.grootte / 1024 / 1024:.1f} MB, versleuteld) in {uitkomst.seconden:.1f} s; "
        f"{uitkomst.sleutels} verpakte datasleutels in {uitkomst.sleutelbestand}. Bewaar het "
        "sleutelbestand apart van de snapshots, in een map uit MELDWIJZER_SLEUTELBESTANDEN."
    )
    return 0


def restore(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.audit import keten
    from meldwijzer.backup.kopie import BackupFout, herstel

    voortgang = _voortgang("Ontsleutelen (MB)")
    try:
        uitkomst = herstel(
            args.snapshot, args.sleutelbestand, overschrijf=args.overschrijf, voortgang=voortgang
        )
    except (BackupFout, OSError) as fout:
        voortgang.klaar()
        print(f"meldwijzer: herstel geweigerd: {fout}", file=sys.stderr)
        return 2
    voortgang.klaar()
    print(
        f"Back-up {uitkomst.backup_id} van {uitkomst.gemaakt_op} hersteld in "
        f"{uitkomst.seconden:.1f} s; {uitkomst.sleutels} datasleutels teruggezet."
    )
    if uitkomst.zonder_sleutel:
        print(
            f"{uitkomst.zonder_sleutel} casussen hebben geen datasleutel meer (de bewaartermijn "
            "vernietigde die na deze back-up): hun tekst blijft onleesbaar. Draai "
            "'meldwijzer bewaartermijn' om ze ook hier te verwijderen."
        )
    print("Draai nu 'python manage.py migrate' als de back-up van een oudere versie is.")
    verslag = keten.verifieer(None)
    if verslag.bevindingen:
        print(
            f"NIET IN ORDE: {len(verslag.bevindingen)} auditketen(s) verifiëren niet; zie "
            "'meldwijzer audit verifieer'.",
            file=sys.stderr,
        )
        return 1
    print(f"Auditketens in orde: {verslag.ketens} ketens, {verslag.rijen} rijen nagerekend.")
    return 0
