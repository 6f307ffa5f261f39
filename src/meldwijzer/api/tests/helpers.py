"""Applications and tokens for the API tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Rol, User
from meldwijzer.applicaties.services import registreer_applicatie

ALLE = ("casus:lezen", "casus:schrijven", "kader:lezen")


def beheerder_van(lid: Membership) -> Membership:
    bestaand = Membership.objects.filter(organisatie=lid.organisatie, rol=Rol.BEHEERDER).first()
    if bestaand is not None:
        return bestaand
    user = User.objects.create_user(f"beheer-{lid.organisatie_id}-{User.objects.count()}")
    return Membership.objects.create(user=user, organisatie=lid.organisatie, rol=Rol.BEHEERDER)


def token_voor(lid: Membership, scopes: tuple[str, ...] = ALLE, naam: str = "Test-ECD") -> str:
    _app, token = registreer_applicatie(
        actor=beheerder_van(lid),
        naam=naam,
        scopes=scopes,
        namens=lid,
        verloopt_op=timezone.localdate() + dt.timedelta(days=30),
    )
    return token


class Api:
    """A test client that sends the token (and JSON) with every call."""

    def __init__(self, token: str | None) -> None:
        self.client = Client(REMOTE_ADDR="192.0.2.7")
        self.token = token

    def _kop(self, versie: Any = None) -> dict[str, str]:
        kop = {}
        if self.token:
            kop["Authorization"] = f"Bearer {self.token}"
        if versie is not None:
            kop["If-Match"] = f'"{versie}"'
        return kop

    def get(self, pad: str, **params: Any) -> Any:
        return self.client.get(pad, params, headers=self._kop())

    def post(self, pad: str, data: Any, versie: Any = None) -> Any:
        return self.client.post(
            pad, data, content_type="application/json", headers=self._kop(versie)
        )
