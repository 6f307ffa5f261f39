"""Throttles beyond the per-username lockout (docs/security.md § 2): guessing the old password on
Mijn account counts as failed logins and ends in the same lockout; password spraying — many
usernames from one address — is slowed per address, without locking any account and without
keeping out someone who logged in from this browser before."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.accounts.testing import meld_aan, totp_voor
from meldwijzer.accounts.tests.bouwers import WACHTWOORD
from meldwijzer.accounts.tests.test_inloggen import (
    CODE,
    soorten,
    volledig_inloggen,
    wachtwoord_stap,
)

pytestmark = pytest.mark.django_db

SOORT = Inloggebeurtenis.Soort
WIJZIGEN = reverse("web:wachtwoord_wijzigen")


def _wijzig(client: Client, oud: str):
    nieuw = "een heel nieuw en lang wachtwoord voor bea"
    return client.post(
        WIJZIGEN, {"old_password": oud, "new_password1": nieuw, "new_password2": nieuw}
    )


def test_oude_wachtwoord_raden_eindigt_in_blokkade(beroepskracht, settings):
    client = meld_aan(Client(), beroepskracht.user)
    antwoorden = [_wijzig(client, f"geraden-{i}") for i in range(7)]
    codes = [a.status_code for a in antwoorden]
    assert 429 in codes, codes
    assert codes.index(429) == settings.AXES_FAILURE_LIMIT - 1
    assert "Tijdelijk geblokkeerd" in antwoorden[codes.index(429)].content.decode()
    # The session of the guesser ended, and the right password is refused everywhere now.
    assert client.get(reverse("web:account")).status_code == 302
    assert wachtwoord_stap(Client(), "bea").status_code == 429
    gebeurtenissen = soorten(beroepskracht.user)
    assert SOORT.GEBLOKKEERD in gebeurtenissen
    assert gebeurtenissen.count(SOORT.WACHTWOORD_FOUT) >= settings.AXES_FAILURE_LIMIT
    beroepskracht.user.refresh_from_db()
    assert beroepskracht.user.check_password(WACHTWOORD)  # nothing was changed


def test_met_het_juiste_oude_wachtwoord_lukt_wijzigen_nog(beroepskracht):
    client = meld_aan(Client(), beroepskracht.user)
    assert _wijzig(client, "een keer fout").status_code == 200
    assert _wijzig(client, WACHTWOORD).status_code == 302


def _sproeien(client: Client, aantal: int, wachtwoord: str = "Zomer2026!") -> list[int]:
    return [
        wachtwoord_stap(client, f"naam-{i}", wachtwoord, **{}).status_code for i in range(aantal)
    ]


def test_sproeien_vanaf_een_adres_wordt_afgeremd(maak_lid, settings):
    settings.MELDWIJZER_INLOGADRES_LIMIET = 10
    lid = maak_lid()
    totp_voor(lid.user)
    aanvaller = Client(REMOTE_ADDR="203.0.113.7")
    codes = _sproeien(aanvaller, 12)
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429], codes
    geremd = wachtwoord_stap(aanvaller, lid.user.username)
    assert geremd.status_code == 429
    assert "vanaf dit netwerkadres" in geremd.content.decode()
    # The password was not even checked: no failure counted against the account.
    assert SOORT.WACHTWOORD_FOUT not in soorten(lid.user)


def test_de_adresrem_sluit_niemand_buiten(maak_lid, settings):
    """The same accounts log in from another address; no account is locked; and from the
    slowed address itself, a browser that logged in before still gets through."""
    settings.MELDWIJZER_INLOGADRES_LIMIET = 5
    lid = maak_lid()
    totp_voor(lid.user)
    eerder = Client(REMOTE_ADDR="198.51.100.4")
    assert volledig_inloggen(eerder, lid.user).status_code == 302
    eerder.post(reverse("web:uitloggen"))
    # Spraying from the address of the school's network, including the real username.
    aanvaller = Client(REMOTE_ADDR="198.51.100.4")
    _sproeien(aanvaller, 5)
    assert wachtwoord_stap(aanvaller, lid.user.username, "fout").status_code == 429
    # Elsewhere: fine.
    assert wachtwoord_stap(Client(REMOTE_ADDR="192.0.2.9"), lid.user.username).url == CODE
    # The colleague's own browser on the same network: fine (it logged in here before).
    assert wachtwoord_stap(eerder, lid.user.username).url == CODE


def test_de_adresrem_verloopt(maak_lid, settings):
    settings.MELDWIJZER_INLOGADRES_LIMIET = 3
    lid = maak_lid()
    totp_voor(lid.user)
    aanvaller = Client(REMOTE_ADDR="203.0.113.8")
    _sproeien(aanvaller, 4)
    assert wachtwoord_stap(aanvaller, lid.user.username).status_code == 429
    # The window slides: the failures leave it within one window and a tenth (gedeeld.teller).
    later = time.time() + settings.MELDWIJZER_INLOGADRES_VENSTER * 1.1 + 5
    with time_machine.travel(later):
        assert wachtwoord_stap(aanvaller, lid.user.username).url == CODE
