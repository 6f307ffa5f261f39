"""Data keys in use: create, look up (with a short-lived in-process cache), encrypt, decrypt,
destroy. Replacing generation keys and rotating the environment key: sleutels.herverpakken.

Three layers (docs/adr/0012-wissen-door-sleutelrotatie.md): an environment key wraps each
organisation's generation key, which wraps the data key of each of its casussen. Retention
destroys a data key and marks its generation; ``herverpakken.werk_generaties_bij`` then gives the
organisation a new generation key, re-wraps every remaining data key under it and deletes the
old one — so old bytes of the destroyed data key, wherever they survive, unwrap with no key the
deployment still holds.

The environment keys come from ``settings.MELDWIJZER_SLEUTELS`` (first = active) and the HMAC
secret from ``settings.MELDWIJZER_HMAC_SLEUTEL``; both from the environment in production
(docs/security.md, 'Sleutelbeheer').
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.models import DataSleutel, Generatie

# Unwrapped data and generation keys stay in memory briefly: a page of 25 casussen then costs one
# key query, not 25, and a casus's rows share one. Short, so a key destroyed by retention (or a
# generation key it replaced) is soon gone from every process too.
CACHE_SECONDEN = 300
CACHE_GROOTTE = 10_000

_cache: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
_cache_lock = threading.Lock()


class Onleesbaar(str):
    """What a ciphertext reads as once its data key is destroyed (retention)."""

    __slots__ = ()


ONLEESBAAR = Onleesbaar("[onleesbaar: de sleutel van deze casus is vernietigd]")


class SleutelOntbreekt(RuntimeError):
    """A data or generation key wrapped under an environment key that is not configured."""


# Cache entries of generation keys, beside those of data keys (which are keyed by their hex id).
_GENERATIE = "generatie:"


@functools.lru_cache(maxsize=8)
def _sleutelset(teksten: tuple[str, ...]) -> crypto.Sleutelset:
    return crypto.sleutelset(teksten)


def sleutelset() -> crypto.Sleutelset:
    return _sleutelset(tuple(settings.MELDWIJZER_SLEUTELS))


def hmac_sleutel(doel: str) -> bytes:
    """The key for one HMAC purpose (``keten``, ``zoekindex``), derived from the HMAC secret."""
    return _hmac_sleutel(settings.MELDWIJZER_HMAC_SLEUTEL, doel)


@functools.lru_cache(maxsize=8)
def _hmac_sleutel(geheim: str, doel: str) -> bytes:
    if not geheim:
        raise crypto.SleutelFout(
            "Er is geen HMAC-sleutel ingesteld. Zet MELDWIJZER_HMAC_SLEUTEL in de omgeving; een "
            "nieuwe sleutel maakt u met: meldwijzer sleutels nieuw"
        )
    return crypto.afgeleide_sleutel(crypto.lees_sleutel(geheim, "MELDWIJZER_HMAC_SLEUTEL"), doel)


def _onthoud(sleutel_id: str, sleutel: bytes) -> None:
    with _cache_lock:
        _cache[sleutel_id] = (sleutel, time.monotonic() + CACHE_SECONDEN)
        _cache.move_to_end(sleutel_id)
        while len(_cache) > CACHE_GROOTTE:
            _cache.popitem(last=False)


def _uit_cache(sleutel_id: str) -> bytes | None:
    with _cache_lock:
        gevonden = _cache.get(sleutel_id)
        if gevonden is None:
            return None
        if gevonden[1] < time.monotonic():
            del _cache[sleutel_id]
            return None
        return gevonden[0]


def vergeet(sleutel_ids: Iterable[str] | None = None) -> None:
    """Drop keys from this process's cache (all of them without ids)."""
    with _cache_lock:
        if sleutel_ids is None:
            _cache.clear()
        else:
            for sleutel_id in sleutel_ids:
                _cache.pop(sleutel_id, None)


def vergeet_generaties(generatie_ids: Iterable[uuid.UUID]) -> None:
    """Drop generation keys (deleted ones) from this process's cache."""
    vergeet(_GENERATIE + g.hex for g in generatie_ids)


def _hex(sleutel_id: uuid.UUID | str) -> str:
    return sleutel_id.hex if isinstance(sleutel_id, uuid.UUID) else uuid.UUID(sleutel_id).hex


