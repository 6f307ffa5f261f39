"""`meldwijzer taken`: every periodic job that is due (chain heads, backup if configured,
retention, reminders), for a timer on every node (meldwijzer.taken; docs/deploy.md, 'Periodieke
taken'). Each job runs under a database lock: a job another node runs now is skipped, and said
so.

Exit codes: 0 every job that ran succeeded (also when none was due or another node had it), 1 a
job failed (its run is recorded; the next run tries again), 2 bad input (an unknown job), 128 + the
signal when SIGTERM or SIGINT stopped it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten

NAMEN = ("ketenkoppen", "backup", "bewaartermijn", "herinneringen")


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    p = sub.add_parser(
        "taken",
        help="elke periodieke taak die aan de beurt is (voor een timer op elke node)",
    )
    p.add_argument(
        "--taak",
        action="append",
        choices=NAMEN,
        metavar="NAAM",
        help=f"alleen deze taak ({', '.join(NAMEN)}); mag vaker",
    )
    p.add_argument(
        "--nu",
        action="store_true",
        help="ook als de taak niet aan de beurt is (het slot geldt wel)",
    )
    p.add_argument(
        "--overzicht",
        action="store_true",
        help="niets draaien; toon de laatste uitvoeringen met server en samenvatting",
    )
    p.set_defaults(handler=taken)


def overzicht() -> int:
    """The last runs with their node and summary, for the server's administrator: the web page
    of an organisation's beheerder leaves these out (installation-wide details)."""
    from meldwijzer import datumtekst
    from meldwijzer.taken.selectors import laatste_uitvoeringen, standen

    for stand in standen():
        wanneer = (
            datumtekst.tijdstip(stand.laatst_gelukt.begonnen)
            if stand.laatst_gelukt
            else "nog nooit"
        )
        print(f"{stand.taak.naam}: laatst gelukt {wanneer}")
    print()
    for u in laatste_uitvoeringen():
        print(
            f"{datumtekst.tijdstip(u.begonnen)}  {u.taak}  {u.node}  "
            f"{u.get_uitkomst_display()}  {u.samenvatting}"
        )
    return 0


def taken(args: argparse.Namespace) -> int:
    django_opzetten()
    if args.overzicht:
        return overzicht()
    from meldwijzer.rapportage.herinneringen import Stopsein
    from meldwijzer.taken.services import draai

    stop = Stopsein()
    # systemd stops a unit with SIGTERM: the reminders then give back their unsent claims and
    # no next job starts (rapportage.herinneringen).
    vorige = {}
    if threading.current_thread() is threading.main_thread():
        vorige = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        verslag = draai(args.taak, altijd=args.nu, stop=stop, per_taak=print)
    finally:
        for sein, handler in vorige.items():
            signal.signal(sein, handler)
    if stop.signaal is not None:
        print(
            f"meldwijzer: gestopt ({signal.Signals(stop.signaal).name}); de volgende run doet "
            "de rest.",
            file=sys.stderr,
        )
        return 128 + stop.signaal
    if verslag.mislukt:
        print(f"meldwijzer: mislukt: {', '.join(verslag.mislukt)}.", file=sys.stderr)
        return 1
    return 0
