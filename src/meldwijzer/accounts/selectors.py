from __future__ import annotations

from django.db.models import QuerySet

from meldwijzer.accounts.models import Membership, User


def lidmaatschappen(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, actief=True, organisatie__actief=True)
        .select_related("organisatie", "user")
        .order_by("organisatie__naam", "pk")
    )


def actief_lidmaatschap(user: User, organisatie_id: object = None) -> Membership | None:
    """The membership chosen in the session, else the user's first one."""
    alle = list(lidmaatschappen(user))
    for m in alle:
        if organisatie_id is not None and str(m.organisatie_id) == str(organisatie_id):
            return m
    return alle[0] if alle else None
