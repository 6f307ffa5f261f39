"""A file encrypted with a passphrase: for data that leaves Meldwijzer (a casus transferred to
another organisation, dossier.services.transfer).

The content is encrypted with AES-256-GCM under a key derived from the passphrase with scrypt
(salt and cost in the file). The readable header (format, kdf parameters, nonce, and what the
sender chose to show) is the GCM's associated data: changing one byte of header or content
makes the file unreadable, just as a wrong passphrase does. The passphrase goes to the receiver
by another channel than the file (docs/handleiding-casus.md).
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from meldwijzer import json_diepte

FORMAAT = "meldwijzer-versleuteld/1"
# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB of memory per attempt (about 0.1 s here).
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MINIMALE_LENGTE = 12
MAXIMALE_GROOTTE = 50 * 1024 * 1024  # bytes: a casus is far smaller


class BestandFout(ValueError):
    """The file cannot be read: not this format, tampered with, or the wrong passphrase."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _uit_b64(tekst: Any) -> bytes:
    if not isinstance(tekst, str):
        raise BestandFout("geen base64")
    try:
        return base64.b64decode(tekst, validate=True)
    except ValueError as fout:
        raise BestandFout("geen base64") from fout


def _sleutel(wachtwoord: str, zout: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=zout, length=32, n=n, r=r, p=p).derive(wachtwoord.encode("utf-8"))


def _aad(kop: dict[str, Any]) -> bytes:
    return json.dumps(kop, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def versleutel(inhoud: bytes, wachtwoord: str, *, openbaar: dict[str, Any]) -> bytes:
    """The file: a JSON object with a readable header and the encrypted content."""
    zout = os.urandom(16)
    nonce = os.urandom(12)
    kop = {
        "formaat": FORMAAT,
        "kdf": {"naam": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "zout": _b64(zout)},
        "versleuteling": {"naam": "AES-256-GCM", "nonce": _b64(nonce)},
        "openbaar": openbaar,
    }
    sleutel = _sleutel(wachtwoord, zout, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    geheim = AESGCM(sleutel).encrypt(nonce, inhoud, _aad(kop))
    return json.dumps({**kop, "inhoud": _b64(geheim)}, ensure_ascii=False, indent=1).encode()


def ontsleutel(bestand: bytes, wachtwoord: str) -> tuple[dict[str, Any], bytes]:
    """The header and the plain content; ``BestandFout`` for anything else."""
    if len(bestand) > MAXIMALE_GROOTTE:
        raise BestandFout("te groot")
    try:
        geheel = json_diepte.lees(bestand)
    except ValueError as fout:  # not UTF-8, not JSON, or nested deeper than any file we write
        raise BestandFout("geen JSON") from fout
    if not isinstance(geheel, dict) or geheel.get("formaat") != FORMAAT:
        raise BestandFout("onbekend formaat")
    kop = {k: v for k, v in geheel.items() if k != "inhoud"}
    kdf = kop.get("kdf")
    versleuteling = kop.get("versleuteling")
    if not isinstance(kdf, dict) or not isinstance(versleuteling, dict):
        raise BestandFout("onvolledige kop")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    # Bounds, so a crafted file cannot make the server spend gigabytes on the key derivation.
    if (
        kdf.get("naam") != "scrypt"
        or not isinstance(n, int)
        or not isinstance(r, int)
        or not isinstance(p, int)
        or not (2**14 <= n <= 2**17 and 1 <= r <= 16 and 1 <= p <= 4)
        or versleuteling.get("naam") != "AES-256-GCM"
    ):
        raise BestandFout("onbekende versleuteling")
    sleutel = _sleutel(wachtwoord, _uit_b64(kdf.get("zout")), n, r, p)
    try:
        inhoud = AESGCM(sleutel).decrypt(
            _uit_b64(versleuteling.get("nonce")), _uit_b64(geheel.get("inhoud")), _aad(kop)
        )
    except (InvalidTag, ValueError) as fout:
        raise BestandFout("wachtwoord onjuist of bestand gewijzigd") from fout
    return kop, inhoud
