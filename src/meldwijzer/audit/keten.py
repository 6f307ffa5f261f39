"""The HMAC-SHA256 hash chains of the audit trail and the access log, one per organisation.

Every row gets the next ``volgnummer`` of its organisation's chain and
``keten_hash = HMAC(k, organisation | chain | volgnummer | previous hash | canonical row)``, with
``k`` derived from ``MELDWIJZER_HMAC_SLEUTEL``. The canonical row covers the stored values: for
casus events the ciphertext, not the text, so the chain still verifies after retention destroyed a
casus's data key. Without ``k`` nobody can write a row that verifies.

``verifieer`` walks each chain and reports the first row that was edited, deleted or inserted
outside the application. Removing rows at the end leaves a valid shorter chain: ``koppen`` gives
the current heads to keep outside the database, and ``vergelijk_koppen`` checks the chain still
reaches each kept head.

One chain per organisation (and per table), so writers of different organisations never queue
behind each other; within an organisation a writer locks the chain's ``Ketenkop`` row briefly.
Login events belong to an account, not to an organisation: they form one chain of the whole
installation, hashed with organisation number 0 (ADR 0011).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.audit.models import Gebeurtenis, Ketenkop, Toegang
from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.sleutelring import hmac_sleutel

# The columns each chain covers, in a fixed list: a field added later is not in old hashes, so
# extending a list needs a new chain version (docs/security.md, 'Audittrail').
KETENS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "gebeurtenissen": (
        Gebeurtenis,
        (
            "organisatie_id",
            "casus_id",
            "actor_id",
            "actor_naam",
            "actor_rol",
            "tijdstip",
            "soort",
            "object_type",
            "object_id",
            "oud",
            "nieuw",
            "reden",
        ),
    ),
    "toegang": (
        Toegang,
        (
            "organisatie_id",
            "gebruiker_id",
            "rol",
            "casus_id",
            "betrokkene_id",
            "actie",
            "uitkomst",
            "grondslag",
            "namens_id",
            "onderdeel",
            "details",
            "ip_adres",
            "tijdstip",
        ),
    ),
    "inloggen": (
        Inloggebeurtenis,
        ("gebruiker_id", "gebruikersnaam", "soort", "ip_adres", "details", "tijdstip"),
    ),
}
KETEN_VAN = {model: naam for naam, (model, _velden) in KETENS.items()}

# Chains of the whole installation rather than of one organisation (ADR 0011). In their hashes
# the organisation number is INSTALLATIE; their ``Ketenkop`` has no organisation.
INSTALLATIEKETENS = frozenset({"inloggen"})
INSTALLATIE = 0


def _per_organisatie(keten: str) -> bool:
    return keten not in INSTALLATIEKETENS


def _nummer(organisatie_id: int | None) -> int:
    """The organisation number a chain's hashes carry."""
    return INSTALLATIE if organisatie_id is None else organisatie_id


def _van_keten(keten: str, organisatie_id: int | None) -> dict[str, Any]:
    """The filter that selects one chain's rows."""
    return {"organisatie_id": organisatie_id} if _per_organisatie(keten) else {}


def eigenaar(organisatie_id: int | None) -> str:
    """Whose chain, in words."""
    return "de hele installatie" if organisatie_id is None else f"organisatie {organisatie_id}"


def _normaal(naam: str, waarde: Any) -> Any:
    if waarde is None:
        return None
    if isinstance(waarde, dt.datetime):
        return waarde.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, uuid.UUID):
        return waarde.hex
    if isinstance(waarde, Decimal):
        return str(waarde)
    if naam == "ip_adres":
        return str(ipaddress.ip_interface(str(waarde)).ip)
    return waarde


# Made once: ``json.dumps`` with options builds a new encoder on every call.
_JSON_CANONIEK = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canoniek(velden: tuple[str, ...], waarden: Mapping[str, Any]) -> dict[str, Any]:
    return {naam: _normaal(naam, waarden.get(naam)) for naam in velden}


def _sleutel() -> bytes:
    return hmac_sleutel("keten")


