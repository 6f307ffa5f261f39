"""Reads of termijnen, always scoped by the reader's membership (accounts.permissions)."""

from __future__ import annotations

from django.db.models import QuerySet

from meldwijzer.accounts.models import Membership, Organisatie
from meldwijzer.accounts.permissions import CASUSINHOUD_ROLLEN
from meldwijzer.dossier import selectors as dossier_selectors
from meldwijzer.dossier.models import Casus
from meldwijzer.gedeeld import rijen
from meldwijzer.rapportage.models import Termijn


def open_termijnen(
    membership: Membership | None, *, alleen_eigen: bool = True
) -> QuerySet[Termijn]:
    """Open termijnen of the casussen this member may see; by default only those they are
    responsible for. Earliest due first."""
    zichtbaar = dossier_selectors.zichtbare_casussen(membership).values("pk")
    qs = Termijn.objects.filter(open=True, casus__in=zichtbaar)
    if alleen_eigen and membership is not None:
        qs = qs.filter(verantwoordelijke_id=membership.user_id)
    return qs.select_related("casus", "verantwoordelijke").order_by("uiterlijk", "pk")


def termijnen_van_casus(casus: Casus) -> list[Termijn]:
    """The open termijnen of one (already permission-checked) casus, earliest first, each with
    who is responsible: a fixed read (ADR 0031), on every casus page."""
    return rijen.lees_met(
        Termijn,
        "verantwoordelijke",
        "rapportage_termijn.casus_id = %s AND rapportage_termijn.open = %s",
        [casus.pk, True],
        volgorde="rapportage_termijn.uiterlijk, rapportage_termijn.id",
    )


def beroepskrachten(organisatie: Organisatie) -> QuerySet[Membership]:
    """Who can own casussen in this organisation: the choices of the dashboard's filter."""
    return (
        Membership.objects.filter(organisatie=organisatie, rol__in=CASUSINHOUD_ROLLEN)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
