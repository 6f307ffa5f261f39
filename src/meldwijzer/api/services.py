"""Writes of applications and their tokens (issue 11): register, revoke, and find by token.

A token is ``mw_<prefix>_<secret>``: the prefix (public) finds the row, the secret (256 random
bits) is compared by its SHA-256. It is shown once, when registered; nobody can read it back.
Every registration and revocation is in the organisation's audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_applicaties_beheren, mag_namens_handelen
from meldwijzer.api.models import Applicatie, Scope
from meldwijzer.audit.services import leg_vast

VOORVOEGSEL = "mw_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _controleer_beheerder(actor: Membership | None) -> Membership:
    if actor is None or not mag_applicaties_beheren(actor):
        raise PermissionDenied(_("Alleen de functioneel beheerder beheert applicaties."))
    return actor


@transaction.atomic
def registreer_applicatie(
    *,
    actor: Membership,
    naam: str,
    scopes: Iterable[str],
    namens: Membership,
    verloopt_op: dt.date,
) -> tuple[Applicatie, str]:
    """A new application with its token; returns the token, to be shown once."""
    _controleer_beheerder(actor)
    fouten: dict[str, list[str]] = {}
    naam = (naam or "").strip()
    if not naam:
        fouten["naam"] = [_("Geef de applicatie een naam, bijvoorbeeld het ECD dat koppelt.")]
    elif len(naam) > 100:
        fouten["naam"] = [_("Houd de naam korter dan 100 tekens.")]
    gekozen = sorted(set(scopes))
    if not gekozen or set(gekozen) - set(Scope.values):
        fouten["scopes"] = [_("Kies een of meer rechten uit de lijst.")]
    if namens.organisatie_id != actor.organisatie_id or not mag_namens_handelen(namens):
        fouten["namens"] = [
            _(
                "Een applicatie handelt namens een beroepskracht of aandachtsfunctionaris van "
                "uw organisatie, nooit namens een beheerder."
            )
        ]
    vandaag = timezone.localdate()
    maximaal = vandaag + dt.timedelta(days=settings.MELDWIJZER_API_TOKEN_MAX_DAGEN)
    if not vandaag < verloopt_op <= maximaal:
        fouten["verloopt_op"] = [
            _("Kies een datum na vandaag en uiterlijk %(max)s.") % {"max": maximaal.isoformat()}
        ]
    if fouten:
        raise ValidationError(fouten)
    prefix = secrets.token_hex(6)
    token = f"{VOORVOEGSEL}{prefix}_{secrets.token_urlsafe(32)}"
    einde = dt.datetime.combine(verloopt_op, dt.time.min, tzinfo=timezone.get_current_timezone())
    applicatie = Applicatie.objects.create(
        organisatie_id=actor.organisatie_id,
        naam=naam,
        scopes=gekozen,
        namens=namens,
        prefix=prefix,
        token_hash=token_hash(token),
        geregistreerd_door=actor.user,
        verloopt_op=einde,
    )
    leg_vast(
        actor=actor,
        soort="applicatie.geregistreerd",
        obj=applicatie,
        nieuw={
            "naam": naam,
            "scopes": gekozen,
            "namens": namens.user.username,
            "verloopt_op": einde.isoformat(),
            "prefix": prefix,
        },
    )
    return applicatie, token


def applicaties(actor: Membership | None) -> list[Applicatie]:
    """The organisation's applications (for its beheerder)."""
    actor = _controleer_beheerder(actor)
    return list(
        Applicatie.objects.filter(organisatie_id=actor.organisatie_id).select_related(
            "namens__user", "geregistreerd_door"
        )
    )


@transaction.atomic
def trek_applicatie_in(*, actor: Membership, applicatie_id: object) -> Applicatie:
    """Revoke: the token stops working at once; the row stays for the record."""
    _controleer_beheerder(actor)
    try:
        applicatie = Applicatie.objects.select_for_update().get(
            pk=int(str(applicatie_id)), organisatie_id=actor.organisatie_id
        )
    except (Applicatie.DoesNotExist, ValueError) as fout:
        raise ValidationError(_("Deze applicatie bestaat niet (meer).")) from fout
    if applicatie.is_ingetrokken:
        raise ValidationError(_("Deze applicatie is al ingetrokken."))
    applicatie.ingetrokken_op = timezone.now()
    applicatie.ingetrokken_door = actor.user
    applicatie.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    leg_vast(
        actor=actor,
        soort="applicatie.ingetrokken",
        obj=applicatie,
        oud={"ingetrokken_op": None},
        nieuw={"ingetrokken_op": applicatie.ingetrokken_op.isoformat()},
    )
    return applicatie


def applicatie_voor_token(token: str) -> Applicatie | None:
    """The usable application this token belongs to, or None (unknown, revoked, expired)."""
    if not token.startswith(VOORVOEGSEL):
        return None
    prefix, _sep, geheim = token.removeprefix(VOORVOEGSEL).partition("_")
    if not prefix or not geheim or len(token) > 200:
        return None
    applicatie = (
        Applicatie.objects.filter(prefix=prefix)
        .select_related("namens__user", "namens__organisatie", "organisatie")
        .first()
    )
    if applicatie is None or not constant_time_compare(applicatie.token_hash, token_hash(token)):
        return None
    if not applicatie.is_bruikbaar or not applicatie.organisatie.actief:
        return None
    return applicatie


def noteer_gebruik(applicatie: Applicatie) -> None:
    """When the application last called (at most once a minute a write)."""
    nu = timezone.now()
    if applicatie.laatst_gebruikt_op is None or nu - applicatie.laatst_gebruikt_op > dt.timedelta(
        minutes=1
    ):
        Applicatie.objects.filter(pk=applicatie.pk).update(laatst_gebruikt_op=nu)
        applicatie.laatst_gebruikt_op = nu
