from __future__ import annotations

from django.db.models import QuerySet

from meldwijzer.accounts.models import Membership, User
from meldwijzer.gedeeld import rijen


def lidmaatschappen(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, actief=True, organisatie__actief=True)
        .select_related("organisatie", "user")
        .order_by("organisatie__naam", "pk")
    )


def actieve_lidmaatschappen(user: User) -> list[Membership]:
    """``lidmaatschappen`` as a fixed read (ADR 0031), the organisation joined: every logged-in
    request asks it (the membership middleware), where building the ORM query cost more than
    running it."""
    return rijen.lees_met(
        Membership,
        "organisatie",
        "accounts_membership.user_id = %s AND accounts_membership.actief = %s "
        "AND accounts_organisatie.actief = %s",
        [user.pk, True, True],
        volgorde="accounts_organisatie.naam, accounts_membership.id",
    )


def lidmaatschap_en_aantal(
    user: User, organisatie_id: object = None
) -> tuple[Membership | None, int]:
    """The membership chosen in the session (else the user's first one) and how many active
    memberships the user has, from one query; the user already in hand is not read again."""
    alle = actieve_lidmaatschappen(user)
    for m in alle:
        m.user = user
    gekozen = next(
        (
            m
            for m in alle
            if organisatie_id is not None and str(m.organisatie_id) == str(organisatie_id)
        ),
        alle[0] if alle else None,
    )
    return gekozen, len(alle)
