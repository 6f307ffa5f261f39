"""The session and its user are read by fixed statements (accounts.sessies, the backend's
get_user): the same reads as Django's, so an expired session, an unknown key, an inactive or a
removed account still give no user, at the next request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from meldwijzer.accounts.backends import MeldwijzerBackend
from meldwijzer.accounts.sessies import SessionStore

pytestmark = pytest.mark.django_db


def test_de_sessie_engine_is_de_vaste_lezing():
    assert django_settings.SESSION_ENGINE == "meldwijzer.accounts.sessies"


def test_geldige_sessie_gelezen_verlopen_en_onbekende_niet():
    store = SessionStore()
    store["sleutel"] = "waarde"
    store.save()
    sleutel = store.session_key
    assert SessionStore(sleutel).load() == {"sleutel": "waarde"}

    Session.objects.filter(session_key=sleutel).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    verlopen = SessionStore(sleutel)
    assert verlopen.load() == {}
    assert verlopen.session_key is None  # dropped, as Django does

    onbekend = SessionStore("x" * 32)
    assert onbekend.load() == {}
    assert onbekend.session_key is None
    vreemd = SessionStore("'; DROP TABLE django_session; --")
    assert vreemd.load() == {}
    assert Session.objects.filter(session_key=sleutel).exists()


def test_get_user_zoals_django(beroepskracht):
    backend = MeldwijzerBackend()
    user = beroepskracht.user
    gevonden = backend.get_user(user.pk)
    assert gevonden == user
    assert gevonden.password == user.password  # the whole row: the session hash is checked
    assert gevonden.get_session_auth_hash() == user.get_session_auth_hash()
    assert backend.get_user(str(user.pk)) == user
    assert backend.get_user("geen getal") is None
    assert backend.get_user(None) is None
    assert backend.get_user(10**9) is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert backend.get_user(user.pk) is None  # refused, as ModelBackend refuses it


def test_verlopen_sessie_geeft_geen_toegang_meer(beroepskracht, client_van):
    client = client_van(beroepskracht)
    assert client.get("/casussen/", secure=True).status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    antwoord = client.get("/casussen/", secure=True)
    assert antwoord.status_code == 302


def test_django_leest_de_sessie_nog_via_de_vervangen_methode(monkeypatch):
    """accounts.sessies replaces Django's _get_session_from_db (ADR 0031): if a Django update
    renamed it, the session would silently be read by the ORM again."""
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore

    assert "_get_session_from_db" in vars(DjangoStore)
    gelezen = []
    origineel = SessionStore._get_session_from_db
    monkeypatch.setattr(
        SessionStore,
        "_get_session_from_db",
        lambda self: gelezen.append(self.session_key) or origineel(self),
    )
    store = SessionStore()
    store["a"] = 1
    store.save()
    assert SessionStore(store.session_key).load() == {"a": 1}
    assert gelezen == [store.session_key]
