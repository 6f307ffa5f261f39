"""`meldwijzer bewaartermijn`: erase every closed casus whose retention period has passed, destroy
its data key, replace the generation key of its organisation, and follow the key files of
backups (dossier.services.bewaren; docs/adr/0012-wissen-door-sleutelrotatie.md). For cron or a
systemd timer: running it twice erases nothing twice.

Exit codes: 0 done, 1 a problem (a key file that could not be followed, a casus skipped, data
keys under an environment key that is not configured, old bytes not yet cleared), 2 bad input
(a date that is no date, a key file that does not exist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    p = sub.add_parser(
        "bewaartermijn",
        help="casussen na hun bewaartermijn verwijderen en hun sleutels vernietigen",
    )
    p.add_argument("--droog", action="store_true", help="alleen tonen wat verwijderd zou worden")
    p.add_argument(
        "--sleutelbestand",
        action="append",
        default=[],
        metavar="BESTAND",
        help="ook dit sleutelbestand schonen (naast MELDWIJZER_SLEUTELBESTANDEN)",
    )
    p.add_argument(
        "--peildatum",
        metavar="JJJJ-MM-DD",
        help="rekenen alsof het deze dag is (om vooruit te kijken, met --droog)",
    )
    p.set_defaults(handler=bewaartermijn)


def bewaartermijn(args: argparse.Namespace) -> int:
    nu = None
    if args.peildatum:
        try:
            nu = dt.datetime.combine(
                dt.date.fromisoformat(args.peildatum), dt.time(23, 59, 59), tzinfo=dt.UTC
            )
        except ValueError:
            print(
                f"meldwijzer: --peildatum {args.peildatum!r} is geen datum; schrijf JJJJ-MM-DD.",
                file=sys.stderr,
            )
            return 2
    ontbrekend = [b for b in args.sleutelbestand if not Path(b).is_file()]
    if ontbrekend:
        print(f"meldwijzer: sleutelbestand {ontbrekend[0]} bestaat niet.", file=sys.stderr)
        return 2
    django_opzetten()
    from meldwijzer.dossier.services.bewaren import pas_bewaartermijn_toe

    resultaat = pas_bewaartermijn_toe(
        nu=nu,
        droog=args.droog,
        sleutelbestanden=args.sleutelbestand,
        na_casus=lambda v: print(f"  verwijderd: {v.kenmerk}", file=sys.stderr),
    )
    if args.droog:
        for v in resultaat.verwijderd:
            print(
                f"{v.kenmerk} (organisatie {v.organisatie_id}): afgesloten op "
                f"{v.afgesloten_op:%Y-%m-%d}, termijn {v.jaren} jaar"
            )
        print(
            f"{len(resultaat.verwijderd)} casussen zouden worden verwijderd (droog: niets gedaan)."
        )
        return 0
    print(f"Casussen verwijderd: {len(resultaat.verwijderd)}; hun datasleutels zijn vernietigd.")
    werk = resultaat.generaties
    nieuw = [v for v in werk.vervangen if v.nieuwe_generatie] if werk else []
    if werk and (nieuw or werk.herverpakt or werk.vernietigd):
        print(
            f"Nieuwe generatiesleutel voor {len(nieuw)} organisaties; {werk.herverpakt} "
            f"datasleutels opnieuw verpakt; {werk.vernietigd} oude generatiesleutels vernietigd."
        )
    for pad, aantal in resultaat.sleutelbestanden.items():
        print(f"Sleutelbestand {pad}: {aantal} vernietigde sleutels verwijderd.")
    if nieuw:
        print(
            "Een oude kopie van de database (WAL-archief, replica, schijfkopie) en de "
            "omgevingssleutel samen lezen een gewiste casus nog tot de omgevingssleutel is "
            "geroteerd en de oude vernietigd: zie docs/deploy.md, 'Na het wissen'."
        )
    for verlopen, reden in resultaat.overgeslagen:
        print(f"meldwijzer: {verlopen.kenmerk} overgeslagen: {reden}.", file=sys.stderr)
    for fout in resultaat.fouten:
        print(f"meldwijzer: {fout}", file=sys.stderr)
    return 1 if resultaat.fouten or resultaat.overgeslagen else 0
