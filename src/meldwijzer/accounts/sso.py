"""Single sign-on with the organisation's identity provider (OpenID Connect; docs/sso.md).

mozilla-django-oidc sends the authorisation request (state, nonce, PKCE), exchanges the code and
fetches the provider's JWKS. ``SsoBackend`` checks the ID token strictly — RS256 signature by a
key of the JWKS, ``iss`` the configured issuer, ``aud`` (and ``azp``) our client id, ``exp``
present and not passed, ``nonce`` the one this browser session sent — and refuses anything else
with a reason (``SsoGeweigerd``) that the login page shows in Dutch.

Who may log in follows the provider's groups claim: ``MELDWIJZER_SSO_GROEPEN`` maps a group to
a role in an organisation. A user none of whose groups is mapped is refused and nothing is
created. The mapping lives in the deployment's settings, not in a table: trusting a provider
and deciding which of its groups read child-protection data is the server's configuration
(like the database and the keys), changed through the deployment's change procedure. The
kaderbeheerder role is never handed out this way.

Two factors: the provider's login counts as both only when its ID token asserts it (``amr``
with one of ``MELDWIJZER_SSO_MFA_AMR``, or ``acr`` one of ``MELDWIJZER_SSO_MFA_ACR``); the
session is then verified by an ``IdpApparaat``. Otherwise the user continues at Meldwijzer's own
second step (TOTP app or recovery code), exactly as after a password.

This module loads the OpenID Connect stack; a worker imports it only when SSO is used (the SSO
views at their first request, or Django for a session logged in through ``SsoBackend``). Whether
SSO is configured is asked of the light ``accounts.sso_instelling``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from meldwijzer.accounts.gebruikersnamen import controleer_nieuwe_gebruikersnaam
from meldwijzer.accounts.models import (
    ROLLEN_VIA_BEHEER,
    IdpApparaat,
    Membership,
    Organisatie,
    Rol,
    SsoIdentiteit,
    User,
)
from meldwijzer.accounts.sso_instelling import sso_aan

logger = logging.getLogger(__name__)

BACKEND = "meldwijzer.accounts.sso.SsoBackend"
# Clock difference allowed between the provider and this server, in seconds.
SPELING = 60


class SsoGeweigerd(Exception):
    """A login through the provider that is refused; ``reden`` is a short code for the log."""

    def __init__(self, reden: str, bericht: str, *, claims: dict[str, Any] | None = None):
        super().__init__(bericht)
        self.reden = reden
        self.bericht = bericht
        self.claims = claims or {}


def ongeldig_idbewijs(reden: str) -> SsoGeweigerd:
    return SsoGeweigerd(
        reden,
        _(
            "Het identiteitsbewijs van de identity provider van uw organisatie is niet geldig "
            "(%(reden)s). U bent niet ingelogd. Probeer het opnieuw; blijft dit gebeuren, meld "
            "het dan aan de functioneel beheerder."
        )
        % {"reden": reden},
    )


@dataclass(frozen=True)
class Toewijzing:
    organisatie: Organisatie
    rol: str


def toewijzingen(groepen: list[str]) -> list[Toewijzing]:
    """The memberships the user's groups give, one per organisation.

    Raises ``SsoGeweigerd`` when no group is mapped, when the mapping names an organisation or
    role that does not exist, or when two groups give different roles in one organisation (a
    user has one role per organisation; the provider's groups must say which).
    """
    mapping: dict[str, dict[str, Any]] = settings.MELDWIJZER_SSO_GROEPEN or {}
    per_organisatie: dict[int, Toewijzing] = {}
    for groep in sorted(set(groepen)):
        regel = mapping.get(groep)
        if regel is None:
            continue  # a provider sends many groups; only the mapped ones count
        rol = str(regel.get("rol", ""))
        if rol not in {r.value for r in ROLLEN_VIA_BEHEER}:
            raise SsoGeweigerd(
                "configuratie",
                _(
                    "De instelling voor groep '%(groep)s' noemt rol '%(rol)s', die via inloggen "
                    "met de organisatie niet kan worden toegekend. Meld dit aan de beheerder van "
                    "Meldwijzer."
                )
                % {"groep": groep, "rol": rol},
            )
        organisatie = _organisatie(regel.get("organisatie"))
        if organisatie is None:
            raise SsoGeweigerd(
                "configuratie",
                _(
                    "De organisatie die bij groep '%(groep)s' is ingesteld bestaat niet (of is "
                    "niet actief). Meld dit aan de beheerder van Meldwijzer."
                )
                % {"groep": groep},
            )
        eerder = per_organisatie.get(organisatie.pk)
        if eerder is not None and eerder.rol != rol:
            raise SsoGeweigerd(
                "groepen_tegenstrijdig",
                _(
                    "Uw groepen bij de identity provider geven u in %(organisatie)s twee "
                    "verschillende rollen. Vraag de beheerder van uw accounts om u in één van "
                    "die groepen te plaatsen."
                )
                % {"organisatie": organisatie.naam},
            )
        per_organisatie[organisatie.pk] = Toewijzing(organisatie, rol)
    if not per_organisatie:
        raise SsoGeweigerd(
            "geen_groep",
            _(
                "Uw account bij de identity provider geeft geen toegang tot Meldwijzer: geen van "
                "uw groepen is aan een rol gekoppeld. Vraag de functioneel beheerder van uw "
                "organisatie om toegang."
            ),
        )
    return list(per_organisatie.values())


def _organisatie(waarde: Any) -> Organisatie | None:
    actief = Organisatie.objects.filter(actief=True)
    if isinstance(waarde, int) or (isinstance(waarde, str) and waarde.isdigit()):
        return actief.filter(pk=int(waarde)).first()
    if isinstance(waarde, str) and waarde:
        return actief.filter(naam=waarde).first()
    return None


def groepen_uit(claims: dict[str, Any]) -> list[str]:
    waarde = claims.get(settings.MELDWIJZER_SSO_GROEPEN_CLAIM)
    if isinstance(waarde, str):
        return [waarde]
    if isinstance(waarde, list):
        return [str(g) for g in waarde]
    return []


def mfa_bij_provider(claims: dict[str, Any]) -> str | None:
    """How the provider asserted a second factor (for the login event), or None."""
    amr = claims.get("amr")
    amr_waarden = [str(a) for a in amr] if isinstance(amr, list) else []
    for waarde in amr_waarden:
        if waarde in settings.MELDWIJZER_SSO_MFA_AMR:
            return f"amr:{waarde}"
    acr = claims.get("acr")
    if isinstance(acr, str) and acr in settings.MELDWIJZER_SSO_MFA_ACR:
        return f"acr:{acr}"
    return None


def idp_apparaat(user: User) -> IdpApparaat:
    apparaat, _nieuw = IdpApparaat.objects.get_or_create(
        user=user, defaults={"name": "Identity provider", "confirmed": True}
    )
    return apparaat


def gebruikersnaam_voor(issuer: str, sub: str) -> str:
    """A stable username that reveals nothing of the provider's identifiers."""
    return "sso-" + hashlib.sha256(f"{issuer}|{sub}".encode()).hexdigest()[:16]


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the token checks and the account rules above.

    Only the SSO callback (web.views.sso) calls ``authenticate`` with a nonce; for every other
    login (a password) it answers None.
    """

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        if "nonce" not in kwargs or not sso_aan():
            return None
        self.claims: dict[str, Any] = {}
        self.id_token: str | None = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        if not token:
            raise ongeldig_idbewijs("geen ID-token")
        try:
            sleutel = self.retrieve_matching_jwk(token)
        except (SuspiciousOperation, jwt.PyJWTError, KeyError) as fout:
            raise ongeldig_idbewijs("onbekende sleutel") from fout
        payload = self._verify_jws(token, sleutel)
        nonce = kwargs.get("nonce")
        if not nonce or payload.get("nonce") != nonce:
            raise ongeldig_idbewijs("nonce")
        return payload

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The provider's signing key for this token from its JWKS: the one with the token's
        ``kid``; without a ``kid`` only when the JWKS holds exactly one RSA signing key
        (OpenID Connect Core 10.1)."""
        antwoord = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
        )
        antwoord.raise_for_status()
        kop = jwt.get_unverified_header(token)
        sleutels = [
            k
            for k in antwoord.json().get("keys", [])
            if k.get("kty") == "RSA"
            and k.get("use", "sig") == "sig"
            and k.get("alg", kop.get("alg")) == kop.get("alg")
        ]
        if "kid" in kop:
            sleutels = [k for k in sleutels if k.get("kid") == kop["kid"]]
        if len(sleutels) != 1:
            raise SuspiciousOperation("no single matching key in the JWKS")
        return jwt.PyJWK(sleutels[0])

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        try:
            kop = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as fout:
            raise ongeldig_idbewijs("onleesbaar") from fout
        if kop.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise ongeldig_idbewijs("algoritme")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.MELDWIJZER_SSO_ISSUER,
                leeway=SPELING,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as fout:
            raise ongeldig_idbewijs("verlopen") from fout
        except jwt.InvalidAudienceError as fout:
            raise ongeldig_idbewijs("audience") from fout
        except jwt.InvalidIssuerError as fout:
            raise ongeldig_idbewijs("issuer") from fout
        except jwt.InvalidSignatureError as fout:
            raise ongeldig_idbewijs("handtekening") from fout
        except jwt.MissingRequiredClaimError as fout:
            raise ongeldig_idbewijs(f"claim {fout.claim} ontbreekt") from fout
        except jwt.PyJWTError as fout:
            raise ongeldig_idbewijs("ongeldig token") from fout
        aud = claims.get("aud")
        if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise ongeldig_idbewijs("azp")
        return claims

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # Kept on the backend, not in the session: the session id changes at login (web.views.sso).
        self.id_token = id_token

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") not in (None, payload["sub"]):
            raise ongeldig_idbewijs("sub van userinfo wijkt af")
        # The signed ID token wins over userinfo for every claim it carries (amr, acr, groups).
        claims = {**userinfo, **payload}
        self.claims = claims
        with transaction.atomic():
            return koppel_gebruiker(claims)


