"""Reading the sociale kaart: every query scoped by the organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from meldwijzer.accounts.models import Membership, Rol
from meldwijzer.socialekaart.models import Contact, Soort


@dataclass(frozen=True)
class Aandachtsfunctionaris:
    """A member with the role, as the kaart shows them: name and the account's e-mail."""

    membership_id: int
    naam: str
    email: str


@dataclass
class Kaart:
    aandachtsfunctionarissen: list[Aandachtsfunctionaris]
    veilig_thuis: list[Contact]
    deskundigen: list[Contact]
    alle: list[Contact] = field(default_factory=list)


def aandachtsfunctionarissen(organisatie_id: int) -> list[Aandachtsfunctionaris]:
    leden = (
        Membership.objects.filter(
            organisatie_id=organisatie_id,
            rol=Rol.AANDACHTSFUNCTIONARIS,
            actief=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [Aandachtsfunctionaris(m.pk, m.user.weergavenaam, m.user.email) for m in leden]


def contacten(organisatie_id: int, soort: str | None = None) -> list[Contact]:
    """The organisation's contacts (of one ``soort``, filtered by the database: only those are
    decrypted)."""
    rijen = Contact.objects.filter(organisatie_id=organisatie_id).select_related("kaart")
    if soort is not None:
        rijen = rijen.filter(soort=soort)
    # The names are encrypted: sorted here, not by the database.
    return sorted(rijen, key=lambda c: (c.soort != Soort.VEILIG_THUIS, str(c.naam).lower(), c.pk))


def kaart(organisatie_id: int) -> Kaart:
    alle = contacten(organisatie_id)
    return Kaart(
        aandachtsfunctionarissen=aandachtsfunctionarissen(organisatie_id),
        veilig_thuis=[c for c in alle if c.soort == Soort.VEILIG_THUIS],
        deskundigen=[c for c in alle if c.soort == Soort.DESKUNDIGE],
        alle=alle,
    )


def contact(organisatie_id: int, contact_id: int) -> Contact | None:
    return (
        Contact.objects.filter(pk=contact_id, organisatie_id=organisatie_id)
        .select_related("kaart")
        .first()
    )


def veilig_thuis(organisatie_id: int) -> list[Contact]:
    return contacten(organisatie_id, Soort.VEILIG_THUIS)


def deskundigen_bij(organisatie_id: int, vormen: Iterable[str]) -> list[Contact]:
    """The experts for these forms of violence (eergerelateerd geweld, huwelijksdwang, …): whom
    the Basisdocument advises consulting before talking to those involved (hoofdstuk 3,
    Afweging 2 (c))."""
    gezocht = set(vormen)
    return [
        c
        for c in contacten(organisatie_id, Soort.DESKUNDIGE)
        if gezocht & set(c.deskundig_bij or [])
    ]
