"""Who may see and change what: the one place for access rules (DESIGN.md, 'Who uses it').

Casus content is for the beroepskracht who owns the casus and for the organisation's
aandachtsfunctionaris. Beheerder and privacy officer work with users, settings and logs, and
never see casus content. Everything is scoped to the membership's organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from meldwijzer.accounts.models import Membership, Rol

if TYPE_CHECKING:
    from meldwijzer.dossier.models import Casus

CASUSINHOUD_ROLLEN = frozenset({Rol.BEROEPSKRACHT, Rol.AANDACHTSFUNCTIONARIS})


def ziet_casusinhoud(membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.actief
        and membership.organisatie.actief
        and membership.rol in CASUSINHOUD_ROLLEN
    )


def ziet_alle_casussen(membership: Membership | None) -> bool:
    """The aandachtsfunctionaris sees every casus of the organisation."""
    return ziet_casusinhoud(membership) and membership.rol == Rol.AANDACHTSFUNCTIONARIS  # type: ignore[union-attr]


def mag_casus_openen(membership: Membership | None) -> bool:
    return ziet_casusinhoud(membership)


def casus_filter(membership: Membership | None) -> Q:
    """The casussen a membership may see, as a filter on the Casus table."""
    if not ziet_casusinhoud(membership):
        return Q(pk__in=[])
    assert membership is not None
    filter_ = Q(organisatie_id=membership.organisatie_id)
    if not ziet_alle_casussen(membership):
        filter_ &= Q(eigenaar_id=membership.user_id)
    return filter_


def mag_casus_zien(membership: Membership | None, casus: Casus) -> bool:
    if not ziet_casusinhoud(membership):
        return False
    assert membership is not None
    if casus.organisatie_id != membership.organisatie_id:
        return False
    return ziet_alle_casussen(membership) or casus.eigenaar_id == membership.user_id


def mag_casus_bewerken(membership: Membership | None, casus: Casus) -> bool:
    """Whoever may see a casus may record in it; the audit trail says who did what."""
    return mag_casus_zien(membership, casus)