def koppel_gebruiker(claims: dict[str, Any]) -> User:
    """The account for these claims, created at first login, with its memberships set to what
    the groups give now. Refused (``SsoGeweigerd``) before anything is written when no group
    gives access."""
    issuer = settings.MELDWIJZER_SSO_ISSUER
    sub = str(claims["sub"])
    try:
        rollen = toewijzingen(groepen_uit(claims))
    except SsoGeweigerd as fout:
        fout.claims = claims
        raise
    identiteit = SsoIdentiteit.objects.select_related("user").filter(issuer=issuer, sub=sub).first()
    if identiteit is None:
        user = User(username=_nieuwe_naam(issuer, sub, claims))
        user.set_unusable_password()  # SSO accounts never log in with a password
        _namen(user, claims)
        user.save()
        identiteit = SsoIdentiteit.objects.create(user=user, issuer=issuer, sub=sub)
    else:
        user = identiteit.user
        if not user.is_active:
            raise SsoGeweigerd(
                "account_uitgeschakeld",
                _("Uw account in Meldwijzer is uitgeschakeld. Neem contact op met uw beheerder."),
                claims=claims,
            )
        _namen(user, claims)
        user.save(update_fields=["first_name", "last_name", "email"])
    identiteit.laatst_gebruikt_op = timezone.now()
    identiteit.save(update_fields=["laatst_gebruikt_op"])
    gegeven = set()
    for toewijzing in rollen:
        Membership.objects.update_or_create(
            user=user,
            organisatie=toewijzing.organisatie,
            defaults={"rol": toewijzing.rol, "actief": True},
        )
        gegeven.add(toewijzing.organisatie.pk)
    # The provider's groups decide: a membership no group gives any more is switched off.
    Membership.objects.filter(user=user).exclude(organisatie_id__in=gegeven).exclude(
        rol=Rol.KADERBEHEERDER
    ).update(actief=False)
    return user


