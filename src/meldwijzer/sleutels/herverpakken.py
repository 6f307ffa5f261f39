"""Re-wrapping keys without touching a ciphertext: replacing an organisation's generation key
after retention erased one of its casussen, and rotating the environment key.

Retention destroys a data key and marks the generation key that wrapped it
(``sleutelring.vernietig``). ``werk_generaties_bij`` then gives the organisation a new generation
key, re-wraps every remaining data key under it and deletes the old one; ``schoon_opslag`` leaves
none of the old one's bytes where the database still reads them. An erased casus's wrapped data
key, however old the bytes it is read from, then unwraps with no key the deployment still holds
(``gehouden_sleutels``; docs/adr/0012-wissen-door-sleutelrotatie.md).

``roteer`` re-wraps every generation key under the active environment key (one row per
organisation), and moves data keys from before generations under one.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from meldwijzer.sleutels import crypto, sleutelring
from meldwijzer.sleutels.models import DataSleutel, Generatie


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
    """(organisations whose active generation must be replaced, organisations with older
    generations left)."""
    nieuwste: dict[int, tuple[dt.datetime, uuid.UUID, bool]] = {}
    aantal: dict[int, int] = {}
    for org, gid, op, te_vervangen in Generatie.objects.values_list(
        "organisatie_id", "pk", "aangemaakt_op", "te_vervangen"
    ):
        aantal[org] = aantal.get(org, 0) + 1
        if org not in nieuwste or (op, gid) > nieuwste[org][:2]:
            nieuwste[org] = (op, gid, te_vervangen)
    vervangen = {org for org, (_op, _gid, te) in nieuwste.items() if te}
    return vervangen, {org for org, n in aantal.items() if n > 1}


def _zet_onder(
    generatie: Generatie, moment: dt.datetime, verpakt: list[tuple[bytes, uuid.UUID]]
) -> None:
    """Store re-wrapped data keys: one prepared UPDATE for the batch (``bulk_update`` builds a
    CASE over the batch, which costs more than the cryptography)."""
    veld = DataSleutel.kolom
    generatie_id = veld("generatie").get_db_prep_value(generatie.pk, connection)
    op = veld("verpakt_op").get_db_prep_value(moment, connection)
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE sleutels_datasleutel SET verpakt = %s, generatie_id = %s, kek_id = '', "
            "verpakt_op = %s WHERE id = %s",
            [
                (
                    veld("verpakt").get_db_prep_value(nieuw, connection),
                    generatie_id,
                    op,
                    veld("id").get_db_prep_value(pk, connection),
                )
                for nieuw, pk in verpakt
            ],
        )


def _verplaats(
    rijen: Callable[[], list[DataSleutel]],
    partij_klaar: Callable[[int], None] | None,
) -> int:
    """Move data keys under their organisation's active generation, a batch per transaction,
    until ``rijen`` (which selects keys not yet moved, locked) finds none. Reads keep working
    throughout: each key is readable under its old or its new wrapping; the data keys
    themselves, so every ciphertext, do not change. Returns how many were moved."""
    verplaatst = 0
    while True:
        with transaction.atomic():
            partij = rijen()
            if not partij:
                return verplaatst
            nu = timezone.now()
            per_generatie: dict[uuid.UUID, list[tuple[bytes, uuid.UUID]]] = {}
            actief: dict[int, tuple[Generatie, bytes]] = {}
            for rij in partij:
                if rij.organisatie_id not in actief:
                    actief[rij.organisatie_id] = sleutelring.actieve_generatie(rij.organisatie_id)
                generatie, generatiesleutel = actief[rij.organisatie_id]
                sleutel = sleutelring.pak_uit(rij)
                per_generatie.setdefault(generatie.pk, []).append(
                    (crypto.verpak(generatiesleutel, sleutel, rij.id, rij.organisatie_id), rij.pk)
                )
            for generatie, _sleutel in actief.values():
                _zet_onder(generatie, nu, per_generatie.get(generatie.pk, []))
            verplaatst += len(partij)
        if partij_klaar is not None:
            partij_klaar(verplaatst)


def _onder_de_actieve(
    organisatie_id: int, partij: int, na_partij: Callable[[int], None] | None
) -> tuple[int, list[uuid.UUID], dict[str, int]]:
    """Move the data keys of the organisation's older generations under its active one, then
    delete the generations no data key refers to any more. A generation under an environment key
    that is not configured stays, with its keys. Returns (moved, deleted generations, data keys
    left per environment key not configured)."""
    keks = sleutelring.sleutelset().keks
    verplaatst = 0
    while True:
        with transaction.atomic():
            actief, _sleutel = sleutelring.actieve_generatie(organisatie_id)
            oude = list(
                Generatie.objects.filter(organisatie_id=organisatie_id).exclude(pk=actief.pk)
            )
        for generatie in oude:
            if generatie.kek_id not in keks:
                continue

            def onder_deze(generatie: Generatie = generatie) -> list[DataSleutel]:
                # By the generation's own index: moved keys leave it, so no batch rescans them.
                rijen = list(
                    DataSleutel.objects.select_for_update().filter(generatie_id=generatie.pk)[
                        :partij
                    ]
                )
                for rij in rijen:
                    rij.generatie = generatie  # unwrapped without a join
                return rijen

            verplaatst += _verplaats(onder_deze, na_partij)
        try:
            with transaction.atomic():
                leeg = list(
                    Generatie.objects.filter(pk__in=[g.pk for g in oude])
                    .exclude(Exists(DataSleutel.objects.filter(generatie=OuterRef("pk"))))
                    .values_list("pk", flat=True)
                )
                if leeg:
                    Generatie.objects.filter(pk__in=leeg).delete()
                if leeg and connection.vendor == "postgresql":
                    # The deferred references checked now, not at a commit that may be an
                    # outer transaction's: a data key made under one of them meanwhile fails
                    # this delete, not its own insert. (SQLite writes one at a time.)
                    connection.check_constraints()
        except IntegrityError:
            continue  # a data key was made under one of them meanwhile: move it too
        sleutelring.vergeet_generaties(leeg)
        blijft = [g.pk for g in oude if g.pk not in set(leeg)]
        onbekend = dict(
            DataSleutel.objects.filter(generatie_id__in=blijft)
            .values_list("generatie__kek_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return verplaatst, leeg, onbekend


def _zonder_generatie(
    partij: int, na_partij: Callable[[int], None] | None
) -> tuple[dict[int, int], dict[str, int]]:
    """Move every data key from before generations (wrapped directly under an environment key)
    under its organisation's active generation. Returns (moved per organisation, keys left per
    environment key not configured)."""
    keks = sleutelring.sleutelset().keks
    aanwezig = dict(
        DataSleutel.objects.filter(generatie__isnull=True)
        .values_list("kek_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    onbekend = {kek: n for kek, n in aanwezig.items() if kek not in keks}
    per_organisatie: dict[int, int] = {}

    def zonder() -> list[DataSleutel]:
        rijen = list(
            DataSleutel.objects.select_for_update()
            .filter(generatie__isnull=True)
            .exclude(kek_id__in=list(onbekend))[:partij]
        )
        for rij in rijen:
            per_organisatie[rij.organisatie_id] = per_organisatie.get(rij.organisatie_id, 0) + 1
        return rijen

    if len(onbekend) < len(aanwezig):
        _verplaats(zonder, na_partij)
    return per_organisatie, onbekend


def werk_generaties_bij(
    *, partij: int = 500, na_partij: Callable[[int], None] | None = None
) -> Generatiewerk:
    """Give every organisation whose active generation was marked (a data key under it was
    destroyed) a new generation; move every data key not under its organisation's active
    generation under it (older generations, keys from before generations); delete the
    generations left empty. Safe to run again at any point, and alongside another run: both
    work towards the newest generation of each organisation."""
    werk = Generatiewerk()
    vervangen, bijwerken = _organisaties_met_werk()
    nieuw: dict[int, uuid.UUID] = {}
    for organisatie_id in sorted(vervangen):
        with transaction.atomic():
            nieuw[organisatie_id] = sleutelring.maak_generatie(organisatie_id)[0].pk
    zonder, werk.onbekende_kek = _zonder_generatie(partij, na_partij)
    for organisatie_id in sorted(vervangen | bijwerken | set(zonder)):
        verplaatst, vernietigd, onbekend = _onder_de_actieve(organisatie_id, partij, na_partij)
        for kek, aantal in onbekend.items():
            werk.onbekende_kek[kek] = werk.onbekende_kek.get(kek, 0) + aantal
        werk.vervangen.append(
            Vervanging(
                organisatie_id,
                nieuw.get(organisatie_id),
                verplaatst + zonder.get(organisatie_id, 0),
                vernietigd,
            )
        )
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
    set_ = sleutelring.sleutelset()
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
                sleutel = sleutelring.generatiesleutel_van(rij)
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
    sleutels = list(sleutelring.sleutelset().keks.values())
    for rij in Generatie.objects.order_by("pk"):
        try:
            sleutels.append(sleutelring.generatiesleutel_van(rij))
        except sleutelring.SleutelOntbreekt:
            continue
    return sleutels


def status() -> dict[str, object]:
    """How many generation keys and (through them or directly) data keys each environment key
    wraps; which are configured and active; generations waiting to be replaced."""
    set_ = sleutelring.sleutelset()
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
