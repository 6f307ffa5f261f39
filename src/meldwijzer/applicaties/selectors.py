"""Reads of applications (docs/api.md, docs/adr/0010)."""

from __future__ import annotations

from django.db.models import QuerySet

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import CASUSINHOUD_ROLLEN


def namens_kandidaten(actor: Membership) -> QuerySet[Membership]:
    """Whom an application of this organisation may act for: active members who work with
    casussen (``permissions.mag_namens_handelen``)."""
    return (
        Membership.objects.filter(
            organisatie_id=actor.organisatie_id,
            actief=True,
            user__is_active=True,
            rol__in=CASUSINHOUD_ROLLEN,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
