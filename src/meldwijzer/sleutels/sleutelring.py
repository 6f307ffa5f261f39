"""Data keys in use: create, look up (with a short-lived in-process cache), encrypt, decrypt,
destroy; generation keys replaced after retention; re-wrapping under a new environment key.

Three layers (docs/adr/0012-wissen-door-sleutelrotatie.md): an environment key wraps each
organisation's generation key, which wraps the data key of each of its casussen. Retention
destroys a data key and marks its generation; ``werk_generaties_bij`` then gives the
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef
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


def _generatiesleutel(rij: Generatie) -> bytes:
    gevonden = _uit_cache(_GENERATIE + rij.id.hex)
    if gevonden is not None:
        return gevonden
    kek = _omgevingssleutel(rij.kek_id, f"Generatiesleutel {rij.id}")
    sleutel = crypto.pak_generatie_uit(kek, bytes(rij.verpakt), rij.id, rij.organisatie_id)
    _onthoud(_GENERATIE + rij.id.hex, sleutel)
    return sleutel


def _pak_uit(rij: DataSleutel) -> bytes:
    """Unwrap a data key read with its generation (``select_related``: one statement, so the
    generation is there even while a retention run replaces it)."""
    if rij.generatie_id is None:  # from before generations: under an environment key
        kek = _omgevingssleutel(rij.kek_id, f"Datasleutel {rij.id}")
    else:
        kek = _generatiesleutel(rij.generatie)
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


def _maak_generatie(organisatie_id: int) -> tuple[Generatie, bytes]:
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
            return rij, _generatiesleutel(rij)
        if not Generatie.objects.filter(organisatie_id=organisatie_id).exists():
            return _maak_generatie(organisatie_id)
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
        rij = DataSleutel.objects.create(
            id=sleutel_id,
            organisatie_id=organisatie_id,
            kek_id=set_.actief_id,
            verpakt=crypto.verpak(set_.actief, sleutel, sleutel_id, organisatie_id),
        )
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
    sleutel = _pak_uit(rij)
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


# --- destroying, replacing generations, rotating -----------------------------------------------


def vernietig(sleutel_ids: Iterable[uuid.UUID | str]) -> int:
    """Delete data keys for good (retention). Call inside the transaction that deletes their
    casussen. Their generations are marked in the same transaction, so ``werk_generaties_bij``
    replaces them — later in this run, or in the next one after a crash; the key files of
    backups are followed afterwards (sleutelbestand.volg)."""
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


@dataclass
class Vervanging:
    """What ``werk_generaties_bij`` did for one organisation."""

    organisatie_id: int
    nieuwe_generatie: uuid.UUID | None  # made because a data key under the old one was destroyed
    herverpakt: int  # data keys moved under the active generation
    vernietigd: list[uuid.UUID]  # old generation keys deleted


@dataclass
class Generatiewerk:
    vervangen: list[Vervanging] = field(default_factory=list)
    # Data keys that could not be moved: environment key id -> how many.
    onbekende_kek: dict[str, int] = field(default_factory=dict)

    @property
    def herverpakt(self) -> int:
        return sum(v.herverpakt for v in self.vervangen)

    @property
    def vernietigd(self) -> int:
        return sum(len(v.vernietigd) for v in self.vervangen)


def _organisaties_met_werk() -> tuple[set[int], set[int]]:
    """(organisations whose active generation must be replaced, organisations with data keys not
    yet under their active generation or with older generations left)."""
    nieuwste: dict[int, tuple[dt.datetime, uuid.UUID, bool]] = {}
    aantal: dict[int, int] = {}
    for org, gid, op, te_vervangen in Generatie.objects.values_list(
        "organisatie_id", "pk", "aangemaakt_op", "te_vervangen"
    ):
        aantal[org] = aantal.get(org, 0) + 1
        if org not in nieuwste or (op, gid) > nieuwste[org][:2]:
            nieuwste[org] = (op, gid, te_vervangen)
    vervangen = {org for org, (_op, _gid, te) in nieuwste.items() if te}
    bijwerken = {org for org, n in aantal.items() if n > 1}
    bijwerken |= set(
        DataSleutel.objects.filter(generatie__isnull=True)
        .values_list("organisatie_id", flat=True)
        .distinct()
    )
    return vervangen, bijwerken


def _onder_de_actieve(
    organisatie_id: int,
    partij: int,
    na_partij: Callable[[int], None] | None,
    onbekend: dict[str, int],
) -> tuple[int, list[uuid.UUID]]:
    """Move every data key of the organisation under its active generation, in small
    transactions (reads keep working: each key is readable under its old or its new wrapping;
    the data keys themselves, so every ciphertext, do not change), then delete the generations
    no data key refers to any more. Returns (moved, deleted generations)."""
    herverpakt = 0
    overslaan: set[uuid.UUID] = set()
    while True:
        with transaction.atomic():
            actief, generatiesleutel = actieve_generatie(organisatie_id)
            rijen = list(
                DataSleutel.objects.select_for_update(of=("self",))
                .select_related("generatie")
                .filter(organisatie_id=organisatie_id)
                .exclude(generatie_id=actief.pk)
                .exclude(pk__in=overslaan)
                .order_by("pk")[:partij]
            )
            for rij in rijen:
                try:
                    sleutel = _pak_uit(rij)
                except SleutelOntbreekt:
                    kek = rij.generatie.kek_id if rij.generatie_id else rij.kek_id
                    onbekend[kek] = onbekend.get(kek, 0) + 1
                    overslaan.add(rij.pk)
                    continue
                rij.verpakt = crypto.verpak(generatiesleutel, sleutel, rij.id, organisatie_id)
                rij.generatie = actief
                rij.kek_id = ""
                rij.verpakt_op = timezone.now()
                rij.save(update_fields=["verpakt", "generatie", "kek_id", "verpakt_op"])
                herverpakt += 1
        if rijen:
            if na_partij is not None:
                na_partij(herverpakt)
            continue
        try:
            with transaction.atomic():
                oud = list(
                    Generatie.objects.filter(organisatie_id=organisatie_id)
                    .exclude(pk=actief.pk)
                    .exclude(Exists(DataSleutel.objects.filter(generatie=OuterRef("pk"))))
                    .values_list("pk", flat=True)
                )
                if oud:
                    Generatie.objects.filter(pk__in=oud).delete()
        except IntegrityError:
            continue  # a data key was made under one of them meanwhile: move it too
        vergeet(_GENERATIE + g.hex for g in oud)
        return herverpakt, oud


def werk_generaties_bij(
    *, partij: int = 500, na_partij: Callable[[int], None] | None = None
) -> Generatiewerk:
    """Give every organisation whose active generation was marked (a data key under it was
    destroyed) a new generation; move every data key not under its organisation's active
    generation under it (old generations, keys from before generations); delete the generations
    left empty. Safe to run again at any point, and alongside another run: both work towards the
    newest generation of each organisation."""
    werk = Generatiewerk()
    vervangen, bijwerken = _organisaties_met_werk()
    for organisatie_id in sorted(vervangen | bijwerken):
        nieuw = None
        if organisatie_id in vervangen:
            with transaction.atomic():
                nieuw = _maak_generatie(organisatie_id)[0].pk
        herverpakt, vernietigd = _onder_de_actieve(
            organisatie_id, partij, na_partij, werk.onbekende_kek
        )
        werk.vervangen.append(Vervanging(organisatie_id, nieuw, herverpakt, vernietigd))
    return werk


def schoon_opslag() -> str | None:
    """After generations were deleted: leave none of their bytes where the database can still
    read them. SQLite (secure_delete is on for every connection: conf.base): checkpoint the WAL
    into the file and truncate it. PostgreSQL: rewrite the small generation table into a new
    file (VACUUM FULL, waiting at most two seconds for its lock); the WAL and older copies keep
    their bytes (docs/adr/0012-wissen-door-sleutelrotatie.md). Returns a Dutch sentence when it
    could not, else None. Not inside a transaction (then it does nothing)."""
    if connection.in_atomic_block:
        return None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for _poging in range(5):
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                if cursor.fetchone()[0] == 0:
                    return None
                time.sleep(1)
        return (
            "De WAL van SQLite kon niet worden leeggemaakt (een andere verbinding las nog). Het "
            "gebeurt bij de volgende run van 'meldwijzer bewaartermijn'."
        )
    if connection.vendor == "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                try:
                    cursor.execute(f"VACUUM FULL {Generatie._meta.db_table}")
                finally:
                    cursor.execute("RESET lock_timeout")
        except DatabaseError as fout:
            return (
                f"De tabel {Generatie._meta.db_table} kon niet worden herschreven ({fout}). Het "
                "gebeurt bij de volgende run van 'meldwijzer bewaartermijn'."
            )
    return None


@dataclass(frozen=True)
class Rotatie:
    generaties: int  # generation keys re-wrapped under the active environment key
    datasleutels: int  # data keys now under it that were not (through their generation or not)
    al_actueel: int  # data keys that already were
    onbekende_kek: dict[str, int]  # data keys under an environment key not configured
    werk: Generatiewerk


def _per_omgevingssleutel() -> dict[str, int]:
    """How many data keys each environment key wraps, through a generation or directly."""
    per_kek: dict[str, int] = {}
    for kek, aantal in (
        DataSleutel.objects.filter(generatie__isnull=False)
        .values_list("generatie__kek_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_kek[kek] = per_kek.get(kek, 0) + aantal
    for kek, aantal in (
        DataSleutel.objects.filter(generatie__isnull=True)
        .values_list("kek_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_kek[kek] = per_kek.get(kek, 0) + aantal
    return per_kek


def roteer(*, partij: int = 500, na_partij: Callable[[int], None] | None = None) -> Rotatie:
    """Re-wrap every generation key not yet under the active environment key (one row per
    organisation, in small transactions), then move data keys from before generations under
    one (``werk_generaties_bij``). Reads keep working throughout: both environment keys are
    configured while this runs. The data keys themselves, and so every ciphertext, do not
    change."""
    set_ = sleutelset()
    voor = _per_omgevingssleutel()
    generaties = 0
    onbekend: set[str] = set()
    while True:
        with transaction.atomic():
            rijen = list(
                Generatie.objects.select_for_update()
                .exclude(kek_id=set_.actief_id)
                .exclude(kek_id__in=list(onbekend))
                .order_by("pk")[:partij]
            )
            if not rijen:
                break
            for rij in rijen:
                if rij.kek_id not in set_.keks:
                    onbekend.add(rij.kek_id)
                    continue
                sleutel = _generatiesleutel(rij)
                rij.verpakt = crypto.verpak_generatie(
                    set_.actief, sleutel, rij.id, rij.organisatie_id
                )
                rij.kek_id = set_.actief_id
                rij.verpakt_op = timezone.now()
                rij.save(update_fields=["verpakt", "kek_id", "verpakt_op"])
                generaties += 1
        if na_partij is not None:
            na_partij(generaties)
    werk = werk_generaties_bij(partij=partij, na_partij=na_partij)
    na = _per_omgevingssleutel()
    nog_oud = {kek: n for kek, n in na.items() if kek != set_.actief_id}
    return Rotatie(
        generaties=generaties,
        datasleutels=sum(n for kek, n in voor.items() if kek != set_.actief_id)
        - sum(nog_oud.values()),
        al_actueel=voor.get(set_.actief_id, 0),
        onbekende_kek={kek: n for kek, n in nog_oud.items() if kek not in set_.keks},
        werk=werk,
    )


def gehouden_sleutels() -> list[bytes]:
    """Every key the deployment holds that could unwrap a data key: the configured environment
    keys and every generation key in the database (those it can unwrap). After a retention run,
    none of these unwraps an erased casus's data key, however old the bytes it was read from."""
    sleutels = list(sleutelset().keks.values())
    for rij in Generatie.objects.order_by("pk"):
        try:
            sleutels.append(_generatiesleutel(rij))
        except SleutelOntbreekt:
            continue
    return sleutels


def status() -> dict[str, object]:
    """How many generation keys and (through them or directly) data keys each environment key
    wraps; which are configured and active; generations waiting to be replaced."""
    set_ = sleutelset()
    zonder = dict(
        DataSleutel.objects.filter(generatie__isnull=True)
        .values_list("kek_id")
        .annotate(n=Count("pk"))
        .order_by("kek_id")
    )
    generaties = dict(
        Generatie.objects.values_list("kek_id").annotate(n=Count("pk")).order_by("kek_id")
    )
    return {
        "actief": set_.actief_id,
        "ingesteld": sorted(set_.keks),
        "datasleutels": dict(sorted(_per_omgevingssleutel().items())),
        "generatiesleutels": generaties,
        "datasleutels_zonder_generatie": zonder,
        "generaties_te_vervangen": Generatie.objects.filter(te_vervangen=True).count(),
    }