def _nieuwe_naam(issuer: str, sub: str, claims: dict[str, Any]) -> str:
    """The username of a first login, through the rule every new account passes
    (accounts.gebruikersnamen); refused, with the rule's reason in the log, when it would look
    like an existing name."""
    naam = gebruikersnaam_voor(issuer, sub)
    try:
        return controleer_nieuwe_gebruikersnaam(naam, door_meldwijzer=True)
    except ValidationError as fout:
        logger.warning("SSO: username %s refused: %s", naam, " ".join(fout.messages))
        raise SsoGeweigerd(
            "gebruikersnaam",
            _(
                "Voor uw account kan in Meldwijzer geen gebruikersnaam worden gemaakt: er bestaat "
                "al een account met een naam die erop lijkt. U bent niet ingelogd. Meld dit aan "
                "de functioneel beheerder van uw organisatie."
            ),
            claims=claims,
        ) from fout


def _namen(user: User, claims: dict[str, Any]) -> None:
    user.first_name = str(claims.get("given_name") or "")[:150]
    user.last_name = str(claims.get("family_name") or "")[:150]
    if not (user.first_name or user.last_name) and claims.get("name"):
        user.first_name = str(claims["name"])[:150]
    if claims.get("email") and claims.get("email_verified", True) is not False:
        user.email = str(claims["email"])[:254]
