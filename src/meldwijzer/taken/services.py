"""``draai``: every job that is due, each under its own lock, each run recorded."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.rapportage.herinneringen import Stopsein
from meldwijzer.taken.models import Taakuitvoering, Uitkomst
from meldwijzer.taken.slot import node, slot
from meldwijzer.taken.taken import TAKEN, Resultaat, Taak

logger = logging.getLogger(__name__)

BEWAREN = dt.timedelta(days=180)  # runs older than this are removed


@dataclass
class Verslag:
    regels: list[str] = field(default_factory=list)
    mislukt: list[str] = field(default_factory=list)  # names of jobs that ran and failed


def laatst_gelukt(taak: str) -> Taakuitvoering | None:
    return (
        Taakuitvoering.objects.filter(taak=taak, uitkomst=Uitkomst.GELUKT)
        .order_by("-begonnen")
        .first()
    )


def aan_de_beurt(taak: Taak, nu: dt.datetime) -> bool:
    """Due: no run succeeded since the last scheduled moment."""
    gelukt = laatst_gelukt(taak.naam)
    return gelukt is None or gelukt.begonnen < taak.laatste_moment(nu)


def _voer_uit(taak: Taak, stop: Stopsein) -> Resultaat:
    try:
        return taak.uitvoeren(stop)
    except Exception as fout:  # one failing job must not stop the others; recorded and logged
        logger.exception("Periodic job %s failed", taak.naam)
        eerste = (str(fout).splitlines() or [""])[0][:300]
        return Resultaat(False, f"{type(fout).__name__}: {eerste}")


def _draai_een(taak: Taak, nu: dt.datetime, altijd: bool, stop: Stopsein) -> tuple[str, bool]:
    """Run one job if due and free; returns its line for the report and whether it failed."""
    if not taak.ingesteld():
        return _("%(taak)s: niet ingesteld, overgeslagen.") % {"taak": taak.naam}, False
    if not altijd and not aan_de_beurt(taak, nu):
        return _("%(taak)s: niet aan de beurt.") % {"taak": taak.naam}, False
    with slot(taak.naam) as gekregen:
        if not gekregen:
            tekst = _(
                "%(taak)s: draait al op een andere node of in een ander proces; overgeslagen."
            )
            return tekst % {"taak": taak.naam}, False
        # Under the lock, again: another node may have finished it a moment ago.
        if not altijd and not aan_de_beurt(taak, nu):
            return _("%(taak)s: net gedaan door een andere node.") % {"taak": taak.naam}, False
        # A run still marked as running while we hold the lock died without finishing.
        Taakuitvoering.objects.filter(taak=taak.naam, uitkomst=Uitkomst.BEZIG).update(
            uitkomst=Uitkomst.AFGEBROKEN, geeindigd=timezone.now()
        )
        run = Taakuitvoering.objects.create(taak=taak.naam, node=node())
        resultaat = _voer_uit(taak, stop)
        run.uitkomst = Uitkomst.GELUKT if resultaat.gelukt else Uitkomst.MISLUKT
        run.samenvatting = resultaat.samenvatting
        run.geeindigd = timezone.now()
        run.save(update_fields=["uitkomst", "samenvatting", "geeindigd"])
    woord = _("gelukt") if resultaat.gelukt else _("mislukt")
    return f"{taak.naam}: {woord}. {resultaat.samenvatting}", not resultaat.gelukt


def draai(
    namen: Iterable[str] | None = None,
    *,
    nu: dt.datetime | None = None,
    altijd: bool = False,
    stop: Stopsein | None = None,
    per_taak: Callable[[str], None] | None = None,
) -> Verslag:
    """Run the jobs (all, or those named) that are due — or, with ``altijd``, regardless."""
    gekozen = set(namen) if namen else None
    stop = stop or Stopsein()
    verslag = Verslag()
    for taak in TAKEN:
        if gekozen is not None and taak.naam not in gekozen:
            continue
        if stop.signaal is not None:
            break
        regel, mislukt = _draai_een(taak, nu or timezone.now(), altijd, stop)
        verslag.regels.append(regel)
        if mislukt:
            verslag.mislukt.append(taak.naam)
        if per_taak is not None:
            per_taak(regel)
    Taakuitvoering.objects.filter(begonnen__lt=timezone.now() - BEWAREN).exclude(
        uitkomst=Uitkomst.BEZIG
    ).delete()
    return verslag
