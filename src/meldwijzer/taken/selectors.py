"""What the beheerder sees of the periodic jobs (web: beheer/taken)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from meldwijzer.taken.models import Taakuitvoering, Uitkomst
from meldwijzer.taken.services import aan_de_beurt, laatst_gelukt
from meldwijzer.taken.taken import TAKEN, Taak

LAATSTE = 20  # runs listed on the page


@dataclass(frozen=True)
class Taakstand:
    taak: Taak
    ingesteld: bool
    laatst_gelukt: Taakuitvoering | None
    laatste: Taakuitvoering | None
    aan_de_beurt: bool


def standen() -> list[Taakstand]:
    nu = timezone.now()
    uit = []
    for taak in TAKEN:
        laatste = Taakuitvoering.objects.filter(taak=taak.naam).order_by("-begonnen").first()
        uit.append(
            Taakstand(
                taak=taak,
                ingesteld=taak.ingesteld(),
                laatst_gelukt=laatst_gelukt(taak.naam),
                laatste=laatste,
                aan_de_beurt=taak.ingesteld() and aan_de_beurt(taak, nu),
            )
        )
    return uit


def laatste_uitvoeringen(aantal: int = LAATSTE) -> list[Taakuitvoering]:
    return list(Taakuitvoering.objects.order_by("-begonnen", "-pk")[:aantal])


def mislukte_sinds_gelukt() -> list[Taakuitvoering]:
    """Failed or broken-off runs newer than their job's last success: what needs attention."""
    uit = []
    for taak in TAKEN:
        gelukt = laatst_gelukt(taak.naam)
        runs = Taakuitvoering.objects.filter(
            taak=taak.naam, uitkomst__in=[Uitkomst.MISLUKT, Uitkomst.AFGEBROKEN]
        )
        if gelukt is not None:
            runs = runs.filter(begonnen__gt=gelukt.begonnen)
        uit += list(runs.order_by("-begonnen")[:5])
    return uit
