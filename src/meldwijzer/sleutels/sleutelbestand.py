"""Key files: the wrapped keys kept beside a database backup, never inside it.

A backup of the database leaves out the tables of data keys (``sleutels_datasleutel``) and
generation keys (``sleutels_generatie``); this file holds them instead. Retention removes every
destroyed key from every key file it is told about (``MELDWIJZER_SLEUTELBESTANDEN``) and
re-wraps the rest under the organisation's new generation key (``volg``), so a casus erased
today stays erased in last year's backup too: its ciphertext is there, its key is not, and the
key file holds no generation key that ever wrapped it (docs/adr/0012-wissen-door-sleutelrotatie.md).
``meldwijzer sleutels roteer`` follows the same files to a new environment key.

The generation keys in the file are wrapped under an environment key, as in the database: the
file alone decrypts nothing. A file of format 1 (from before generation keys) keeps its data keys
wrapped directly under an environment key, so it stays restorable into the snapshot it belongs
to: following it removes destroyed keys and re-wraps the rest under the active environment key.
"""

from __future__ import annotations

import base64
import datetime as dt
import glob
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldwijzer import json_diepte
from meldwijzer.sleutels import crypto, sleutelring
from meldwijzer.sleutels.models import DataSleutel, Generatie

FORMAAT = "meldwijzer-sleutelbestand/2"
FORMAAT_ZONDER_GENERATIES = "meldwijzer-sleutelbestand/1"


class SleutelbestandFout(ValueError):
    """A file that is not a key file; the message says which and why."""


