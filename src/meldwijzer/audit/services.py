"""Writing the audit trail and the access log, each row linked into its organisation's hash chain
(audit.keten). Called by the domain services and by the access-log middleware both faces pass
through (audit.toegang)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from django.db import models, transaction

from meldwijzer.audit.models import Gebeurtenis, Schrijfproef, Toegang
from meldwijzer.ids import id_uit

if TYPE_CHECKING:
    from meldwijzer.accounts.models import Membership


class Casusverwijzing(Protocol):
    """A casus as the audit trail knows it: its id and organisation. The log refers to a casus
    by its id and imports nothing of the dossier (docs/adr/0015)."""

    @property
    def pk(self) -> Any: ...

    @property
    def organisatie_id(self) -> int: ...


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
    casus: Casusverwijzing | None = None,
    obj: models.Model | None = None,
    oud: Mapping[str, Any] | None = None,
    nieuw: Mapping[str, Any] | None = None,
    reden: str = "",
) -> Gebeurtenis:
    """Record one change in the organisation's audit chain. Call inside the same transaction as
    the change itself. For a casus, the old and new values and the reason are stored encrypted
    under the casus's data key: audit rows hold only ciphertext of free text."""
    oud_waarde = json_waarde(dict(oud)) if oud is not None else None
    nieuw_waarde = json_waarde(dict(nieuw)) if nieuw is not None else None
    gebeurtenis = Gebeurtenis(
        organisatie_id=actor.organisatie_id,
        # A Casus, known here by protocol only: the log imports nothing of the dossier
        # (docs/adr/0015), so the plugin cannot see that it fits the foreign key.
        casus=casus,  # type: ignore[misc]
        actor=actor.user,
        actor_naam=actor.user.weergavenaam,
        actor_rol=actor.rol,
        soort=soort,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        oud=oud_waarde,
        nieuw=nieuw_waarde,
        reden=reden,
    )
    gebeurtenis.save()  # encrypts a casus event's values and links the row into the chain
    # The object in hand reads like one loaded from the database: plain values, ciphertext kept.
    gebeurtenis._ruw = {
        "oud": gebeurtenis.oud,
        "nieuw": gebeurtenis.nieuw,
        "reden": gebeurtenis.reden,
    }
    gebeurtenis.oud, gebeurtenis.nieuw, gebeurtenis.reden = oud_waarde, nieuw_waarde, reden
    return gebeurtenis


def leg_verwijdering_vast(
    *, organisatie_id: int, casus_id: int, gegevens: Mapping[str, Any], regel: str
) -> Gebeurtenis:
    """The deletion record retention leaves of an erased casus: which casus, when, by which
    rule — no content (plain, since the casus's key is destroyed with it)."""
    gebeurtenis = Gebeurtenis(
        organisatie_id=organisatie_id,
        casus_id=casus_id,
        actor=None,
        actor_naam="Meldwijzer (bewaartermijn)",
        actor_rol="systeem",
        soort="casus.verwijderd",
        object_type="dossier.casus",
        object_id=str(casus_id),
        nieuw=json_waarde(dict(gegevens)),
        reden=regel,
    )
    gebeurtenis.zonder_inhoud = True  # ids, dates and the rule only: readable, by design
    gebeurtenis.save()
    return gebeurtenis


def leg_systeemgebeurtenis_vast(
    *, organisatie_id: int, soort: str, nieuw: Mapping[str, Any], reden: str = ""
) -> Gebeurtenis:
    """A change made by a command rather than a person (a key rotation), without content."""
    gebeurtenis = Gebeurtenis(
        organisatie_id=organisatie_id,
        actor=None,
        actor_naam="Meldwijzer (beheercommando)",
        actor_rol="systeem",
        soort=soort,
        nieuw=json_waarde(dict(nieuw)),
        reden=reden,
    )
    gebeurtenis.save()
    return gebeurtenis


def log_toegang(
    *,
    membership: Membership,
    onderdeel: str,
    casus: Casusverwijzing | None = None,
    casus_id: int | None = None,
    betrokkene_id: int | None = None,
    actie: str = Toegang.Actie.INZIEN,
    uitkomst: str = Toegang.Uitkomst.TOEGESTAAN,
    grondslag: str = "",
    namens_id: int | None = None,
    details: Mapping[str, Any] | None = None,
    ip_adres: str | None = None,
) -> Toegang:
    """One access to casus data or to the log, appended to the organisation's access chain."""
    toegang = Toegang(
        organisatie_id=membership.organisatie_id,
        gebruiker_id=membership.user_id,
        rol=membership.rol,
        casus_id=casus.pk if casus is not None else casus_id,
        # An id from the URL: one beyond the database's range names no row and is kept as none.
        betrokkene_id=id_uit(betrokkene_id) if betrokkene_id is not None else None,
        actie=actie,
        uitkomst=uitkomst,
        grondslag=grondslag,
        namens_id=namens_id,
        onderdeel=onderdeel,
        details=json_waarde(dict(details)) if details else None,
        ip_adres=_ip(ip_adres),
    )
    toegang.save()  # linked into the organisation's access chain
    return toegang


def _ip(adres: str | None) -> str | None:
    """The address as the database gives it back (so the chain hash matches), or none."""
    if not adres:
        return None
    try:
        return str(ipaddress.ip_address(adres.strip()))
    except ValueError:
        return None


def schrijfproef() -> None:
    """Write this node's row of ``Schrijfproef``, and prove the database can still grow:
    raises DatabaseError when it cannot (a full disk, read-only). For ``/health``.

    Updating one row in place can succeed on a full disk while every new access-log row fails,
    so the probe also inserts a few kilobytes of rows in a savepoint and rolls them back: that
    needs new pages (SQLite) or WAL (PostgreSQL), as an access record would."""
    nu = dt.datetime.now(tz=dt.UTC)
    with transaction.atomic():
        Schrijfproef.objects.update_or_create(
            knoop=socket.gethostname()[:100], defaults={"tijdstip": nu}
        )
        with transaction.atomic():
            merk = uuid.uuid4().hex
            Schrijfproef.objects.bulk_create(
                [
                    Schrijfproef(knoop=f"groei-{merk}-{i:03d}".ljust(100, "."), tijdstip=nu)
                    for i in range(64)
                ]
            )
            transaction.set_rollback(True)