def _omgevingssleutel(kek_id: str, wat: str) -> bytes:
    kek = sleutelset().keks.get(kek_id)
    if kek is None:
        raise SleutelOntbreekt(
            f"{wat} is verpakt met omgevingssleutel {kek_id}, die niet is ingesteld. Zet die "
            "sleutel (weer) in MELDWIJZER_SLEUTELS en draai 'meldwijzer sleutels roteer'."
        )
    return kek


def generatiesleutel_van(rij: Generatie) -> bytes:
    gevonden = _uit_cache(_GENERATIE + rij.id.hex)
    if gevonden is not None:
        return gevonden
    kek = _omgevingssleutel(rij.kek_id, f"Generatiesleutel {rij.id}")
    sleutel = crypto.pak_generatie_uit(kek, bytes(rij.verpakt), rij.id, rij.organisatie_id)
    _onthoud(_GENERATIE + rij.id.hex, sleutel)
    return sleutel


def pak_uit(rij: DataSleutel) -> bytes:
    """Unwrap a data key read with its generation (``select_related``: one statement, so the
    generation is there even while a retention run replaces it)."""
    generatie = rij.generatie  # no query when generatie_id is None
    if generatie is None:  # from before generations: under an environment key
        kek = _omgevingssleutel(rij.kek_id, f"Datasleutel {rij.id}")
    else:
        kek = generatiesleutel_van(generatie)
    return crypto.pak_uit(kek, bytes(rij.verpakt), rij.id, rij.organisatie_id)


_generaties_bestaan = False


def _met_generaties() -> bool:
    """Whether the generation table exists yet: data migrations that ran before it (dossier
    0004) still wrap new data keys under the environment key, as they did."""
    global _generaties_bestaan
    if not _generaties_bestaan:
        with connection.cursor() as cursor:
            tabellen = connection.introspection.table_names(cursor)
        _generaties_bestaan = Generatie._meta.db_table in tabellen
    return _generaties_bestaan


def _nieuwste_generatie(organisatie_id: int) -> Generatie | None:
    """The organisation's active (newest) generation. On PostgreSQL read FOR KEY SHARE: a
    replacement that deletes this row meanwhile then waits for our transaction and fails its
    own reference check (and moves our new data key too), rather than our insert failing."""
    if connection.vendor == "postgresql":
        rijen = list(
            Generatie.objects.raw(
                "SELECT * FROM sleutels_generatie WHERE organisatie_id = %s "
                "ORDER BY aangemaakt_op DESC, id DESC LIMIT 1 FOR KEY SHARE",
                [organisatie_id],
            )
        )
        return rijen[0] if rijen else None
    return (
        Generatie.objects.filter(organisatie_id=organisatie_id)
        .order_by("-aangemaakt_op", "-pk")
        .first()
    )


def maak_generatie(organisatie_id: int) -> tuple[Generatie, bytes]:
    """A new generation key for the organisation, wrapped under the active environment key; it
    is the newest, so the active one, even if this machine's clock is behind."""
    set_ = sleutelset()
    sleutel = crypto.nieuwe_datasleutel()
    generatie_id = uuid.uuid4()
    moment = timezone.now()
    laatste = (
        Generatie.objects.filter(organisatie_id=organisatie_id)
        .order_by("-aangemaakt_op")
        .values_list("aangemaakt_op", flat=True)
        .first()
    )
    if laatste is not None and laatste >= moment:
        moment = laatste + dt.timedelta(microseconds=1)
    rij = Generatie.objects.create(
        id=generatie_id,
        organisatie_id=organisatie_id,
        kek_id=set_.actief_id,
        verpakt=crypto.verpak_generatie(set_.actief, sleutel, generatie_id, organisatie_id),
        aangemaakt_op=moment,
        verpakt_op=moment,
    )
    _onthoud(_GENERATIE + generatie_id.hex, sleutel)
    return rij, sleutel


def actieve_generatie(organisatie_id: int) -> tuple[Generatie, bytes]:
    """The organisation's active generation and its key; made when it has none yet. Call inside
    the transaction that stores what it wraps."""
    for _poging in range(5):
        rij = _nieuwste_generatie(organisatie_id)
        if rij is not None:
            return rij, generatiesleutel_van(rij)
        if not Generatie.objects.filter(organisatie_id=organisatie_id).exists():
            return maak_generatie(organisatie_id)
        # The newest was deleted while we waited for it (PostgreSQL): read again.
    raise SleutelOntbreekt(
        f"Organisatie {organisatie_id} heeft geen bruikbare generatiesleutel; probeer het opnieuw."
    )


