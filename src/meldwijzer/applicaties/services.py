"""Writes of applications and their tokens: ask, approve, register, revoke, find by token.

A token is ``mw_<prefix>_<secret>``: the prefix (public) finds the row, the secret (256 random
bits) is compared by its SHA-256. It is minted when the user the application acts for approves
it with their own second factor, and shown once, to that user only; the beheerder who asked for
it never holds a credential that reads casus content (docs/adr/0010). The server's operator may
register one directly on the command line. Every step is in the organisation's audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_applicaties_beheren, mag_namens_handelen
from meldwijzer.accounts.tweestaps import totp_apparaat
from meldwijzer.applicaties.models import Applicatie, Scope
from meldwijzer.audit.services import leg_vast
from meldwijzer.ids import id_uit

VOORVOEGSEL = "mw_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _controleer_beheerder(actor: Membership | None) -> Membership:
    if actor is None or not mag_applicaties_beheren(actor):
        raise PermissionDenied(_("Alleen de functioneel beheerder beheert applicaties."))
    return actor


def _nieuw_token() -> tuple[str, str]:
    """A new token and its public prefix."""
    prefix = secrets.token_hex(6)
    return prefix, f"{VOORVOEGSEL}{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def vraag_applicatie_aan(
    *,
    actor: Membership,
    naam: str,
    scopes: Iterable[str],
    namens: Membership,
    verloopt_op: dt.date,
) -> Applicatie:
    """The beheerder's request for an application; it has no token until ``namens`` approves."""
    gegevens = _controleer_aanvraag(actor, naam, scopes, namens, verloopt_op)
    applicatie = Applicatie.objects.create(geregistreerd_door=actor.user, **gegevens)
    leg_vast(
        actor=actor,
        soort="applicatie.aangevraagd",
        obj=applicatie,
        nieuw=_vastlegging(applicatie),
    )
    return applicatie


@transaction.atomic
def registreer_applicatie(
    *,
    actor: Membership,
    naam: str,
    scopes: Iterable[str],
    namens: Membership,
    verloopt_op: dt.date,
) -> tuple[Applicatie, str]:
    """For the server's operator (``meldwijzer applicatie registreer``): an application that is
    usable at once, its token returned to be shown once. The operator holds the database and
    its keys anyway; the pages never call this (docs/adr/0010)."""
    gegevens = _controleer_aanvraag(actor, naam, scopes, namens, verloopt_op)
    prefix, token = _nieuw_token()
    applicatie = Applicatie.objects.create(
        geregistreerd_door=actor.user,
        prefix=prefix,
        token_hash=token_hash(token),
        goedgekeurd_op=timezone.now(),
        goedgekeurd_via=Applicatie.Goedkeuring.OPDRACHTREGEL,
        **gegevens,
    )
    leg_vast(
        actor=actor,
        soort="applicatie.geregistreerd",
        obj=applicatie,
        nieuw={**_vastlegging(applicatie), "prefix": prefix, "via": "opdrachtregel"},
    )
    return applicatie, token


def _vastlegging(applicatie: Applicatie) -> dict[str, object]:
    return {
        "naam": applicatie.naam,
        "scopes": applicatie.scopes,
        "namens": applicatie.namens.user.username,
        "verloopt_op": applicatie.verloopt_op.isoformat(),
    }


def _controleer_aanvraag(
    actor: Membership,
    naam: str,
    scopes: Iterable[str],
    namens: Membership,
    verloopt_op: dt.date,
) -> dict[str, object]:
    """The checked fields of a new application, or a ValidationError per field."""
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
            _("Kies een datum na vandaag en uiterlijk %(max)s.")
            % {"max": datumtekst.datum(maximaal)}
        ]
    if fouten:
        raise ValidationError(fouten)
    einde = dt.datetime.combine(verloopt_op, dt.time.min, tzinfo=timezone.get_current_timezone())
    return {
        "organisatie_id": actor.organisatie_id,
        "naam": naam,
        "scopes": gekozen,
        "namens": namens,
        "verloopt_op": einde,
    }