def regel(
    sleutel_id: uuid.UUID,
    organisatie_id: int,
    kek_id: str,
    verpakt: bytes,
    aangemaakt_op: dt.datetime,
    generatie_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """One wrapped data key as a key-file entry (also from a raw SQLite copy: backup.kopie):
    under ``generatie``, or (from before generations) under environment key ``kek_id``."""
    return {
        "id": sleutel_id.hex,
        "organisatie": organisatie_id,
        "generatie": generatie_id.hex if generatie_id is not None else None,
        "kek_id": kek_id,
        "verpakt": base64.b64encode(verpakt).decode(),
        "aangemaakt_op": aangemaakt_op.isoformat(),
    }


def generatie_regel(
    generatie_id: uuid.UUID,
    organisatie_id: int,
    kek_id: str,
    verpakt: bytes,
    aangemaakt_op: dt.datetime,
) -> dict[str, Any]:
    """One wrapped generation key as a key-file entry."""
    return {
        "id": generatie_id.hex,
        "organisatie": organisatie_id,
        "kek_id": kek_id,
        "verpakt": base64.b64encode(verpakt).decode(),
        "aangemaakt_op": aangemaakt_op.isoformat(),
    }


def _controlegetal(inhoud: dict[str, Any]) -> str:
    """SHA-256 over the file's content in canonical form (everything but the check itself).
    Not a secret and no protection against a deliberate change — the wrapped keys are
    authenticated themselves — but a damaged byte anywhere (a date, an order, a name) is
    refused rather than restored."""
    kern = {k: v for k, v in inhoud.items() if k != "controle"}
    tekst = json.dumps(kern, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(tekst.encode()).hexdigest()


def _schrijf_veilig(pad: Path, inhoud: dict[str, Any]) -> None:
    """Write the whole file next to it and rename: a reader never sees half a file."""
    inhoud = {**inhoud, "controle": _controlegetal(inhoud)}
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(prefix=".sleutels-", dir=pad.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as uit:
            json.dump(inhoud, uit, ensure_ascii=False, indent=1)
            uit.flush()
            os.fsync(uit.fileno())
        os.chmod(tijdelijk, 0o600)
        os.replace(tijdelijk, pad)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise


def regels_uit_database() -> list[dict[str, Any]]:
    """Every data key as a key-file entry (call inside the transaction whose view you want)."""
    return [
        regel(r.id, r.organisatie_id, r.kek_id, bytes(r.verpakt), r.aangemaakt_op, r.generatie_id)
        for r in DataSleutel.objects.order_by("aangemaakt_op", "pk")
    ]


def generaties_uit_database() -> list[dict[str, Any]]:
    """Every generation key as a key-file entry (in the same transaction as the data keys)."""
    return [
        generatie_regel(r.id, r.organisatie_id, r.kek_id, bytes(r.verpakt), r.aangemaakt_op)
        for r in Generatie.objects.order_by("aangemaakt_op", "pk")
    ]


def schrijf(
    pad: Path | str,
    *,
    regels: list[dict[str, Any]] | None = None,
    generaties: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Write data keys and their generation keys to a key file (for a backup); returns how many
    data keys. Without ``regels``, every key in the database now; ``extra`` adds fields
    (``meldwijzer backup`` names its snapshot)."""
    if regels is None:
        with transaction.atomic():  # one consistent view of the tables
            regels = regels_uit_database()
            generaties = generaties_uit_database()
    _schrijf_veilig(
        Path(pad),
        {
            "formaat": FORMAAT,
            "gemaakt_op": timezone.now().isoformat(),
            **(extra or {}),
            "generaties": generaties or [],
            "sleutels": regels,
        },
    )
    return len(regels)


def lees(pad: Path | str) -> dict[str, Any]:
    """A key file, strictly checked: every entry complete and well-formed, the check sum
    right. ``SleutelbestandFout`` (one Dutch sentence naming the entry and the field) for
    anything else; nothing is ever half-read."""
    pad = Path(pad)
    inhoud = _lees_json(pad)
    _controleer_opbouw(pad, inhoud)
    generatie_ids = set()
    for i, g in enumerate(inhoud["generaties"], start=1):
        _controleer_regel(pad, f"generatiesleutel {i}", g, met_generatie=False)
        generatie_ids.add(g["id"])
    for i, r in enumerate(inhoud["sleutels"], start=1):
        _controleer_regel(pad, f"datasleutel {i}", r, met_generatie=True)
        if r.get("generatie") is not None and r["generatie"] not in generatie_ids:
            raise SleutelbestandFout(
                f"{pad}: datasleutel {i} noemt generatie {r['generatie']}, die niet in het "
                "bestand staat."
            )
    return inhoud


def _lees_json(pad: Path) -> Any:
    try:
        return json_diepte.lees(pad.read_bytes())
    except FileNotFoundError as fout:
        raise SleutelbestandFout(f"{pad}: bestand bestaat niet.") from fout
    except OSError as fout:
        raise SleutelbestandFout(f"{pad}: niet te lezen ({fout.strerror or fout}).") from fout
    except ValueError as fout:
        raise SleutelbestandFout(
            f"{pad}: geen leesbaar sleutelbestand (geen geldige JSON in UTF-8)."
        ) from fout


def _controleer_opbouw(pad: Path, inhoud: Any) -> None:
    """The file as a whole: its format, both lists, the check sum and the text fields."""
    if not isinstance(inhoud, dict) or inhoud.get("formaat") not in (
        FORMAAT,
        FORMAAT_ZONDER_GENERATIES,
    ):
        raise SleutelbestandFout(f"{pad}: geen sleutelbestand van Meldwijzer ({FORMAAT}).")
    if not isinstance(inhoud.get("sleutels"), list):
        raise SleutelbestandFout(f"{pad}: de lijst 'sleutels' ontbreekt.")
    inhoud.setdefault("generaties", [])
    if not isinstance(inhoud["generaties"], list):
        raise SleutelbestandFout(f"{pad}: de lijst 'generaties' is geen lijst.")
    controle = inhoud.get("controle")
    if controle is not None and controle != _controlegetal(inhoud):
        raise SleutelbestandFout(
            f"{pad}: het sleutelbestand is beschadigd of gewijzigd (het controlegetal klopt "
            "niet). Gebruik een onbeschadigde kopie."
        )
    for extra in ("backup", "database", "gemaakt_op"):
        if extra in inhoud and not isinstance(inhoud[extra], str):
            raise SleutelbestandFout(f"{pad}: het veld '{extra}' is geen tekst.")


# nonce (12) ‖ a 256-bit key (32) ‖ the GCM tag (16)
VERPAKT_LENGTE = 60


def _controleer_regel(pad: Path, wat: str, regel: Any, *, met_generatie: bool) -> None:
    def fout(tekst: str) -> SleutelbestandFout:
        return SleutelbestandFout(f"{pad}: {wat}: {tekst}.")

    if not isinstance(regel, dict):
        raise fout("geen object")
    _controleer_veldnamen(regel, fout, met_generatie=met_generatie)
    _controleer_herkomst(regel, fout, met_generatie=met_generatie)
    _controleer_sleutel(regel, fout, met_generatie=met_generatie)


def _controleer_veldnamen(
    regel: dict[str, Any], fout: Callable[[str], Exception], *, met_generatie: bool
) -> None:
    """Every field present (the generation optional), none unknown."""
    velden = {"id", "organisatie", "kek_id", "verpakt", "aangemaakt_op"}
    if met_generatie:
        velden.add("generatie")
    ontbreekt = sorted(velden - set(regel) - ({"generatie"} if met_generatie else set()))
    if ontbreekt:
        raise fout(f"het veld '{ontbreekt[0]}' ontbreekt")
    onbekend = sorted(set(regel) - velden)
    if onbekend:
        raise fout(f"onbekend veld '{onbekend[0]}'")


def _controleer_herkomst(
    regel: dict[str, Any], fout: Callable[[str], Exception], *, met_generatie: bool
) -> None:
    """Whose key it is and what wraps it: its id, organisation and environment key."""
    if not _is_uuid_hex(regel["id"]):
        raise fout("'id' is geen sleutel-id (32 hexadecimale tekens)")
    organisatie = regel["organisatie"]
    if not isinstance(organisatie, int) or isinstance(organisatie, bool) or organisatie < 1:
        raise fout("'organisatie' is geen organisatienummer")
    kek = regel["kek_id"]
    onder_generatie = met_generatie and regel.get("generatie") is not None
    if onder_generatie and kek == "":
        pass  # wrapped by its generation key, not directly by an environment key
    elif not isinstance(kek, str) or len(kek) != 16 or not _is_hex(kek):
        raise fout(
            "'kek_id' is geen vingerafdruk van een omgevingssleutel (16 hexadecimale tekens)"
        )


def _controleer_sleutel(
    regel: dict[str, Any], fout: Callable[[str], Exception], *, met_generatie: bool
) -> None:
    """The wrapped key itself, when it was made, and its generation."""
    try:
        verpakt = base64.b64decode(str(regel["verpakt"]), validate=True)
    except ValueError:
        raise fout("'verpakt' is geen geldige base64") from None
    if not isinstance(regel["verpakt"], str) or len(verpakt) != VERPAKT_LENGTE:
        raise fout(f"'verpakt' is geen verpakte sleutel ({VERPAKT_LENGTE} bytes)")
    try:
        moment = dt.datetime.fromisoformat(str(regel["aangemaakt_op"]))
    except ValueError:
        raise fout("'aangemaakt_op' is geen datum en tijd") from None
    if not isinstance(regel["aangemaakt_op"], str) or moment.tzinfo is None:
        raise fout("'aangemaakt_op' is geen datum en tijd met tijdzone")
    if (
        met_generatie
        and regel.get("generatie") is not None
        and not _is_uuid_hex(regel["generatie"])
    ):
        raise fout("'generatie' is geen generatie-id (32 hexadecimale tekens)")


def _is_hex(tekst: str) -> bool:
    return all(t in "0123456789abcdef" for t in tekst)


def _is_uuid_hex(waarde: Any) -> bool:
    return isinstance(waarde, str) and len(waarde) == 32 and _is_hex(waarde)


def _uitpakker(pad: Path | str, inhoud: dict[str, Any]) -> Any:
    """A function that unwraps a data-key entry of this file: under one of the file's
    generation keys (unwrapped with the configured environment keys) or, from before
    generations, directly under an environment key."""
    keks = sleutelring.sleutelset().keks
    generatiesleutels: dict[str, bytes] = {}

    def kek(kek_id: str, wat: str) -> bytes:
        gevonden = keks.get(kek_id)
        if gevonden is None:
            raise SleutelbestandFout(
                f"{pad}: {wat} is verpakt met omgevingssleutel {kek_id}, die niet in "
                "MELDWIJZER_SLEUTELS staat. Zet die sleutel erbij en probeer het opnieuw."
            )
        return gevonden

    def generatiesleutel(generatie_hex: str, organisatie_id: int) -> bytes:
        if generatie_hex not in generatiesleutels:
            rij = next((g for g in inhoud["generaties"] if str(g.get("id")) == generatie_hex), None)
            if rij is None:
                raise SleutelbestandFout(
                    f"{pad}: generatiesleutel {generatie_hex} ontbreekt in het bestand."
                )
            try:
                generatiesleutels[generatie_hex] = crypto.pak_generatie_uit(
                    kek(str(rij["kek_id"]), f"generatiesleutel {generatie_hex}"),
                    base64.b64decode(rij["verpakt"]),
                    uuid.UUID(generatie_hex),
                    int(rij["organisatie"]),
                )
            except crypto.OntsleutelFout as fout:
                raise SleutelbestandFout(f"{pad}: {fout}") from fout
        return generatiesleutels[generatie_hex]

    def pak_uit(entry: dict[str, Any]) -> bytes:
        sleutel_id, organisatie_id = uuid.UUID(str(entry["id"])), int(entry["organisatie"])
        if entry.get("generatie"):
            wikkel = generatiesleutel(str(entry["generatie"]), organisatie_id)
        else:
            wikkel = kek(str(entry["kek_id"]), f"datasleutel {sleutel_id.hex}")
        try:
            return crypto.pak_uit(
                wikkel, base64.b64decode(entry["verpakt"]), sleutel_id, organisatie_id
            )
        except crypto.OntsleutelFout as fout:
            raise SleutelbestandFout(f"{pad}: {fout}") from fout

    return pak_uit


def _onder_actieve_generatie(
    pad: Path | str, inhoud: dict[str, Any], entries: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """The entries re-wrapped under their organisation's active generation in the database
    (those already under it as they are), with those generations as entries, and how many were
    re-wrapped. Only the active generations are in the result: an older generation key is
    never kept."""
    pak_uit = _uitpakker(pad, inhoud)
    actief: dict[int, tuple[Generatie, bytes]] = {}
    uit: list[dict[str, Any]] = []
    herverpakt = 0
    with transaction.atomic():
        for entry in entries:
            organisatie_id = int(entry["organisatie"])
            if organisatie_id not in actief:
                actief[organisatie_id] = sleutelring.actieve_generatie(organisatie_id)
            generatie, generatiesleutel = actief[organisatie_id]
            if entry.get("generatie") == generatie.pk.hex:
                uit.append(entry)
                continue
            sleutel_id = uuid.UUID(str(entry["id"]))
            uit.append(
                {
                    **entry,
                    "generatie": generatie.pk.hex,
                    "kek_id": "",
                    "verpakt": base64.b64encode(
                        crypto.verpak(generatiesleutel, pak_uit(entry), sleutel_id, organisatie_id)
                    ).decode(),
                }
            )
            herverpakt += 1
    generaties = [
        generatie_regel(g.pk, g.organisatie_id, g.kek_id, bytes(g.verpakt), g.aangemaakt_op)
        for g, _sleutel in actief.values()
    ]
    return uit, generaties, herverpakt


def _onder_actieve_omgevingssleutel(
    pad: Path | str, inhoud: dict[str, Any], entries: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """Entries of a format-1 file re-wrapped under the active environment key (those already
    under it as they are), and how many were re-wrapped."""
    set_ = sleutelring.sleutelset()
    pak_uit = _uitpakker(pad, inhoud)
    uit: list[dict[str, Any]] = []
    herverpakt = 0
    for entry in entries:
        if entry.get("kek_id") == set_.actief_id:
            uit.append(entry)
            continue
        sleutel_id, organisatie_id = uuid.UUID(str(entry["id"])), int(entry["organisatie"])
        verpakt = crypto.verpak(set_.actief, pak_uit(entry), sleutel_id, organisatie_id)
        uit.append(
            {**entry, "kek_id": set_.actief_id, "verpakt": base64.b64encode(verpakt).decode()}
        )
        herverpakt += 1
    return uit, herverpakt


def schoon(pad: Path | str, vernietigd: Iterable[str]) -> int:
    """Remove destroyed keys (ids as hex) from a key file; returns how many were removed."""
    weg = {uuid.UUID(str(s)).hex for s in vernietigd}
    inhoud = lees(pad)
    blijft = [r for r in inhoud["sleutels"] if str(r.get("id")) not in weg]
    verwijderd = len(inhoud["sleutels"]) - len(blijft)
    if verwijderd:
        inhoud["sleutels"] = blijft
        inhoud["geschoond_op"] = timezone.now().isoformat()
        _schrijf_veilig(Path(pad), inhoud)
    return verwijderd


def volg(pad: Path | str, vernietigd: Iterable[str]) -> tuple[int, int]:
    """Bring a key file in line with the database after retention or a rotation: destroyed keys
    removed, every other data key under its organisation's active generation, and that
    generation key wrapped as in the database (so under the active environment key once
    ``sleutels roteer`` ran). Returns (removed, re-wrapped). In a file of format 1 the keys stay
    wrapped directly under an environment key — its snapshot has no table for generation keys —
    but under the active one, so it stays restorable once an older one is destroyed."""
    inhoud = lees(pad)
    weg = {uuid.UUID(str(s)).hex for s in vernietigd}
    blijft = [r for r in inhoud["sleutels"] if str(r.get("id")) not in weg]
    verwijderd = len(inhoud["sleutels"]) - len(blijft)
    if inhoud["formaat"] == FORMAAT_ZONDER_GENERATIES:
        regels, herverpakt = _onder_actieve_omgevingssleutel(pad, inhoud, blijft)
        generaties: list[dict[str, Any]] = []
    else:
        regels, generaties, herverpakt = _onder_actieve_generatie(pad, inhoud, blijft)
    if verwijderd or herverpakt or generaties != inhoud["generaties"]:
        inhoud["sleutels"] = regels
        if inhoud["formaat"] == FORMAAT:
            inhoud["generaties"] = generaties
        else:
            del inhoud["generaties"]
        inhoud["geschoond_op"] = timezone.now().isoformat()
        _schrijf_veilig(Path(pad), inhoud)
    return verwijderd, herverpakt


def importeer(pad: Path | str, vernietigd: Iterable[str]) -> tuple[int, int]:
    """Put keys from a key file back (a restore): only those missing, never a destroyed one,
    each under its organisation's active generation in the database — never a generation key
    from the file, which may be one retention replaced. Returns (added, skipped as destroyed)."""
    weg = {uuid.UUID(str(s)).hex for s in vernietigd}
    inhoud = lees(pad)
    bestaand = {s.hex for s in DataSleutel.objects.values_list("pk", flat=True)}
    ontbrekend: list[dict[str, Any]] = []
    overgeslagen = 0
    for entry in inhoud["sleutels"]:
        sleutel_id = uuid.UUID(str(entry["id"]))
        if sleutel_id.hex in weg:
            overgeslagen += 1
        elif sleutel_id.hex not in bestaand:
            ontbrekend.append(entry)
    with transaction.atomic():
        regels, _generaties, _herverpakt = _onder_actieve_generatie(pad, inhoud, ontbrekend)
        DataSleutel.objects.bulk_create(
            [
                DataSleutel(
                    id=uuid.UUID(str(r["id"])),
                    organisatie_id=int(r["organisatie"]),
                    generatie_id=uuid.UUID(str(r["generatie"])),
                    kek_id="",
                    verpakt=base64.b64decode(r["verpakt"]),
                    aangemaakt_op=dt.datetime.fromisoformat(r["aangemaakt_op"]),
                )
                for r in regels
            ],
            batch_size=1000,
        )
    return len(regels), overgeslagen


def bestanden_uit_instellingen() -> list[Path]:
    """The key files retention keeps clean: ``MELDWIJZER_SLEUTELBESTANDEN`` (paths or globs)."""
    gevonden: list[Path] = []
    for patroon in getattr(settings, "MELDWIJZER_SLEUTELBESTANDEN", []):
        treffers = sorted(glob.glob(str(patroon)))
        gevonden.extend(Path(t) for t in (treffers or []) if Path(t).is_file())
    return gevonden
