"""Functioneel beheer of users (DESIGN.md: the beheerder manages users, never casus content).

Every function checks the actor's right (accounts.permissions) and that the membership belongs
to the actor's own organisation — another organisation's membership is "not found" — and
records the change in the audit trail.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldwijzer.accounts.gebruikersnamen import controleer_nieuwe_gebruikersnaam
from meldwijzer.accounts.models import ROLLEN_VIA_BEHEER, Membership, Rol, User
from meldwijzer.accounts.permissions import mag_gebruikers_beheren
from meldwijzer.accounts.tweestaps import beeindig_sessies, reset_tweestaps
from meldwijzer.audit.services import leg_vast


def _mag_beheren(actor: Membership | None) -> Membership:
    if not mag_gebruikers_beheren(actor):
        raise PermissionDenied(_("Alleen een functioneel beheerder beheert gebruikers."))
    assert actor is not None
    return actor


def leden(actor: Membership | None) -> QuerySet[Membership]:
    """The memberships of the actor's organisation, with whether two factors are set up."""
    actor = _mag_beheren(actor)
    return (
        Membership.objects.filter(organisatie_id=actor.organisatie_id)
        .select_related("user", "organisatie")
        .annotate(
            heeft_tweestaps=Exists(
                TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
            )
        )
        .order_by("user__username", "pk")
    )


def lidmaatschap_voor(actor: Membership | None, pk: int) -> Membership:
    """One membership of the actor's own organisation; 404 for any other."""
    try:
        return leden(actor).get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError) as fout:
        raise Http404("Gebruiker niet gevonden") from fout


def _niet_zelf(actor: Membership, membership: Membership) -> None:
    if membership.user_id == actor.user_id:
        raise ValidationError(
            _("U kunt uw eigen account hier niet wijzigen; vraag een andere beheerder.")
        )


def _geldige_rol(rol: str) -> str:
    if rol not in ROLLEN_VIA_BEHEER:
        raise ValidationError({"rol": [_("Kies een van de rollen.")]})
    return rol


@transaction.atomic
def maak_gebruiker(
    *,
    actor: Membership,
    gebruikersnaam: str,
    voornaam: str,
    achternaam: str,
    rol: str,
    wachtwoord: str,
    email: str = "",
) -> Membership:
    """A new user in the actor's organisation, with a first passphrase to hand over in person.

    Two factors are set up by the user at their first login.
    """
    actor = _mag_beheren(actor)
    fouten: dict[str, list[str]] = {}
    try:
        gebruikersnaam = controleer_nieuwe_gebruikersnaam(gebruikersnaam)
    except ValidationError as fout:
        fouten["gebruikersnaam"] = list(fout.messages)
    try:
        _geldige_rol(rol)
    except ValidationError as fout:
        fouten.update(fout.message_dict)
    nieuw = User(username=gebruikersnaam, first_name=voornaam.strip(), last_name=achternaam.strip())
    nieuw.email = (email or "").strip()
    try:
        validate_password(wachtwoord, user=nieuw)
    except ValidationError as fout:
        fouten["wachtwoord"] = list(fout.messages)
    if fouten:
        raise ValidationError(fouten)
    nieuw.set_password(wachtwoord)
    nieuw.save()
    membership = Membership.objects.create(user=nieuw, organisatie_id=actor.organisatie_id, rol=rol)
    leg_vast(
        actor=actor,
        soort="gebruiker.aangemaakt",
        obj=membership,
        nieuw={"gebruikersnaam": nieuw.username, "rol": rol},
    )
    return membership


@transaction.atomic
def wijzig_rol(*, actor: Membership, membership: Membership, rol: str) -> Membership:
    actor = _mag_beheren(actor)
    membership = lidmaatschap_voor(actor, membership.pk)
    _niet_zelf(actor, membership)
    _geldige_rol(rol)
    if membership.rol == Rol.KADERBEHEERDER:
        # A deployment-wide role: granted and taken back by the server's beheerder only.
        raise ValidationError(_("De rol kaderbeheerder wijzigt alleen de beheerder van de server."))
    if membership.rol == rol:
        return membership
    oud = membership.rol
    membership.rol = rol
    membership.save(update_fields=["rol"])
    # A changed role changes what the open sessions may see: they start again.
    beeindig_sessies(membership.user)
    leg_vast(
        actor=actor, soort="gebruiker.rol", obj=membership, oud={"rol": oud}, nieuw={"rol": rol}
    )
    return membership


@transaction.atomic
def zet_actief(*, actor: Membership, membership: Membership, actief: bool) -> Membership:
    """Disable or enable a membership. Disabling ends the user's open sessions at once."""
    actor = _mag_beheren(actor)
    membership = lidmaatschap_voor(actor, membership.pk)
    _niet_zelf(actor, membership)
    if membership.actief == actief:
        return membership
    membership.actief = actief
    membership.save(update_fields=["actief"])
    user = membership.user
    elders = Membership.objects.filter(user=user, actief=True).exclude(pk=membership.pk).exists()
    if not actief:
        beeindig_sessies(user)
        if not elders and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    leg_vast(
        actor=actor,
        soort="gebruiker.geactiveerd" if actief else "gebruiker.gedeactiveerd",
        obj=membership,
        oud={"actief": not actief},
        nieuw={"actief": actief},
    )
    return membership


@transaction.atomic
def reset_tweestaps_van(*, actor: Membership, membership: Membership) -> None:
    """A lost phone: app and recovery codes removed, sessions ended; set up anew at next login.

    Hand the user a new passphrase too if their password may be known to someone else: whoever
    knows the password can set up the second factor until the user does.
    """
    actor = _mag_beheren(actor)
    membership = lidmaatschap_voor(actor, membership.pk)
    _niet_zelf(actor, membership)
    reset_tweestaps(membership.user)
    leg_vast(actor=actor, soort="gebruiker.tweestaps_gereset", obj=membership)


@transaction.atomic
def ontgrendel(*, actor: Membership, membership: Membership) -> None:
    """Lift a lockout (django-axes) before its cool-off ends."""
    actor = _mag_beheren(actor)
    membership = lidmaatschap_voor(actor, membership.pk)
    AxesProxyHandler.reset_attempts(username=membership.user.username)
    leg_vast(actor=actor, soort="gebruiker.ontgrendeld", obj=membership)


@transaction.atomic
def nieuw_wachtwoord(*, actor: Membership, membership: Membership, wachtwoord: str) -> None:
    """Set a new first passphrase (forgotten password); ends the user's sessions."""
    actor = _mag_beheren(actor)
    membership = lidmaatschap_voor(actor, membership.pk)
    _niet_zelf(actor, membership)
    user = membership.user
    try:
        validate_password(wachtwoord, user=user)
    except ValidationError as fout:
        raise ValidationError({"wachtwoord": list(fout.messages)}) from fout
    user.set_password(wachtwoord)
    user.save(update_fields=["password"])
    beeindig_sessies(user)
    leg_vast(actor=actor, soort="gebruiker.wachtwoord_gezet", obj=membership)
