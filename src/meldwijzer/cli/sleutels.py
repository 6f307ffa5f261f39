"""`meldwijzer sleutels nieuw | status | roteer | exporteer | importeer`: the environment keys, the
generation keys and the per-casus data keys (sleutels.sleutelring, sleutels.herverpakken;
docs/security.md 'Sleutelbeheer', docs/adr/0012-wissen-door-sleutelrotatie.md).

Exit codes: 0 done, 1 a problem found (a key under an environment key that is not configured, a
key file that could not be followed), 2 bad input (a missing or unreadable file, a key that is
not 256 bits).
"""

from __future__ import annotations

import argparse
import json
import sys

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    sleutels = sub.add_parser("sleutels", help="omgevingssleutels en datasleutels beheren")
    ssub = sleutels.add_subparsers(dest="sleutels_commando", metavar="OPDRACHT")
    ssub.required = True

    p = ssub.add_parser("nieuw", help="een nieuwe willekeurige sleutel (256 bits, base64)")
    p.set_defaults(handler=nieuw)

    p = ssub.add_parser("status", help="hoeveel datasleutels elke omgevingssleutel verpakt")
    p.set_defaults(handler=status)

    p = ssub.add_parser(
        "roteer",
        help="elke generatiesleutel (en zo elke datasleutel) opnieuw verpakken onder de eerste "
        "sleutel van MELDWIJZER_SLEUTELS, ook in de sleutelbestanden",
    )
    p.add_argument("--partij", type=int, default=500, metavar="N", help="sleutels per transactie")
    p.set_defaults(handler=roteer)

    p = ssub.add_parser("exporteer", help="alle verpakte datasleutels naar een sleutelbestand")
    p.add_argument("bestand", metavar="BESTAND")
    p.set_defaults(handler=exporteer)

    p = ssub.add_parser(
        "importeer", help="ontbrekende datasleutels terugzetten uit een sleutelbestand (herstel)"
    )
    p.add_argument("bestand", metavar="BESTAND")
    p.set_defaults(handler=importeer)


def nieuw(args: argparse.Namespace) -> int:
    from meldwijzer.sleutels.crypto import maak_sleutel

    print(maak_sleutel())
    return 0


def _sleutels_in_orde() -> bool:
    from meldwijzer.sleutels.crypto import SleutelFout
    from meldwijzer.sleutels.sleutelring import sleutelset

    try:
        sleutelset()
    except SleutelFout as fout:
        print(f"meldwijzer: {fout}", file=sys.stderr)
        return False
    return True


def status(args: argparse.Namespace) -> int:
    django_opzetten()
    if not _sleutels_in_orde():
        return 2
    from meldwijzer.sleutels.herverpakken import status as sleutelstatus

    print(json.dumps(sleutelstatus(), indent=2))
    return 0


def roteer(args: argparse.Namespace) -> int:
    django_opzetten()
    if args.partij < 1:
        print("meldwijzer: --partij is ten minste 1.", file=sys.stderr)
        return 2
    if not _sleutels_in_orde():
        return 2
    from django.db.models import Count, Q

    from meldwijzer.audit.services import leg_systeemgebeurtenis_vast
    from meldwijzer.dossier.services.bewaren import leg_generaties_vast, volg_sleutelbestanden
    from meldwijzer.sleutels import herverpakken, sleutelbestand, sleutelring
    from meldwijzer.sleutels.models import DataSleutel

    actief = sleutelring.sleutelset().actief_id
    voor = dict(
        DataSleutel.objects.filter(
            Q(generatie__isnull=False) & ~Q(generatie__kek_id=actief)
            | Q(generatie__isnull=True) & ~Q(kek_id=actief)
        )
        .values_list("organisatie_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    uitkomst = herverpakken.roteer(
        partij=args.partij,
        na_partij=lambda n: print(f"  {n} sleutels opnieuw verpakt …", file=sys.stderr),
    )
    for organisatie_id, aantal in sorted(voor.items()):
        leg_systeemgebeurtenis_vast(
            organisatie_id=organisatie_id,
            soort="sleutels.geroteerd",
            nieuw={"omgevingssleutel": actief, "datasleutels": aantal},
        )
    leg_generaties_vast(uitkomst.werk)
    print(
        f"{uitkomst.datasleutels} datasleutels staan nu onder omgevingssleutel {actief} "
        f"({uitkomst.generaties} generatiesleutels opnieuw verpakt, "
        f"{uitkomst.werk.herverpakt} datasleutels onder een generatiesleutel gebracht); "
        f"{uitkomst.al_actueel} stonden er al onder."
    )
    bestanden, fouten = volg_sleutelbestanden(sleutelbestand.bestanden_uit_instellingen())
    if bestanden:
        print(f"{len(bestanden)} sleutelbestanden uit MELDWIJZER_SLEUTELBESTANDEN bijgewerkt.")
    for fout in fouten:
        print(f"meldwijzer: {fout}", file=sys.stderr)
    opslag = herverpakken.schoon_opslag() if uitkomst.werk.vernietigd else None
    if opslag:
        print(f"meldwijzer: {opslag}", file=sys.stderr)
    if uitkomst.onbekende_kek:
        for kek, aantal in sorted(uitkomst.onbekende_kek.items()):
            print(
                f"meldwijzer: {aantal} datasleutels zijn verpakt met omgevingssleutel {kek}, die "
                "niet in MELDWIJZER_SLEUTELS staat. Zet die sleutel erbij en roteer opnieuw.",
                file=sys.stderr,
            )
        return 1
    if fouten or opslag:
        return 1
    print(
        "Elke sleutel staat nu onder de nieuwe omgevingssleutel, ook in de sleutelbestanden uit "
        "MELDWIJZER_SLEUTELBESTANDEN. Haal de oude sleutel uit MELDWIJZER_SLEUTELS en vernietig "
        "hem (ook in de geheimenkluis en haar back-ups) zodra sleutelbestanden daarbuiten niet "
        "meer nodig zijn."
    )
    return 0


def exporteer(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.sleutels import sleutelbestand

    try:
        aantal = sleutelbestand.schrijf(args.bestand)
    except OSError as fout:
        print(f"meldwijzer: kan {args.bestand} niet schrijven: {fout}", file=sys.stderr)
        return 2
    print(
        f"{aantal} verpakte datasleutels geschreven naar {args.bestand}. Bewaar het bij de "
        "back-up van de database, niet erin; zet de map in MELDWIJZER_SLEUTELBESTANDEN, zodat de "
        "bewaartermijn vernietigde sleutels er ook uit haalt."
    )
    return 0


def importeer(args: argparse.Namespace) -> int:
    django_opzetten()
    from meldwijzer.dossier.services.bewaren import vernietigde_sleutels
    from meldwijzer.sleutels import sleutelbestand

    try:
        nieuw_, overgeslagen = sleutelbestand.importeer(args.bestand, vernietigde_sleutels())
    except sleutelbestand.SleutelbestandFout as fout:
        print(f"meldwijzer: {fout}", file=sys.stderr)
        return 2
    print(
        f"{nieuw_} datasleutels teruggezet; {overgeslagen} overgeslagen omdat de bewaartermijn ze "
        "vernietigde."
    )
    return 0