def begin(organisatie_id: int | None, keten: str) -> str:
    """The hash before the first row of a chain."""
    return crypto.hmac_hex(_sleutel(), f"begin|{_nummer(organisatie_id)}|{keten}".encode())


def bereken(
    keten: str,
    organisatie_id: int | None,
    volgnummer: int,
    vorige: str,
    waarden: Mapping[str, Any],
) -> str:
    _model, velden = KETENS[keten]
    return schakel(
        _sleutel(), keten, _nummer(organisatie_id), volgnummer, vorige, _canoniek(velden, waarden)
    )


def schakel(
    sleutel: bytes,
    keten: str,
    organisatie_id: int,
    volgnummer: int,
    vorige: str,
    canoniek: Mapping[str, Any],
) -> str:
    """One link's hash from the row's values in canonical form (every field of the chain, each
    as ``_normaal`` gives it). ``bereken`` normalises first; the bulk generator
    (synthetisch.genereer) builds canonical values itself and calls this directly, so both hash
    the same bytes by the same code."""
    return schakel_tekst(
        sleutel, keten, organisatie_id, volgnummer, vorige, _JSON_CANONIEK.encode(canoniek)
    )


def schakel_tekst(
    sleutel: bytes | Callable[[bytes], str],
    keten: str,
    organisatie_id: int,
    volgnummer: int,
    vorige: str,
    tekst: str,
) -> str:
    """``schakel`` from the row's canonical JSON text (``sjabloon`` builds it in bulk); the key
    may come as ``crypto.hmac_hexer(key)``, set up once for many rows."""
    kop = f"{organisatie_id}|{keten}|{volgnummer}|{vorige}|".encode()
    if callable(sleutel):
        return sleutel(kop + tekst.encode())
    return crypto.hmac_hex(sleutel, kop + tekst.encode())


