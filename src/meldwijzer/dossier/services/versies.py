"""Keeping the version before a change of a recorded item (docs/adr/0019): one ``Correctie``
row and one audit event per change. For the services only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import json_waarde, leg_vast, momentopname
from meldwijzer.dossier.models import Casus, Correctie, CorrectieReden, Handeling, Signaal
from meldwijzer.dossier.models.casus import Vastlegging


def vul_aan(
    actor: Membership, vast: Casus, signalen: Iterable[Signaal], items: list[str], waar: str
) -> None:
    """Signals ticked at an afweging, added to the signalen they rest on, on a casus row already
    locked by the caller. Each addition is kept like a correction, so unticking later is one."""
    for signaal in signalen:
        nieuw = sorted(set(items) - set(signaal.aangevinkt or []))
        if not nieuw:
            continue
        vorige = momentopname(signaal, ["aangevinkt"])
        signaal.aangevinkt = sorted({*(signaal.aangevinkt or []), *nieuw})
        signaal.gecorrigeerd_op = timezone.now()
        signaal.save(update_fields=["aangevinkt", "gecorrigeerd_op"])
        noteer(
            actor,
            vast,
            "signaal",
            signaal,
            Handeling.AANGEVULD,
            CorrectieReden.AANGEVINKT_BIJ_AFWEGING,
            waar,
            vorige,
            ["aangevinkt"],
        )


def noteer(
    actor: Membership,
    vast: Casus,
    soort: str,
    item: Vastlegging,
    handeling: Handeling,
    reden: str,
    toelichting: str,
    vorige: Mapping[str, Any],
    gewijzigd: list[str],
) -> Correctie:
    correctie = Correctie.objects.create(
        casus=vast,
        soort=soort,
        object_id=item.pk,
        handeling=handeling,
        reden=reden,
        toelichting=toelichting,
        vorige=dict(vorige),
        nieuw={n: json_waarde(getattr(item, n)) for n in gewijzigd},
        gewijzigd=gewijzigd,
        door=actor.user,
    )
    leg_vast(
        actor=actor,
        soort=f"{soort}.{handeling.value}",
        casus=vast,
        obj=item,
        oud={n: vorige[n] for n in gewijzigd} if gewijzigd else dict(vorige),
        nieuw={"reden": reden, **correctie.nieuw},
        reden=toelichting,
    )
    return correctie
