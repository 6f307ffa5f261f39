"""Data keys in use: create, look up (with a short-lived in-process cache), encrypt, decrypt,
destroy and re-wrap under a new environment key.

The environment keys come from ``settings.MELDWIJZER_SLEUTELS`` (first = active) and the HMAC
secret from ``settings.MELDWIJZER_HMAC_SLEUTEL``; both from the environment in production
(docs/security.md, 'Sleutelbeheer').
"""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.models import DataSleutel

# Unwrapped data keys stay in memory briefly: a page of 25 casussen then costs one key query, not
# 25, and a casus's rows share one. Short, so a key destroyed by retention is soon gone from every
# process too (its rows are deleted in the same transaction anyway).
CACHE_SECONDEN = 300
CACHE_GROOTTE = 10_000

_cache: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
_cache_lock = threading.Lock()


class Onleesbaar(str):
    """What a ciphertext reads as once its data key is destroyed (retention)."""

    __slots__ = ()


ONLEESBAAR = Onleesbaar("[onleesbaar: de sleutel van deze casus is vernietigd]")


class SleutelOntbreekt(RuntimeError):
    """A data key wrapped under an environment key that is not configured."""


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


def _hex(sleutel_id: uuid.UUID | str) -> str:
    return sleutel_id.hex if isinstance(sleutel_id, uuid.UUID) else uuid.UUID(sleutel_id).hex


def _pak_uit(rij: DataSleutel) -> bytes:
    keks = sleutelset().keks
    kek = keks.get(rij.kek_id)
    if kek is None:
        raise SleutelOntbreekt(
            f"Datasleutel {rij.id} is verpakt met omgevingssleutel {rij.kek_id}, die niet is "
            "ingesteld. Zet die sleutel (weer) in MELDWIJZER_SLEUTELS en draai "
            "'meldwijzer sleutels roteer'."
        )
    return crypto.pak_uit(kek, bytes(rij.verpakt), rij.id, rij.organisatie_id)


def nieuwe_datasleutel(organisatie_id: int) -> DataSleutel:
    """A new data key for a new casus, wrapped under the active environment key."""
    set_ = sleutelset()
    sleutel = crypto.nieuwe_datasleutel()
    sleutel_id = uuid.uuid4()
    rij = DataSleutel.objects.create(
        id=sleutel_id,
        organisatie_id=organisatie_id,
        kek_id=set_.actief_id,
        verpakt=crypto.verpak(set_.actief, sleutel, sleutel_id, organisatie_id),
    )
    _onthoud(sleutel_id.hex, sleutel)
    return rij


def datasleutel(sleutel_id: uuid.UUID | str) -> bytes | None:
    """The unwrapped data key, or None when it was destroyed."""
    sleutel_hex = _hex(sleutel_id)
    gevonden = _uit_cache(sleutel_hex)
    if gevonden is not None:
        return gevonden
    rij = DataSleutel.objects.filter(pk=uuid.UUID(sleutel_hex)).first()
    if rij is None:
        return None
    sleutel = _pak_uit(rij)
    _onthoud(sleutel_hex, sleutel)
    return sleutel


def vooraf_laden(sleutel_ids: Iterable[uuid.UUID | str | None]) -> None:
    """Load the keys of a page of casussen in one query before their rows are read (those not
    cached, or cached but expired)."""
    nodig = {h for h in {_hex(s) for s in sleutel_ids if s} if _uit_cache(h) is None}
    if not nodig:
        return
    for rij in DataSleutel.objects.filter(pk__in=[uuid.UUID(s) for s in nodig]):
        _onthoud(rij.id.hex, _pak_uit(rij))


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


# --- destroying and rotating ------------------------------------------------------------------


def vernietig(sleutel_ids: Iterable[uuid.UUID | str]) -> int:
    """Delete data keys for good (retention). Call inside the transaction that deletes their
    casussen; the key files of backups are cleaned afterwards (sleutelbestand.schoon)."""
    ids = [uuid.UUID(_hex(s)) for s in sleutel_ids]
    aantal, _per_model = DataSleutel.objects.filter(pk__in=ids).delete()
    transaction.on_commit(lambda: vergeet(s.hex for s in ids))
    vergeet(s.hex for s in ids)
    return aantal


@dataclass(frozen=True)
class Rotatie:
    herverpakt: int
    al_actueel: int
    onbekende_kek: dict[str, int]


def roteer(*, partij: int = 500, na_partij: Callable[[int], None] | None = None) -> Rotatie:
    """Re-wrap every data key not yet under the active environment key, in small transactions,
    so reads keep working throughout: each key is readable under its old or its new wrapping,
    and both environment keys are configured while this runs. The data keys themselves, and so
    every ciphertext, do not change."""
    set_ = sleutelset()
    herverpakt = 0
    onbekend: dict[str, int] = {}
    while True:
        with transaction.atomic():
            rijen = list(
                DataSleutel.objects.select_for_update()
                .exclude(kek_id=set_.actief_id)
                .exclude(kek_id__in=list(onbekend))
                .order_by("pk")[:partij]
            )
            if not rijen:
                break
            for rij in rijen:
                if rij.kek_id not in set_.keks:
                    onbekend[rij.kek_id] = DataSleutel.objects.filter(kek_id=rij.kek_id).count()
                    continue
                sleutel = _pak_uit(rij)
                rij.verpakt = crypto.verpak(set_.actief, sleutel, rij.id, rij.organisatie_id)
                rij.kek_id = set_.actief_id
                rij.verpakt_op = timezone.now()
                rij.save(update_fields=["verpakt", "kek_id", "verpakt_op"])
                herverpakt += 1
        if na_partij is not None:
            na_partij(herverpakt)
    actueel = DataSleutel.objects.filter(kek_id=set_.actief_id).count() - herverpakt
    return Rotatie(herverpakt, actueel, onbekend)


def status() -> dict[str, object]:
    """How many data keys each environment key wraps; whether each is configured and active."""
    set_ = sleutelset()
    per_kek: dict[str, int] = {}
    for kek, aantal in (
        DataSleutel.objects.values_list("kek_id").annotate(n=Count("pk")).order_by("kek_id")
    ):
        per_kek[kek] = aantal
    return {
        "actief": set_.actief_id,
        "ingesteld": sorted(set_.keks),
        "datasleutels": per_kek,
    }
