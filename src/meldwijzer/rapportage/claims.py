"""Claims on reminders: how a run of ``meldwijzer herinneringen`` takes a reminder, marks it sent,
gives it back, or takes over the claim of a run that died (docs/deploy.md, 'Herinneringen:
precies één keer').

A reminder is a ``Herinnering`` row, unique per (termijn, ontvanger, soort, uiterlijk):

- **geclaimd** — a run inserted it, with its run id and the claim time, just before the e-mail
  goes out. The unique constraint lets only one run, on any machine, hold it.
- **verzonden** — set by the run that holds the claim, once the mail server accepted the e-mail.
  Never claimed again.
- **given back** — the row is deleted by the run that holds it when the e-mail failed or the run
  stops, so the next run claims it anew.
- **taken over** — a claim older than ``MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA`` belongs to a run
  that died (SIGKILL, a power cut): one conditional UPDATE gives it to the new run. Two runs
  trying at once both issue it; the database applies them one after the other and the second no
  longer matches (its claim time is new), so one run wins.

Every write names the run: a run can mark sent or give back only what it holds now.

What no design avoids over SMTP: between the server's acceptance and the row marked sent, a run
that dies leaves a claim that a later run takes over — that recipient gets the e-mail twice. It
is never lost.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from meldwijzer.rapportage.models import Herinnering, HerinneringStatus

if TYPE_CHECKING:
    from meldwijzer.rapportage.herinneringen import Melding


def nieuwe_run() -> str:
    """A run id: random, with the machine and process, so an operator sees whose claim it is."""
    return f"{uuid.uuid4().hex[:16]} {socket.gethostname()[:60]} pid {os.getpid()}"


def vervalt_na() -> dt.timedelta:
    return dt.timedelta(seconds=float(settings.MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA))


@dataclass
class Claim:
    """What one run got of the reminders it asked for."""

    geclaimd: list[tuple[Melding, int]] = field(default_factory=list)  # with the row's pk
    overgenomen: int = 0  # of those, taken over from a run that died
    bezig: int = 0  # held by another run that may still be sending
    al_verzonden: int = 0  # sent in the meantime by another run


def claim(
    run: str, ontvanger_id: int, meldingen: Iterable[Melding], *, nu: dt.datetime | None = None
) -> Claim:
    """Claim each reminder for ``run``: a new row, or a stale claim taken over."""
    nu = nu or timezone.now()
    uitkomst = Claim()
    for m in meldingen:
        sleutel = {
            "termijn_id": m.termijn_id,
            "ontvanger_id": ontvanger_id,
            "soort": m.soort,
            "uiterlijk": m.uiterlijk,
        }
        try:
            with transaction.atomic():
                rij = Herinnering.objects.create(
                    **sleutel, status=HerinneringStatus.GECLAIMD, run=run, geclaimd_op=nu
                )
            uitkomst.geclaimd.append((m, rij.pk))
            continue
        except IntegrityError:
            pass
        pk = None
        if Herinnering.objects.filter(
            **sleutel, status=HerinneringStatus.GECLAIMD, geclaimd_op__lt=nu - vervalt_na()
        ).update(run=run, geclaimd_op=nu):
            pk = (
                Herinnering.objects.filter(**sleutel, run=run, status=HerinneringStatus.GECLAIMD)
                .values_list("pk", flat=True)
                .first()
            )
        if pk is not None:
            uitkomst.geclaimd.append((m, pk))
            uitkomst.overgenomen += 1
        elif Herinnering.objects.filter(**sleutel, status=HerinneringStatus.VERZONDEN).exists():
            uitkomst.al_verzonden += 1
        else:
            uitkomst.bezig += 1
    return uitkomst


def markeer_verzonden(run: str, geclaimd: Iterable[tuple[Melding, int]]) -> int:
    """After the mail server accepted the e-mail: its reminders are sent. Returns how many were
    still this run's to mark (fewer only when another run took a claim over meanwhile)."""
    return Herinnering.objects.filter(
        pk__in=[pk for _m, pk in geclaimd], run=run, status=HerinneringStatus.GECLAIMD
    ).update(status=HerinneringStatus.VERZONDEN, verzonden_op=timezone.now())


def geef_vrij(run: str, pks: Iterable[int] | None = None) -> int:
    """Give back this run's unsent claims (those of ``pks``, or all): the next run claims them."""
    claims = Herinnering.objects.filter(run=run, status=HerinneringStatus.GECLAIMD)
    if pks is not None:
        claims = claims.filter(pk__in=list(pks))
    aantal, _per_model = claims.delete()
    return aantal
