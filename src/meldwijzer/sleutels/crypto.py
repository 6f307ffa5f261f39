"""Cryptographic primitives, all from the maintained `cryptography` package: no cipher of our own.

- **Data key**: 256 random bits per casus. Free text is encrypted under it with AES-256-GCM (a
  random 96-bit nonce per value); the result is a *token*
  ``mw1:<data key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``. The prefix and key id are the
  associated data, so a ciphertext cannot be passed off under another key id.
- **Generation key**: 256 random bits per organisation, replaced after every retention run that
  erased one of its casussen (docs/adr/0012-wissen-door-sleutelrotatie.md). Wraps the
  organisation's data keys with AES-256-GCM; the data key's id and organisation are the
  associated data, so a wrapped key cannot be moved to another casus or organisation.
- **Environment key** (key-encryption key, KEK): wraps each generation key the same way (its id
  and organisation as associated data, under another label, so a wrapped generation key is no
  wrapped data key) — and, for data keys from before generations, the data key itself. A KEK is
  known by a short fingerprint (``kek_id``), stored beside each wrapped key, so several KEKs can
  be configured during a rotation.
- **HMAC key**: one secret from the environment, from which HKDF derives a key per purpose (the
  audit hash chain, the blind index), so no key serves two purposes.

Nothing here imports Django: the settings modules use it to validate keys at start-up.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VOORVOEGSEL = "mw1"
SLEUTELLENGTE = 32  # bytes: AES-256
NONCE_LENGTE = 12  # bytes: the GCM standard nonce
_URLSAFE = bytes.maketrans(b"+/", b"-_")  # base64 to base64url


class SleutelFout(ValueError):
    """A key from the environment that cannot be used; the message says what to change."""


class OntsleutelFout(ValueError):
    """A ciphertext that does not decrypt: the wrong key, or the stored value was changed."""


def maak_sleutel() -> str:
    """A fresh random 256-bit key, base64url-encoded, for the environment."""
    return base64.urlsafe_b64encode(os.urandom(SLEUTELLENGTE)).decode().rstrip("=")


def _b64_naar_bytes(tekst: str) -> bytes:
    tekst = tekst.strip()
    opvulling = "=" * (-len(tekst) % 4)
    try:
        return base64.urlsafe_b64decode(tekst.replace("+", "-").replace("/", "_") + opvulling)
    except (binascii.Error, ValueError) as fout:
        raise SleutelFout("is geen base64-tekst") from fout


def lees_sleutel(tekst: str, naam: str = "sleutel") -> bytes:
    """A base64 (or base64url) key of exactly 256 bits."""
    try:
        sleutel = _b64_naar_bytes(tekst)
    except SleutelFout as fout:
        raise SleutelFout(
            f"{naam} {fout}. Maak een nieuwe sleutel met: meldwijzer sleutels nieuw"
        ) from fout
    if len(sleutel) != SLEUTELLENGTE:
        raise SleutelFout(
            f"{naam} is {len(sleutel) * 8} bits; een sleutel is precies 256 bits (32 bytes, "
            "base64). Maak een nieuwe sleutel met: meldwijzer sleutels nieuw"
        )
    return sleutel


def kek_id(kek: bytes) -> str:
    """The fingerprint by which a wrapped data key names its environment key (not secret)."""
    return hashlib.sha256(b"meldwijzer-kek:" + kek).hexdigest()[:16]


@dataclass(frozen=True)
class Sleutelset:
    """The configured environment keys: the first wraps new and rotated data keys; the others
    only unwrap (during a rotation)."""

    actief_id: str
    keks: dict[str, bytes]

    @property
    def actief(self) -> bytes:
        return self.keks[self.actief_id]


def sleutelset(teksten: list[str] | tuple[str, ...]) -> Sleutelset:
    if not teksten:
        raise SleutelFout(
            "Er is geen omgevingssleutel ingesteld. Zet MELDWIJZER_SLEUTELS (of "
            "MELDWIJZER_SLEUTEL) "
            "in de omgeving; een nieuwe sleutel maakt u met: meldwijzer sleutels nieuw"
        )
    keks: dict[str, bytes] = {}
    for i, tekst in enumerate(teksten):
        kek = lees_sleutel(tekst, f"Omgevingssleutel {i + 1} van MELDWIJZER_SLEUTELS")
        keks.setdefault(kek_id(kek), kek)
    return Sleutelset(kek_id(lees_sleutel(teksten[0])), keks)


def _wikkel_aad(soort: str, sleutel_id: uuid.UUID, organisatie_id: int) -> bytes:
    return f"meldwijzer-{soort}:{sleutel_id.hex}:{organisatie_id}".encode()


def _verpak(kek: bytes, sleutel: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_LENGTE)
    return nonce + AESGCM(kek).encrypt(nonce, sleutel, aad)


def _pak_uit(kek: bytes, verpakt: bytes, aad: bytes) -> bytes:
    return AESGCM(kek).decrypt(verpakt[:NONCE_LENGTE], verpakt[NONCE_LENGTE:], aad)


def verpak(kek: bytes, datasleutel: bytes, sleutel_id: uuid.UUID, organisatie_id: int) -> bytes:
    """Wrap a data key under a generation key (or, before generations, an environment key):
    nonce ‖ ciphertext ‖ tag."""
    return _verpak(kek, datasleutel, _wikkel_aad("datasleutel", sleutel_id, organisatie_id))


def pak_uit(kek: bytes, verpakt: bytes, sleutel_id: uuid.UUID, organisatie_id: int) -> bytes:
    try:
        return _pak_uit(kek, verpakt, _wikkel_aad("datasleutel", sleutel_id, organisatie_id))
    except InvalidTag as fout:
        raise OntsleutelFout(
            f"Datasleutel {sleutel_id} laat zich niet uitpakken: verkeerde sleutel, of de "
            "verpakte sleutel is gewijzigd."
        ) from fout


def verpak_generatie(
    kek: bytes, generatiesleutel: bytes, generatie_id: uuid.UUID, organisatie_id: int
) -> bytes:
    """Wrap a generation key under an environment key: nonce ‖ ciphertext ‖ tag."""
    return _verpak(kek, generatiesleutel, _wikkel_aad("generatie", generatie_id, organisatie_id))


def pak_generatie_uit(
    kek: bytes, verpakt: bytes, generatie_id: uuid.UUID, organisatie_id: int
) -> bytes:
    try:
        return _pak_uit(kek, verpakt, _wikkel_aad("generatie", generatie_id, organisatie_id))
    except InvalidTag as fout:
        raise OntsleutelFout(
            f"Generatiesleutel {generatie_id} laat zich niet uitpakken: verkeerde "
            "omgevingssleutel, of de verpakte sleutel is gewijzigd."
        ) from fout


def nieuwe_datasleutel() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def is_token(waarde: object) -> bool:
    return (
        isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL + ":") and waarde.count(":") == 2
    )


def sleutel_id_van(token: str) -> str:
    """The data key id (32 hex digits) a token was encrypted under."""
    return token.split(":", 2)[1]


def versleutel(datasleutel: bytes, sleutel_id: str, tekst: str) -> str:
    return versleutelaar(datasleutel, sleutel_id)(tekst)


def versleutelaar(datasleutel: bytes, sleutel_id: str, voorraad: int = 1) -> Callable[[str], str]:
    """``versleutel`` for many texts under one data key (bulk generation): the cipher object
    and the header are made once, and the random nonces are drawn ``voorraad`` at a time (one
    system call instead of one per text); every text still gets its own random nonce, never
    reused. The one place that builds a token."""
    kop = f"{VOORVOEGSEL}:{sleutel_id}"
    kop_bytes = kop.encode()
    voor = f"{kop}:"
    encrypt = AESGCM(datasleutel).encrypt
    # base64url without padding in three C calls (``urlsafe_b64encode`` is the same two plus
    # Python around them; a sixth of the generator's time per text went there).
    b64 = binascii.b2a_base64
    nonces: list[bytes] = []

    def versleutel_een(tekst: str) -> str:
        if not nonces:
            blok = os.urandom(NONCE_LENGTE * voorraad)
            nonces.extend(blok[i : i + NONCE_LENGTE] for i in range(0, len(blok), NONCE_LENGTE))
            nonces.reverse()
        nonce = nonces.pop()
        ruw = nonce + encrypt(nonce, tekst.encode(), kop_bytes)
        return voor + b64(ruw, newline=False).translate(_URLSAFE).rstrip(b"=").decode()

    return versleutel_een


def ontsleutel(datasleutel: bytes, token: str) -> str:
    kop, _sep, inhoud = token.rpartition(":")
    try:
        ruw = _b64_naar_bytes(inhoud)
        return (
            AESGCM(datasleutel)
            .decrypt(ruw[:NONCE_LENGTE], ruw[NONCE_LENGTE:], kop.encode())
            .decode()
        )
    except (InvalidTag, SleutelFout, ValueError) as fout:
        raise OntsleutelFout(
            "Een versleutelde waarde laat zich niet ontsleutelen: de opgeslagen waarde is "
            "gewijzigd "
            "of hoort bij een andere sleutel."
        ) from fout


def afgeleide_sleutel(geheim: bytes, doel: str) -> bytes:
    """A key for one purpose (``keten``, ``zoekindex``) from the HMAC secret (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=SLEUTELLENGTE,
        salt=b"meldwijzer",
        info=f"meldwijzer:{doel}".encode(),
    ).derive(geheim)


def hmac_hex(sleutel: bytes, bericht: bytes) -> str:
    return hmac.digest(sleutel, bericht, "sha256").hex()  # one call into OpenSSL


def hmac_hexer(sleutel: bytes) -> Callable[[bytes], str]:
    """``hmac_hex`` for many messages under one key (bulk generation): the keyed state is set
    up once and copied per message, which skips hashing the key pads every time."""
    basis = hmac.new(sleutel, digestmod=hashlib.sha256)

    def hmac_een(bericht: bytes) -> str:
        h = basis.copy()
        h.update(bericht)
        return h.hexdigest()

    return hmac_een
