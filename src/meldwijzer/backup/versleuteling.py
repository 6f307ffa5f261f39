"""The encrypted snapshot file: a stream of AES-256-GCM chunks (docs/security.md, 'Back-ups').

Layout::

    MWBACKUP1\\n | header length (4 bytes, big-endian) | header (JSON, UTF-8) | chunks …

    chunk = flag (1 byte: 0 more, 1 last) | length (4 bytes) | AES-GCM ciphertext ‖ tag

The header is readable without a key (format, backup id, database, the backup key's fingerprint,
a random salt) and is authenticated by every chunk. Each snapshot has its own file key, derived
with HKDF-SHA256 from the backup key (``MELDWIJZER_BACKUP_SLEUTEL``) and the salt; the nonce is the
chunk's sequence number, which never repeats under one file key. Each chunk's associated data is
the header's SHA-256, its number and its flag, so chunks cannot be reordered, dropped, moved to
another snapshot or cut off after the last one without decryption failing (the 'STREAM' scheme of
Hoang, Reyhanitabar, Rogaway and Vizár). Plaintext is compressed with zlib before encryption.

All primitives come from the ``cryptography`` package (as in sleutels.crypto).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from meldwijzer import json_diepte
from meldwijzer.sleutels.crypto import SleutelFout, lees_sleutel

MAGIE = b"MWBACKUP1\n"
FORMAAT = "meldwijzer-backup/1"
CHUNK = 1024 * 1024  # plaintext bytes per chunk (before compression)
MAX_HEADER = 64 * 1024
MAX_CHUNK = CHUNK + 64 * 1024  # zlib may grow incompressible data a little; plus the tag


class SnapshotFout(ValueError):
    """A snapshot that cannot be read: not a snapshot, the wrong key, or changed/cut off."""


def vingerafdruk(sleutel: bytes) -> str:
    """The backup key's fingerprint in the header (not secret): says which key a snapshot needs."""
    return hashlib.sha256(b"meldwijzer-backup-sleutel:" + sleutel).hexdigest()[:16]


def backup_sleutels(teksten: list[str]) -> dict[str, bytes]:
    """The configured backup keys by fingerprint; the first one encrypts new snapshots."""
    sleutels: dict[str, bytes] = {}
    for i, tekst in enumerate(teksten):
        sleutel = lees_sleutel(tekst, f"MELDWIJZER_BACKUP_SLEUTEL (sleutel {i + 1})")
        sleutels[vingerafdruk(sleutel)] = sleutel
    if not sleutels:
        raise SleutelFout(
            "Zet MELDWIJZER_BACKUP_SLEUTEL in de omgeving: de sleutel waarmee back-ups worden "
            "versleuteld (maak er een met: meldwijzer sleutels nieuw). Bewaar hem apart van de "
            "back-ups en apart van MELDWIJZER_SLEUTELS."
        )
    return sleutels


def _bestandssleutel(sleutel: bytes, zout: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=zout, info=b"meldwijzer-backup/1")
    return AESGCM(hkdf.derive(sleutel))


def _nonce(nummer: int) -> bytes:
    return struct.pack(">IQ", 0, nummer)


# The manifest's nonce lies outside the chunks' range (their first four bytes are 0).
_MANIFEST_NONCE = struct.pack(">IQ", 1, 0)


def _ad(header_hash: bytes, nummer: int, laatste: bool) -> bytes:
    return header_hash + struct.pack(">QB", nummer, 1 if laatste else 0)


class Versleutelaar:
    """Writes a snapshot: ``schrijf`` plaintext in any pieces, then ``sluit``."""

    def __init__(self, uit: BinaryIO, sleutel: bytes, header: dict[str, Any]) -> None:
        zout = os.urandom(32)
        aead = _bestandssleutel(sleutel, zout)
        header = dict(header)
        tabellen = header.pop("tabellen", None)
        if tabellen is not None:
            # The row count per table (the manifest a restore checks), encrypted: the readable
            # header names no table.
            tekst = json.dumps(tabellen, sort_keys=True).encode()
            header["tabellen"] = aead.encrypt(_MANIFEST_NONCE, tekst, b"tabellen").hex()
        self.header = {
            **header,
            "formaat": FORMAAT,
            "sleutel": vingerafdruk(sleutel),
            "zout": zout.hex(),
        }
        ruw = json.dumps(self.header, ensure_ascii=False, sort_keys=True).encode()
        self.uit = uit
        self.aead = aead
        self.header_hash = hashlib.sha256(ruw).digest()
        self.nummer = 0
        self.buffer = bytearray()
        self.pakker = zlib.compressobj(3)
        self.geschreven = 0
        uit.write(MAGIE + struct.pack(">I", len(ruw)) + ruw)

    def _chunk(self, data: bytes, laatste: bool) -> None:
        versleuteld = self.aead.encrypt(
            _nonce(self.nummer), data, _ad(self.header_hash, self.nummer, laatste)
        )
        self.uit.write(struct.pack(">BI", 1 if laatste else 0, len(versleuteld)) + versleuteld)
        self.geschreven += len(versleuteld) + 5
        self.nummer += 1

    def schrijf(self, data: bytes) -> None:
        self.buffer += self.pakker.compress(data)
        while len(self.buffer) >= CHUNK:
            self._chunk(bytes(self.buffer[:CHUNK]), False)
            del self.buffer[:CHUNK]

    def sluit(self) -> None:
        self.buffer += self.pakker.flush()
        while len(self.buffer) > CHUNK:
            self._chunk(bytes(self.buffer[:CHUNK]), False)
            del self.buffer[:CHUNK]
        self._chunk(bytes(self.buffer), True)
        self.buffer.clear()
        self.uit.flush()