def nieuwe_datasleutel(organisatie_id: int) -> DataSleutel:
    """A new data key for a new casus, wrapped under the organisation's generation key."""
    sleutel = crypto.nieuwe_datasleutel()
    sleutel_id = uuid.uuid4()
    if not _met_generaties():
        set_ = sleutelset()
        rij = DataSleutel(
            id=sleutel_id,
            organisatie_id=organisatie_id,
            kek_id=set_.actief_id,
            verpakt=crypto.verpak(set_.actief, sleutel, sleutel_id, organisatie_id),
        )
        # The columns of sleutels 0001 only: this model's later ones do not exist yet.
        velden = ["id", "organisatie", "kek_id", "verpakt", "aangemaakt_op", "verpakt_op"]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sleutels_datasleutel (id, organisatie_id, kek_id, verpakt, "
                "aangemaakt_op, verpakt_op) VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    DataSleutel.kolom(v).get_db_prep_save(
                        getattr(rij, DataSleutel.kolom(v).attname), connection
                    )
                    for v in velden
                ],
            )
        rij._state.adding = False
    else:
        with transaction.atomic():
            generatie, generatiesleutel = actieve_generatie(organisatie_id)
            rij = DataSleutel.objects.create(
                id=sleutel_id,
                organisatie_id=organisatie_id,
                generatie=generatie,
                kek_id="",
                verpakt=crypto.verpak(generatiesleutel, sleutel, sleutel_id, organisatie_id),
            )
    _onthoud(sleutel_id.hex, sleutel)
    return rij


def datasleutel(sleutel_id: uuid.UUID | str) -> bytes | None:
    """The unwrapped data key, or None when it was destroyed."""
    sleutel_hex = _hex(sleutel_id)
    gevonden = _uit_cache(sleutel_hex)
    if gevonden is not None:
        return gevonden
    rij = DataSleutel.objects.select_related("generatie").filter(pk=uuid.UUID(sleutel_hex)).first()
    if rij is None:
        return None
    sleutel = pak_uit(rij)
    _onthoud(sleutel_hex, sleutel)
    return sleutel


def vooraf_laden(sleutel_ids: Iterable[uuid.UUID | str | None]) -> None:
    """Load the keys of a page of casussen in one query before their rows are read (those not
    cached, or cached but expired)."""
    nodig = {h for h in {_hex(s) for s in sleutel_ids if s} if _uit_cache(h) is None}
    if not nodig:
        return
    for rij in DataSleutel.objects.select_related("generatie").filter(
        pk__in=[uuid.UUID(s) for s in nodig]
    ):
        _onthoud(rij.id.hex, pak_uit(rij))


def versleutel(sleutel_id: uuid.UUID | str, tekst: str) -> str:
    sleutel = datasleutel(sleutel_id)
    if sleutel is None:
        raise SleutelOntbreekt(f"Datasleutel {sleutel_id} bestaat niet (meer).")
    return crypto.versleutel(sleutel, _hex(sleutel_id), tekst)


def ontsleutel(waarde: str) -> str:
    """Plain text from a token; text that is no token (data from before encryption) as it is."""
    if not crypto.is_token(waarde):
        return waarde
    sleutel = datasleutel(crypto.sleutel_id_van(waarde))
    if sleutel is None:
        return ONLEESBAAR
    return crypto.ontsleutel(sleutel, waarde)


# --- destroying --------------------------------------------------------------------------------


def vernietig(sleutel_ids: Iterable[uuid.UUID | str]) -> int:
    """Delete data keys for good (retention). Call inside the transaction that deletes their
    casussen. Their generations are marked in the same transaction, so ``werk_generaties_bij``
    replaces them (sleutels.herverpakken) — later in this run, or in the next one after a crash;
    the key files of backups are followed afterwards (sleutelbestand.volg)."""
    ids = [uuid.UUID(_hex(s)) for s in sleutel_ids]
    generaties = set(
        DataSleutel.objects.filter(pk__in=ids, generatie__isnull=False).values_list(
            "generatie_id", flat=True
        )
    )
    aantal, _per_model = DataSleutel.objects.filter(pk__in=ids).delete()
    if generaties:
        Generatie.objects.filter(pk__in=generaties).update(te_vervangen=True)
    transaction.on_commit(lambda: vergeet(s.hex for s in ids))
    vergeet(s.hex for s in ids)
    return aantal