def sjabloon(keten: str, vast: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """For rows of one chain that share the values in ``vast`` (bulk generation): a %-template
    of their canonical JSON text with those values encoded once, and the names of the other
    fields in the order the template wants them, each as ``json_waarde`` of its canonical
    value. ``sjabloon % waarden`` is the text ``schakel`` hashes (tested)."""
    _model, velden = KETENS[keten]
    delen, open_ = [], []
    for naam in sorted(velden):  # the order of sort_keys
        if naam in vast:
            waarde = _JSON_CANONIEK.encode(_normaal(naam, vast[naam])).replace("%", "%%")
        else:
            waarde = "%s"
            open_.append(naam)
        delen.append(f"{_JSON_CANONIEK.encode(naam)}:{waarde}")
    return "{" + ",".join(delen) + "}", tuple(open_)


_json_tekst = json.encoder.encode_basestring  # what an encoder with ensure_ascii=False uses


def json_waarde(waarde: Any) -> str:
    """One canonical value as ``_JSON_CANONIEK`` writes it, the common types without an
    encoder call."""
    soort = type(waarde)
    if soort is str:
        return _json_tekst(waarde)
    if waarde is None:
        return "null"
    if soort is int:
        return int.__repr__(waarde)
    return _JSON_CANONIEK.encode(waarde)


def _waarden_van(rij: models.Model, velden: tuple[str, ...]) -> dict[str, Any]:
    ruw = getattr(rij, "ruw", None)
    return {naam: ruw(naam) if ruw else getattr(rij, naam) for naam in velden}


def _kop(
    organisatie_id: int | None, keten: str, using: str | None = None
) -> models.QuerySet[Ketenkop]:
    """The head of one chain: no row yet, or one."""
    koppen = Ketenkop.objects.using(using).filter(keten=keten)
    if organisatie_id is None:  # a chain of the whole installation
        return koppen.filter(organisatie__isnull=True)
    return koppen.filter(organisatie_id=organisatie_id)


def _kop_sql(organisatie_id: int | None, slot: str) -> tuple[str, list[Any]]:
    tabel = connection.ops.quote_name(Ketenkop._meta.db_table)
    waar = "organisatie_id IS NULL" if organisatie_id is None else "organisatie_id = %s"
    # Only the model's own table name and fixed text are put into the statement.
    sql = f"SELECT id, volgnummer, hash FROM {tabel} WHERE keten = %s AND {waar}{slot}"  # noqa: S608
    return sql, [] if organisatie_id is None else [organisatie_id]


def _kop_vergrendeld(organisatie_id: int | None, keten: str) -> tuple[int, int, str]:
    """The head of the chain, locked until the transaction ends: (id, volgnummer, hash).

    One statement in plain SQL: the append runs on nearly every request (the access log), and
    building the ORM query cost more than the query (docs/performance.md, "Waar de milliseconden
    heen gaan"). PostgreSQL locks the row (FOR UPDATE); SQLite's transactions start with the
    write lock (``transaction_mode: IMMEDIATE``), so no second writer can read the same head.
    """
    slot = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    sql, parameters = _kop_sql(organisatie_id, slot)
    with connection.cursor() as cur:
        cur.execute(sql, [keten, *parameters])
        rij = cur.fetchone()
        if rij is None:
            Ketenkop.objects.bulk_create(
                [
                    Ketenkop(
                        organisatie_id=organisatie_id,
                        keten=keten,
                        volgnummer=0,
                        hash=begin(organisatie_id, keten),
                    )
                ],
                ignore_conflicts=True,
            )
            cur.execute(sql, [keten, *parameters])
            rij = cur.fetchone()
    return int(rij[0]), int(rij[1]), str(rij[2])


def voeg_toe(rij: Gebeurtenis | Toegang | Inloggebeurtenis) -> None:
    """Append a new row to its chain (its organisation's, or the installation's) and save it."""
    keten = KETEN_VAN[type(rij)]
    _model, velden = KETENS[keten]
    organisatie_id = getattr(rij, "organisatie_id", None) if _per_organisatie(keten) else None
    with transaction.atomic():
        kop_id, volgnummer, vorige_hash = _kop_vergrendeld(organisatie_id, keten)
        rij.volgnummer = volgnummer + 1
        rij.keten_hash = bereken(
            keten, organisatie_id, rij.volgnummer, vorige_hash, _waarden_van(rij, velden)
        )
        rij.save()
        with connection.cursor() as cur:
            cur.execute(
                f"UPDATE {connection.ops.quote_name(Ketenkop._meta.db_table)} "  # noqa: S608
                "SET volgnummer = %s, hash = %s WHERE id = %s",
                [rij.volgnummer, rij.keten_hash, kop_id],
            )


# --- verifying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bevinding:
    organisatie_id: int | None  # None: a chain of the whole installation
    keten: str
    soort: str  # gewijzigd, verwijderd, ingevoegd, afgekapt
    volgnummer: int | None
    rij_id: int | None
    tekst: str

    def als_dict(self) -> dict[str, Any]:
        return {
            "organisatie": self.organisatie_id,
            "keten": self.keten,
            "soort": self.soort,
            "volgnummer": self.volgnummer,
            "rij": self.rij_id,
            "tekst": self.tekst,
        }


@dataclass
class Verslag:
    rijen: int = 0
    ketens: int = 0
    bevindingen: list[Bevinding] = field(default_factory=list)

    @property
    def in_orde(self) -> bool:
        return not self.bevindingen


def _organisaties(organisatie_ids: Iterable[int] | None, using: str = "default") -> list[int]:
    if organisatie_ids is not None:
        return sorted(set(organisatie_ids))
    organisatie = apps.get_model("accounts", "Organisatie")
    return list(organisatie.objects.using(using).order_by("pk").values_list("pk", flat=True))


def _rijen(keten: str, organisatie_id: int | None, using: str) -> Iterator[tuple[Any, ...]]:
    model, velden = KETENS[keten]
    return (
        model._base_manager.using(using)
        .filter(**_van_keten(keten, organisatie_id))
        .order_by("volgnummer", "pk")
        .values_list("pk", "volgnummer", "keten_hash", *velden)
        .iterator(chunk_size=5000)
    )


def _controleer_keten(
    keten: str, organisatie_id: int | None, verslag: Verslag, using: str = "default"
) -> None:
    _model, velden = KETENS[keten]
    kop = _kop(organisatie_id, keten, using).first()
    kop_nummer = kop.volgnummer if kop else 0
    vorige = begin(organisatie_id, keten)
    verwacht = 1
    vorige_id: int | None = None

    def meld(soort: str, volgnummer: int | None, rij_id: int | None, tekst: str) -> None:
        verslag.bevindingen.append(
            Bevinding(organisatie_id, keten, soort, volgnummer, rij_id, tekst)
        )

    rijen = _rijen(keten, organisatie_id, using)
    volgende = next(rijen, None)
    while volgende is not None:
        rij, volgende = volgende, next(rijen, None)
        rij_id, volgnummer, opgeslagen, *waarden = rij
        verslag.rijen += 1
        inhoud = dict(zip(velden, waarden, strict=True))
        if volgnummer < verwacht:
            meld(
                "ingevoegd",
                volgnummer,
                rij_id,
                f"rij {rij_id} heeft volgnummer {volgnummer}, dat al eerder in de keten zit: "
                "ingevoegd buiten de applicatie om",
            )
            return
        if volgnummer > verwacht:
            meld(
                "verwijderd",
                verwacht,
                rij_id,
                f"volgnummer {verwacht}"
                + (f" t/m {volgnummer - 1}" if volgnummer - 1 > verwacht else "")
                + f" ontbreekt (tussen rij {vorige_id} en rij {rij_id}): verwijderd",
            )
            return
        berekend = bereken(keten, organisatie_id, volgnummer, vorige, inhoud)
        if berekend != opgeslagen:
            soort, tekst = _verklaar(keten, organisatie_id, rij, volgende, vorige, kop_nummer)
            meld(soort, volgnummer, rij_id, tekst)
            return
        vorige, verwacht, vorige_id = opgeslagen, volgnummer + 1, rij_id
    if kop_nummer > verwacht - 1:
        meld(
            "afgekapt",
            verwacht,
            None,
            f"de keten eindigt bij volgnummer {verwacht - 1}, maar de applicatie schreef tot "
            f"{kop_nummer}: de laatste rijen zijn verwijderd",
        )
    elif kop is not None and verwacht > 1 and kop.hash != vorige:
        meld(
            "gewijzigd",
            verwacht - 1,
            vorige_id,
            f"de laatste rij ({vorige_id}) is niet de rij die de applicatie schreef",
        )


def _verklaar(
    keten: str,
    organisatie_id: int | None,
    rij: tuple[Any, ...],
    volgende: tuple[Any, ...] | None,
    vorige: str,
    kop_nummer: int,
) -> tuple[str, str]:
    """Why a row's hash does not match: edited in place (the next row still links to its stored
    hash), or inserted with a made-up hash (the next row links past it, or it lies beyond the
    last row the application wrote)."""
    _model, velden = KETENS[keten]
    rij_id, volgnummer, opgeslagen, *_w = rij
    if volgende is not None:
        _v_id, v_nummer, v_hash, *v_waarden = volgende
        v_inhoud = dict(zip(velden, v_waarden, strict=True))
        if bereken(keten, organisatie_id, v_nummer, opgeslagen, v_inhoud) == v_hash:
            return "gewijzigd", f"rij {rij_id} (volgnummer {volgnummer}) is gewijzigd"
        if bereken(keten, organisatie_id, volgnummer, vorige, v_inhoud) == v_hash:
            return "ingevoegd", (
                f"rij {rij_id} (volgnummer {volgnummer}) is ingevoegd buiten de applicatie om"
            )
    elif volgnummer > kop_nummer:
        return "ingevoegd", (
            f"rij {rij_id} (volgnummer {volgnummer}) is achteraan ingevoegd buiten de applicatie om"
        )
    return "gewijzigd", f"rij {rij_id} (volgnummer {volgnummer}) is gewijzigd of ingevoegd"


def _ketens(
    organisatie_ids: Iterable[int] | None, using: str = "default"
) -> Iterator[tuple[str, int | None]]:
    """Every chain as (name, organisation): those of each organisation, then, unless only some
    organisations were asked for, those of the whole installation."""
    for organisatie_id in _organisaties(organisatie_ids, using):
        for keten in KETENS:
            if _per_organisatie(keten):
                yield keten, organisatie_id
    if organisatie_ids is None:
        for keten in KETENS:
            if not _per_organisatie(keten):
                yield keten, None


def verifieer(organisatie_ids: Iterable[int] | None = None, *, using: str = "default") -> Verslag:
    """Walk every chain (or those of the given organisations); the first problem per chain.
    ``using``: another database alias (a restore checks its staging database first)."""
    verslag = Verslag()
    for keten, organisatie_id in _ketens(organisatie_ids, using):
        verslag.ketens += 1
        _controleer_keten(keten, organisatie_id, verslag, using)
    return verslag


# --- heads kept outside the database -----------------------------------------------------------

KOPPEN_FORMAAT = "meldwijzer-ketenkoppen/1"


def koppen(organisatie_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """The last row of every chain, to keep outside the database."""
    lijst = []
    for keten, organisatie_id in _ketens(organisatie_ids):
        model, _velden = KETENS[keten]
        laatste = (
            model._base_manager.filter(**_van_keten(keten, organisatie_id))
            .order_by("-volgnummer")
            .values_list("volgnummer", "keten_hash")
            .first()
        )
        if laatste is not None:
            lijst.append(
                {
                    "organisatie": organisatie_id,
                    "keten": keten,
                    "volgnummer": laatste[0],
                    "hash": laatste[1],
                }
            )
    return {"formaat": KOPPEN_FORMAAT, "gemaakt_op": timezone.now().isoformat(), "koppen": lijst}


class KoppenFout(ValueError):
    pass


def lees_koppen(inhoud: Any) -> list[dict[str, Any]]:
    if not isinstance(inhoud, dict) or inhoud.get("formaat") != KOPPEN_FORMAAT:
        raise KoppenFout(f"dit is geen bestand met ketenkoppen ({KOPPEN_FORMAAT})")
    lijst = inhoud.get("koppen")
    if not isinstance(lijst, list):
        raise KoppenFout("de lijst 'koppen' ontbreekt")
    for i, kop in enumerate(lijst, start=1):
        if (
            not isinstance(kop, dict)
            or kop.get("keten") not in KETENS
            or not isinstance(kop.get("volgnummer"), int)
            or not isinstance(kop.get("hash"), str)
            or not (
                isinstance(kop.get("organisatie"), int)
                if _per_organisatie(kop["keten"])
                else kop.get("organisatie") is None
            )
        ):
            raise KoppenFout(
                f"kop {i} mist organisatie (leeg bij {' en '.join(sorted(INSTALLATIEKETENS))}), "
                f"keten ({' of '.join(KETENS)}), volgnummer of hash"
            )
    return lijst


def vergelijk_koppen(bewaard: list[dict[str, Any]]) -> list[Bevinding]:
    """Does every chain still reach the head kept earlier, with the same hash?"""
    bevindingen = []
    for kop in bewaard:
        model, _velden = KETENS[kop["keten"]]
        van_keten = _van_keten(kop["keten"], kop["organisatie"])
        gevonden = (
            model._base_manager.filter(**van_keten, volgnummer=kop["volgnummer"])
            .values_list("pk", "keten_hash")
            .first()
        )
        if gevonden is None:
            laatste = (
                model._base_manager.filter(**van_keten)
                .order_by("-volgnummer")
                .values_list("volgnummer", flat=True)
                .first()
            ) or 0
            soort = "afgekapt" if laatste < kop["volgnummer"] else "verwijderd"
            tekst = (
                f"de bewaarde kop staat op volgnummer {kop['volgnummer']}, de keten eindigt bij "
                f"{laatste}: rijen aan het eind zijn verwijderd"
                if soort == "afgekapt"
                else f"de rij met volgnummer {kop['volgnummer']} van de bewaarde kop ontbreekt"
            )
            bevindingen.append(
                Bevinding(kop["organisatie"], kop["keten"], soort, kop["volgnummer"], None, tekst)
            )
        elif gevonden[1] != kop["hash"]:
            bevindingen.append(
                Bevinding(
                    kop["organisatie"],
                    kop["keten"],
                    "gewijzigd",
                    kop["volgnummer"],
                    gevonden[0],
                    f"rij {gevonden[0]} heeft een andere hash dan de bewaarde kop",
                )
            )
    return bevindingen
