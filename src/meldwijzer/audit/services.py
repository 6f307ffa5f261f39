"""Writing the audit trail and the access log. Called by dossier services and web views."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from meldwijzer.audit.models import Gebeurtenis, Toegang

if TYPE_CHECKING:
    from meldwijzer.accounts.models import Membership
    from meldwijzer.dossier.models import Casus


def json_waarde(waarde: Any) -> Any:
    """A JSON-safe rendering of a field value for old/new snapshots."""
    if isinstance(waarde, dt.datetime | dt.date | dt.time):
        return waarde.isoformat()
    if isinstance(waarde, uuid.UUID | Decimal):
        return str(waarde)
    if isinstance(waarde, models.Model):
        return waarde.pk
    if isinstance(waarde, Mapping):
        return {str(k): json_waarde(v) for k, v in waarde.items()}
    if isinstance(waarde, list | tuple | set | frozenset):
        return [json_waarde(v) for v in waarde]
    return waarde


def momentopname(obj: models.Model, velden: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of a row's concrete fields (or the named ones), JSON-safe."""
    namen = (
        list(velden)
        if velden is not None
        else [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    )
    resultaat: dict[str, Any] = {}
    for naam in namen:
        veld = obj._meta.get_field(naam)
        waarde = getattr(obj, veld.attname) if hasattr(veld, "attname") else getattr(obj, naam)
        resultaat[naam] = json_waarde(waarde)
    return resultaat


def leg_vast(
    *,
    actor: Membership,
    soort: str,
    casus: Casus | None = None,
    obj: models.Model | None = None,
    oud: Mapping[str, Any] | None = None,
    nieuw: Mapping[str, Any] | None = None,
    reden: str = "",
) -> Gebeurtenis:
    """Record one change. Call inside the same transaction as the change itself."""
    return Gebeurtenis.objects.create(
        organisatie_id=actor.organisatie_id,
        casus=casus,
        actor=actor.user,
        actor_naam=actor.user.weergavenaam,
        actor_rol=actor.rol,
        soort=soort,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        oud=json_waarde(dict(oud)) if oud is not None else None,
        nieuw=json_waarde(dict(nieuw)) if nieuw is not None else None,
        reden=reden,
    )


def log_toegang(
    *,
    membership: Membership,
    onderdeel: str,
    casus: Casus | None = None,
    actie: str = Toegang.Actie.INZIEN,
    details: Mapping[str, Any] | None = None,
    ip_adres: str | None = None,
) -> Toegang:
    return Toegang.objects.create(
        organisatie_id=membership.organisatie_id,
        gebruiker_id=membership.user_id,
        rol=membership.rol,
        casus=casus,
        actie=actie,
        onderdeel=onderdeel,
        details=json_waarde(dict(details)) if details else None,
        ip_adres=ip_adres or None,
    )