def applicaties_namens(lid: Membership) -> list[Applicatie]:
    """The applications that act (or ask to act) for this member, for *Mijn account*."""
    return list(
        Applicatie.objects.filter(namens=lid, organisatie_id=lid.organisatie_id).select_related(
            "geregistreerd_door"
        )
    )


def _applicatie_namens(lid: Membership, applicatie_id: object) -> Applicatie:
    getal = id_uit(applicatie_id)
    applicatie = (
        Applicatie.objects.select_for_update()
        .filter(pk=getal, namens=lid, organisatie_id=lid.organisatie_id)
        .first()
        if getal is not None
        else None
    )
    if applicatie is None:
        raise ValidationError(_("Deze applicatie bestaat niet (meer), of werkt niet namens u."))
    return applicatie


@transaction.atomic
def keur_applicatie_goed(
    *,
    lid: Membership,
    applicatie_id: object,
    code: str,
    sessie_begin: float | None,
) -> tuple[Applicatie, str]:
    """The member an application acts for approves it and receives its token, once.

    The second factor is asked again, now: a fresh code from the member's own authenticator
    app; a member without one (logged in through the organisation's identity provider, which
    asked for the second factor) must have logged in at most
    ``MELDWIJZER_GOEDKEUREN_BINNEN`` ago. Raises ValidationError otherwise, also for an
    application that does not act for this member.
    """
    applicatie = _applicatie_namens(lid, applicatie_id)
    if not mag_namens_handelen(lid):
        raise PermissionDenied(_("Alleen wie met casussen werkt, machtigt een applicatie."))
    if not applicatie.wacht_op_goedkeuring:
        raise ValidationError(
            _(
                "Deze applicatie wacht niet (meer) op goedkeuring: ze is al goedgekeurd, "
                "ingetrokken of verlopen."
            )
        )
    app = totp_apparaat(lid.user)
    if app is not None:
        schoon = (code or "").replace(" ", "")
        if not (schoon.isdigit() and len(schoon) == 6 and app.verify_token(schoon)):
            fout = _("Deze code klopt niet. Typ de zes cijfers die uw authenticator-app nu toont.")
            raise ValidationError({"code": [fout]})
    else:
        vers = settings.MELDWIJZER_GOEDKEUREN_BINNEN.total_seconds()
        if sessie_begin is None or time.time() - sessie_begin > vers:
            raise ValidationError(
                {
                    "code": [
                        _(
                            "Log opnieuw in via uw organisatie en keur de applicatie daarna "
                            "binnen %(minuten)d minuten goed."
                        )
                        % {"minuten": int(vers // 60)}
                    ]
                }
            )
    prefix, token = _nieuw_token()
    applicatie.prefix = prefix
    applicatie.token_hash = token_hash(token)
    applicatie.goedgekeurd_op = timezone.now()
    applicatie.goedgekeurd_via = Applicatie.Goedkeuring.MIJN_ACCOUNT
    applicatie.save(update_fields=["prefix", "token_hash", "goedgekeurd_op", "goedgekeurd_via"])
    leg_vast(
        actor=lid,
        soort="applicatie.goedgekeurd",
        obj=applicatie,
        oud={"goedgekeurd_op": None},
        nieuw={
            "goedgekeurd_op": applicatie.goedgekeurd_op.isoformat(),
            "prefix": prefix,
            "tweede_factor": "app" if app is not None else "identity-provider",
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
    """Revoke: the token stops working at once; the row stays for the record.

    The organisation's beheerder may revoke any of its applications; a member those it acts
    for (on *Mijn account*)."""
    getal = id_uit(applicatie_id)
    applicatie = None
    if getal is not None:
        applicaties = Applicatie.objects.select_for_update().filter(
            pk=getal, organisatie_id=actor.organisatie_id
        )
        if not mag_applicaties_beheren(actor):
            applicaties = applicaties.filter(namens=actor)
        applicatie = applicaties.first()
    if applicatie is None:
        raise ValidationError(_("Deze applicatie bestaat niet (meer)."))
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
