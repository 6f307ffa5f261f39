"""Organisations with ordinary users, and the logins the bench uses.

Users are ordinary accounts (not demo accounts) with a password and a confirmed TOTP device, so
they log in under production settings; their credentials go to a file (mode 0600) for the bench.
"""

from __future__ import annotations

import base64
import json
import os
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password

from meldwijzer.audit import keten
from meldwijzer.audit.models import Ketenkop
from meldwijzer.synthetisch import teksten


@dataclass
class Org:
    id: int
    beroepskrachten: list[tuple[int, str]]  # (user id, weergavenaam)
    kenmerken: dict[int, int] = field(default_factory=dict)  # year -> counter
    kenmerk_start: int = 0  # beyond the counters of an earlier run
    gebeurtenis: list[Any] = field(default_factory=list)  # [volgnummer, hash]
    toegang: list[Any] = field(default_factory=list)


KENMERK_ALFABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def kenmerk(org: Org, jaar: int) -> str:
    """A unique kenmerk in the app's format: the counter through a bijection of 32**5."""
    n = org.kenmerken.get(jaar, org.kenmerk_start)
    org.kenmerken[jaar] = n + 1
    code = (n * 7_654_321 + 12_345) % 32**5
    tekens = []
    for _i in range(5):
        code, rest = divmod(code, 32)
        tekens.append(KENMERK_ALFABET[rest])
    return f"{jaar}-" + "".join(tekens)


def ketenkop(organisatie_id: int, naam: str) -> Iterator[Any]:
    """The head of an organisation's chain as it stands: (volgnummer, hash)."""
    kop = Ketenkop.objects.filter(organisatie_id=organisatie_id, keten=naam).first()
    if kop is None:
        return iter((0, keten.begin(organisatie_id, naam)))
    return iter((kop.volgnummer, kop.hash))


class Organisatiebouwer:
    """New organisations, each with an aandachtsfunctionaris, a beheerder, a privacy officer
    and beroepskrachten; every user with the one password and a confirmed TOTP device, their
    logins collected in ``credentials``."""

    def __init__(self, rnd: random.Random, wachtwoord: str) -> None:
        self.rnd = rnd
        self.wachtwoord = wachtwoord
        # One hash for all generated users (one password): hashing is slow on purpose.
        self.wachtwoord_hash = make_password(wachtwoord)
        self.credentials: list[dict[str, Any]] = []
        self.gebruikers = 0

    def nieuw(self, naam: str, beroepskrachten: int) -> Org:
        from meldwijzer.accounts.models import Membership, Organisatie, Rol

        organisatie = Organisatie.objects.create(naam=naam)
        rollen = [Rol.AANDACHTSFUNCTIONARIS, Rol.BEHEERDER, Rol.PRIVACY_OFFICER] + [
            Rol.BEROEPSKRACHT
        ] * beroepskrachten
        users = self._gebruikers(organisatie.pk, rollen)
        Membership.objects.bulk_create(
            [
                Membership(user=u, organisatie=organisatie, rol=r)
                for u, r in zip(users, rollen, strict=True)
            ]
        )
        self._tweestaps(organisatie.pk, users, rollen)
        self.gebruikers += len(users)
        return Org(
            organisatie.pk,
            [
                (u.pk, f"{u.first_name} {u.last_name}")
                for u, r in zip(users, rollen, strict=True)
                if r == Rol.BEROEPSKRACHT
            ],
            gebeurtenis=list(ketenkop(organisatie.pk, "gebeurtenissen")),
            toegang=list(ketenkop(organisatie.pk, "toegang")),
        )

    def _gebruikers(self, organisatie_id: int, rollen: list[Any]) -> list[Any]:
        from meldwijzer.accounts.models import User

        users = []
        for i, rol in enumerate(rollen):
            nummer = self.rnd.randrange(10**6)
            voornaam, achternaam = teksten.naam(nummer).split(" ", 1)
            users.append(
                User(
                    username=f"synth-o{organisatie_id}-{rol[:6]}-{i}",
                    first_name=voornaam,
                    last_name=achternaam,
                    password=self.wachtwoord_hash,
                    is_demo=False,
                )
            )
        gemaakt: list[Any] = User.objects.bulk_create(users)
        return gemaakt

    def _tweestaps(self, organisatie_id: int, users: list[Any], rollen: list[Any]) -> None:
        """A confirmed TOTP device per user, its secret with the login."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        apparaten = []
        for u, rol in zip(users, rollen, strict=True):
            sleutel = secrets.token_hex(20)
            apparaten.append(
                TOTPDevice(user=u, name="Authenticator-app", key=sleutel, confirmed=True)
            )
            self.credentials.append(
                {
                    "gebruikersnaam": u.username,
                    "wachtwoord": self.wachtwoord,
                    "totp_geheim": base64.b32encode(bytes.fromhex(sleutel)).decode(),
                    "organisatie": organisatie_id,
                    "rol": str(rol),
                    "user_id": u.pk,
                }
            )
        TOTPDevice.objects.bulk_create(apparaten)


def bestaande_organisatie(pk: int) -> Org:
    """More casussen for an organisation that exists, owned by its beroepskrachten."""
    from meldwijzer.accounts.models import Membership, Rol

    leden = Membership.objects.filter(
        organisatie_id=pk, rol=Rol.BEROEPSKRACHT, actief=True
    ).select_related("user")
    org = Org(
        pk,
        [(m.user_id, m.user.weergavenaam) for m in leden],
        gebeurtenis=list(ketenkop(pk, "gebeurtenissen")),
        toegang=list(ketenkop(pk, "toegang")),
    )
    from meldwijzer.dossier.models import Casus

    org.kenmerk_start = Casus.objects.filter(organisatie_id=pk).count()
    if not org.beroepskrachten:
        raise ValueError(f"Organisatie {pk} heeft geen beroepskrachten.")
    return org


def schrijf_credentials(pad: Path, rijen: list[dict[str, Any]], basis_url: str = "") -> None:
    """The generated users' logins (password and TOTP secret), readable by the owner only."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"formaat": "meldwijzer-synthetisch/1", "gebruikers": rijen}, f, indent=1)
