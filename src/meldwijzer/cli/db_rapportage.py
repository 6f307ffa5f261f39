"""`meldwijzer herinneringen` and `meldwijzer rapportage bijwerken | totalen | jaarcijfers`.

- ``herinneringen``: e-mails about upcoming and overdue termijnen, for cron or a systemd timer;
  each reminder is delivered exactly once, however often or wherever it runs (docs/deploy.md,
  'Herinneringen: precies één keer'). Exit 0; 1 when an e-mail could not be sent (it is tried
  again next time); 128 + the signal (143, 130) when SIGTERM or SIGINT stopped it, its unsent
  claims given back.
- ``rapportage bijwerken``: derive termijnen and counts again from the dossier, for data
  recorded before this version or after a repair.
- ``rapportage totalen --controleer | --herstel``: count the dashboard's running totals again
  from the milestones, report every difference (exit 1), or rewrite them (docs/adr/0028).
- ``rapportage jaarcijfers``: the annual figures as CSV (small counts suppressed).

Progress on a terminal, a summary at the end; bad input: a Dutch message and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten
from meldwijzer.cli.voortgang import Voortgang

if TYPE_CHECKING:
    from meldwijzer.rapportage.totalen import Verschil


def _datum(tekst: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError as fout:
        raise argparse.ArgumentTypeError(
            f"'{tekst}' is geen datum; schrijf die als JJJJ-MM-DD, bijvoorbeeld 2025-03-31"
        ) from fout


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    p = sub.add_parser(
        "herinneringen",
        help="e-mail over termijnen die binnenkort of al verlopen zijn (voor cron/systemd)",
    )
    p.add_argument(
        "--basis-url",
        metavar="URL",
        help="adres van Meldwijzer in de links (standaard MELDWIJZER_BASIS_URL)",
    )
    p.add_argument("--organisatie", type=int, action="append", metavar="ID", help="alleen deze")
    p.add_argument(
        "--datum", type=_datum, metavar="JJJJ-MM-DD", help="rekenen alsof het deze dag is"
    )
    p.set_defaults(handler=herinneringen)

    r = sub.add_parser("rapportage", help="termijnen en tellingen bijwerken; jaarcijfers")
    rsub = r.add_subparsers(dest="rapportage_commando", metavar="OPDRACHT")
    rsub.required = True
    p = rsub.add_parser("bijwerken", help="termijnen en tellingen opnieuw afleiden uit de dossiers")
    p.add_argument("--organisatie", type=int, action="append", metavar="ID", help="alleen deze")
    p.set_defaults(handler=bijwerken)
    p = rsub.add_parser(
        "totalen",
        help="de bijgehouden totalen van het dashboard natellen (en herstellen)",
        description=(
            "Telt de totalen van het dashboard en de jaarcijfers opnieuw uit de mijlpalen en "
            "meldt elk verschil, en elke casus waarvan de stap of de beroepskracht in de "
            "telling niet die van het dossier is. Met --controleer: exit 1 bij een verschil; "
            "met --herstel: zulke casussen worden opnieuw afgeleid en de afwijkende totalen "
            "herschreven."
        ),
    )
    wat = p.add_mutually_exclusive_group(required=True)
    wat.add_argument(
        "--controleer", action="store_true", help="alleen natellen en verschillen melden"
    )
    wat.add_argument("--herstel", action="store_true", help="natellen en verschillen herstellen")
    p.add_argument("--organisatie", type=int, action="append", metavar="ID", help="alleen deze")
    p.set_defaults(handler=totalen)
    p = rsub.add_parser("jaarcijfers", help="de jaarcijfers van een organisatie als CSV")
    p.add_argument("--organisatie", type=int, required=True, metavar="ID")
    p.add_argument("--jaar", type=int, required=True)
    p.add_argument("-o", "--naar", metavar="BESTAND", help="schrijf naar dit bestand")
    p.set_defaults(handler=jaarcijfers)


def _organisaties(ids: list[int] | None) -> list[int] | None:
    """The organisations asked for; exits with 2 for one that does not exist."""
    if ids is None:
        return None
    from meldwijzer.accounts.models import Organisatie

    bekend = set(Organisatie.objects.filter(pk__in=ids).values_list("pk", flat=True))
    onbekend = sorted(set(ids) - bekend)
    if onbekend:
        print(
            f"meldwijzer: organisatie {', '.join(map(str, onbekend))} bestaat niet. "
            "Geef het nummer (ID) van een bestaande organisatie.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return ids


def herinneringen(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.rapportage import herinneringen as h

    if args.basis_url and not args.basis_url.startswith(("http://", "https://")):
        print(
            f"meldwijzer: '{args.basis_url}' is geen adres; begin met https:// (of http://).",
            file=sys.stderr,
        )
        return 2
    voortgang = Voortgang("Herinneringen versturen")
    stop = h.Stopsein()
    # systemd stops a unit with SIGTERM: the run then ends cleanly, giving back the claims of
    # what it did not send, instead of dying with them (Python's default for SIGTERM).
    vorige = {}
    if threading.current_thread() is threading.main_thread():
        vorige = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        samenvatting = h.verstuur(
            vandaag=args.datum,
            organisaties=_organisaties(args.organisatie),
            basis=args.basis_url,
            voortgang=voortgang,
            stop=stop,
        )
    finally:
        for sein, handler in vorige.items():
            signal.signal(sein, handler)
    voortgang.klaar()
    for regel in samenvatting.fouten:
        print(f"meldwijzer: {regel}", file=sys.stderr)
    if samenvatting.gestopt and stop.signaal is not None:
        naam = signal.Signals(stop.signaal).name
        print(
            f"meldwijzer: gestopt ({naam}) voor alle herinneringen verstuurd waren; wat niet "
            "verstuurd is, is vrijgegeven en gaat met de volgende run mee.",
            file=sys.stderr,
        )
    print(samenvatting.als_tekst())
    if samenvatting.gestopt and stop.signaal is not None:
        return 128 + stop.signaal
    return 1 if samenvatting.fouten else 0


def bijwerken(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.dossier.models import Casus
    from meldwijzer.rapportage import projectie

    organisaties = _organisaties(args.organisatie)
    casussen = Casus.objects.select_related("kader_versie", "organisatie").order_by("pk")
    if organisaties is not None:
        casussen = casussen.filter(organisatie_id__in=organisaties)
    totaal = casussen.count()
    voortgang = Voortgang("Termijnen en tellingen bijwerken")
    mislukt = 0
    for gedaan, casus in enumerate(casussen.iterator(chunk_size=500), start=1):
        try:
            projectie.bijwerken(casus)
        except Exception as fout:  # one broken casus must not stop the rest
            mislukt += 1
            print(f"\nmeldwijzer: casus {casus.kenmerk} (id {casus.pk}): {fout}", file=sys.stderr)
        voortgang(gedaan, totaal)
    voortgang.klaar()
    print(f"{totaal} casussen bijgewerkt; {mislukt} mislukt.")
    return 1 if mislukt else 0


def totalen(args: argparse.Namespace) -> int:
    """Count the running totals again; exit 1 for a difference found by --controleer, 0 when
    all agree or --herstel rewrote them."""
    django_opzetten()
    from meldwijzer.accounts.models import Organisatie
    from meldwijzer.dossier.models import Casus
    from meldwijzer.rapportage import mijlpalen, projectie
    from meldwijzer.rapportage import totalen as t
    from meldwijzer.telwoord import aantal

    organisaties = _organisaties(args.organisatie)
    if organisaties is None:
        organisaties = list(Organisatie.objects.order_by("pk").values_list("pk", flat=True))
    namen = dict(Organisatie.objects.filter(pk__in=organisaties).values_list("pk", "naam"))
    gevonden = 0
    for organisatie_id in sorted(organisaties):
        naam = namen.get(organisatie_id, "")
        # The totals are counted from the milestones; a step milestone behind its dossier is
        # brought in line first, or the recount would confirm the stale step.
        oud = mijlpalen.casussen_met_een_oude_stap(organisatie_id)
        for pk, kenmerk in oud:
            print(
                f"Verschil: organisatie {organisatie_id} ({naam}), casus {kenmerk}: de stap of "
                "de beroepskracht in de telling is niet die van het dossier"
            )
            if args.herstel:
                projectie.bijwerken(Casus.objects.select_related("kader_versie").get(pk=pk))
        gevonden += len(oud)
        verschillen = (t.herstel if args.herstel else t.verschillen)(organisatie_id)
        gevonden += len(verschillen)
        for v in verschillen:
            print(_verschil_als_tekst(v, naam))
    wie = f"Totalen van {aantal(len(organisaties), 'organisatie', 'organisaties')} nageteld"
    verschillen_tekst = aantal(gevonden, "verschil", "verschillen")
    if not gevonden:
        print(f"{wie}: alles klopt.")
        return 0
    if args.herstel:
        print(f"{wie}: {verschillen_tekst} hersteld.")
        return 0
    print(
        f"{wie}: {verschillen_tekst}. Herstel ze met 'meldwijzer rapportage totalen --herstel' "
        "(zie docs/handleiding-cli.md).",
        file=sys.stderr,
    )
    return 1


def _verschil_als_tekst(v: Verschil, naam: str) -> str:
    from meldwijzer.rapportage.totalen import GEEN_DAGEN, HELE_ORGANISATIE

    wie = (
        "hele organisatie"
        if v.beroepskracht == HELE_ORGANISATIE
        else (f"beroepskracht {v.beroepskracht}")
    )
    soort = v.soort + (f" {v.uitkomst}" if v.uitkomst else "")
    if v.dagen != GEEN_DAGEN:
        soort += f" ({v.dagen} dagen)"
    return (
        f"Verschil: organisatie {v.organisatie_id} ({naam}), periode {v.maand:%Y-%m}, {wie}, "
        f"soort {soort}: opgeslagen {v.opgeslagen}, geteld {v.geteld}"
    )


def jaarcijfers(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.rapportage.jaarcijfers import als_csv, bereken

    _organisaties([args.organisatie])
    if not 1900 <= args.jaar <= 9999:
        print(f"meldwijzer: {args.jaar} is geen jaar; geef bijvoorbeeld 2025.", file=sys.stderr)
        return 2
    tekst = als_csv(bereken(args.organisatie, args.jaar))
    if args.naar:
        Path(args.naar).write_text(tekst, encoding="utf-8")
        print(f"Jaarcijfers {args.jaar} geschreven naar {args.naar}.")
    else:
        sys.stdout.write(tekst)
    return 0