def lees_header(invoer: BinaryIO) -> dict[str, Any]:
    """The snapshot's readable header (no key needed); the stream is left at the first chunk."""
    if invoer.read(len(MAGIE)) != MAGIE:
        raise SnapshotFout("geen back-up van Meldwijzer (het begin van het bestand klopt niet)")
    ruwe_lengte = invoer.read(4)
    if len(ruwe_lengte) != 4:
        raise SnapshotFout("het bestand is afgebroken (geen kop)")
    (lengte,) = struct.unpack(">I", ruwe_lengte)
    if lengte > MAX_HEADER:
        raise SnapshotFout("de kop van het bestand is beschadigd")
    ruw = invoer.read(lengte)
    try:
        header = json_diepte.lees(ruw)
    except (UnicodeDecodeError, ValueError) as fout:
        raise SnapshotFout("de kop van het bestand is beschadigd") from fout
    if not isinstance(header, dict) or header.get("formaat") != FORMAAT:
        raise SnapshotFout(f"geen back-up in het formaat {FORMAAT}")
    header["_hash"] = hashlib.sha256(ruw).digest()
    return header


@dataclass
class Ontsleuteld:
    header: dict[str, Any]
    bytes_: int


def ontsleutel(
    invoer: BinaryIO,
    sleutels: dict[str, bytes],
    schrijf: Callable[[bytes], object],
    na_chunk: Callable[[int], None] | None = None,
) -> Ontsleuteld:
    """Decrypt a whole snapshot into ``schrijf``. Raises SnapshotFout on the wrong key, a changed
    byte, a missing, extra or reordered chunk, or a file cut off before its last chunk: the
    caller must discard what it wrote unless this returns."""
    header = lees_header(invoer)
    sleutel = sleutels.get(str(header.get("sleutel")))
    if sleutel is None:
        raise SnapshotFout(
            f"deze back-up is versleuteld met back-upsleutel {header.get('sleutel')}, die niet in "
            "MELDWIJZER_BACKUP_SLEUTEL staat"
        )
    try:
        aead = _bestandssleutel(sleutel, bytes.fromhex(str(header["zout"])))
        if "tabellen" in header:
            tekst = aead.decrypt(
                _MANIFEST_NONCE, bytes.fromhex(str(header["tabellen"])), b"tabellen"
            )
            header = {**header, "tabellen": json_diepte.lees(tekst)}
    except (KeyError, ValueError, InvalidTag) as fout:
        raise SnapshotFout("de kop van het bestand is beschadigd") from fout
    uitpakker = zlib.decompressobj()
    totaal = 0
    for nummer, (laatste, versleuteld) in enumerate(_chunks(invoer)):
        try:
            data = aead.decrypt(_nonce(nummer), versleuteld, _ad(header["_hash"], nummer, laatste))
        except InvalidTag as fout:
            raise SnapshotFout(
                f"deel {nummer + 1} van de back-up is gewijzigd of beschadigd (de controle van "
                "AES-GCM faalt)"
            ) from fout
        try:
            uit = uitpakker.decompress(data)
            if laatste:
                uit += uitpakker.flush()
        except zlib.error as fout:  # authenticated, so only a bug of ours gets here
            raise SnapshotFout("de inhoud van de back-up is niet uit te pakken") from fout
        schrijf(uit)
        totaal += len(uit)
        if na_chunk is not None:
            na_chunk(totaal)
        if laatste:
            if invoer.read(1):
                raise SnapshotFout("na het laatste deel van de back-up staan nog gegevens")
            return Ontsleuteld(header, totaal)
    raise SnapshotFout("de back-up is afgebroken: het laatste deel ontbreekt")


def _chunks(invoer: BinaryIO) -> Iterator[tuple[bool, bytes]]:
    while True:
        kop = invoer.read(5)
        if not kop:
            return
        if len(kop) != 5:
            raise SnapshotFout("de back-up is afgebroken midden in een deel")
        vlag, lengte = struct.unpack(">BI", kop)
        if vlag not in (0, 1) or lengte > MAX_CHUNK:
            raise SnapshotFout("de back-up is beschadigd (een deel heeft een onmogelijke kop)")
        data = invoer.read(lengte)
        if len(data) != lengte:
            raise SnapshotFout("de back-up is afgebroken midden in een deel")
        yield vlag == 1, data
