"""`meldwijzer meldcode --organisatie ID -o meldcode.pdf`: the organisation's meldcode document
as a tagged PDF or (``--format odt``) an editable ODF text document (docs/meldcode.md).

Without ``--versie`` the document shows what Meldwijzer knows now (a concept while the
beheerder's sections are empty); with ``--versie N`` the stored version N, as it was generated.
Exit codes: 0 written, 2 bad input (an organisation or version that does not exist, a file that
cannot be written); nothing is written on an error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from meldwijzer.cli import argparse_nl
from meldwijzer.cli.django_commandos import django_opzetten


def registreer(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    p = sub.add_parser("meldcode", help="het meldcodedocument van een organisatie maken")
    p.add_argument("--organisatie", required=True, type=int, metavar="ID", help="organisatie-id")
    p.add_argument("-o", "--uitvoer", required=True, metavar="BESTAND", help="te schrijven bestand")
    p.add_argument("--format", choices=["pdf", "odt"], default=None, help="pdf (standaard) of odt")
    p.add_argument("--versie", type=int, metavar="N", help="een bewaarde versie in plaats van nu")
    p.set_defaults(handler=meldcode)


def _fout(tekst: str) -> int:
    print(f"meldwijzer: {tekst}", file=sys.stderr)
    return 2


def meldcode(args: argparse.Namespace) -> int:
    uitvoer = Path(args.uitvoer)
    formaat = args.format or ("odt" if uitvoer.suffix.lower() == ".odt" else "pdf")
    if not uitvoer.parent.is_dir():
        return _fout(f"de map {uitvoer.parent} bestaat niet; kies een bestaande map voor -o.")
    django_opzetten()
    from meldwijzer.accounts.models import Organisatie
    from meldwijzer.meldcode import document, selectors

    if not Organisatie.objects.filter(pk=args.organisatie).exists():
        bekend = ", ".join(f"{o.pk} ({o.naam})" for o in Organisatie.objects.order_by("pk")[:10])
        return _fout(
            f"organisatie {args.organisatie} bestaat niet. Bestaande organisaties: "
            f"{bekend or 'geen'}."
        )
    if args.versie is not None:
        versie = selectors.versie(args.organisatie, args.versie)
        if versie is None:
            return _fout(
                f"de organisatie heeft geen versie {args.versie} van de meldcode; maak er een in "
                "Meldwijzer (Meldcode, beheer) of laat --versie weg."
            )
        doc = document.van_versie(versie)
    else:
        doc = document.van_nu(args.organisatie)
    if formaat == "odt":
        inhoud = document.odt(doc)
    else:
        from meldwijzer.web.pdf import naar_pdf

        inhoud = naar_pdf(document.html(doc, pdf=True))
    tijdelijk = uitvoer.with_name(uitvoer.name + ".deel")
    try:
        tijdelijk.write_bytes(inhoud)
        tijdelijk.replace(uitvoer)
    except OSError as fout:
        tijdelijk.unlink(missing_ok=True)
        return _fout(f"{uitvoer} kon niet worden geschreven: {fout.strerror}.")
    status = "concept, nog in te vullen secties" if doc.concept else "volledig"
    print(f"{uitvoer} geschreven ({formaat}, {status}).")
    return 0
