"""What the catalogue's tests build: framework texts under ids of their own, imported by a
kaderbeheerder, and a newer basis published by the server's beheerder. The dossier's tests of a
casus switching version use them too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.catalogus import beheer, services
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.kader import meegeleverde_kaders

REPO = Path(__file__).resolve().parents[4]
KADERS = REPO / "tests" / "kader" / "kaders"
MINIMAAL = (KADERS / "minimaal.yaml").read_text(encoding="utf-8")
VANDAAG = timezone.localdate()
DAG = dt.timedelta(days=1)


def minimaal(versie: str = "1", titel: str = "Minimaal kader", kader_id: str = "minimaal") -> str:
    return (
        MINIMAAL.replace('versie: "1"', f'versie: "{versie}"', 1)
        .replace("titel: Minimaal kader", f"titel: {titel}", 1)
        .replace("id: minimaal", f"id: {kader_id}", 1)
    )


def onderwijs(kader_id: str = "po-onderwijs", versie: str = "1.0") -> str:
    """The shipped education example (two routes) under an id of a beroepsorganisatie."""
    tekst = meegeleverde_kaders()["voorbeeld-onderwijs"].read_text(encoding="utf-8")
    return tekst.replace("id: voorbeeld-onderwijs", f"id: {kader_id}", 1).replace(
        'versie: "0.1"', f'versie: "{versie}"', 1
    )


def importeer(kb: Membership, tekst: str, naam: str = "kader.yaml") -> KaderVersie:
    """A concept of the kaderbeheerder's beroepsorganisatie (the file must be valid)."""
    uitslag = beheer.importeer_kader(actor=kb, tekst=tekst, bestandsnaam=naam)
    assert uitslag.versie is not None, [p.als_tekst() for p in uitslag.fouten]
    return uitslag.versie


def nieuwe_basis() -> KaderVersie:
    """basis 2026.1, published from today by the server's beheerder (command line)."""
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    uitslag = services.importeer_kadertekst(
        tekst.replace('versie: "2018.2"', 'versie: "2026.1"'), "basis-2026.yaml"
    )
    assert uitslag.versie is not None
    return services.publiceer_kaderversie(uitslag.versie, geldig_vanaf=VANDAAG)


FORMAAT2 = KADERS / "formaat2.yaml"


def vastgesteld_kader(kb: Membership, pad: Path = FORMAAT2) -> KaderVersie:
    """A framework file (by default the kaderformaat-2 example with a handover and a deciding
    signal) imported by the kaderbeheerder and set from today, so a casus can start under it."""
    versie = importeer(kb, pad.read_text(encoding="utf-8"), pad.name)
    beheer.stel_kader_vast(actor=kb, versie=versie, geldig_vanaf=VANDAAG)
    versie.refresh_from_db()
    return versie
