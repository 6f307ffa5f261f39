"""The per-address limit (accounts.adresrem) where the first tests leave off: the client address
behind a reverse proxy, the second step and the password change counting like the login, the
time left in the message, and a correct password change lifting the lockout count."""

from __future__ import annotations

import math
import time

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from meldwijzer.accounts import adresrem
from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.accounts.testing import huidige_code, meld_aan, totp_voor
from meldwijzer.accounts.tests.bouwers import WACHTWOORD
from meldwijzer.accounts.tests.test_inloggen import CODE, INSTELLEN, soorten, wachtwoord_stap
from meldwijzer.accounts.tweestaps import code_voor, geheim, totp_apparaat

pytestmark = pytest.mark.django_db

SOORT = Inloggebeurtenis.Soort
WIJZIGEN = reverse("web:wachtwoord_wijzigen")
NIEUW = "een heel nieuw en lang wachtwoord voor bea"


def _sproei(client: Client, aantal: int) -> list[int]:
    return [wachtwoord_stap(client, f"naam-{i}", "Zomer2026!").status_code for i in range(aantal)]


def _achter_nginx(doorgegeven: str) -> Client:
    """A browser behind nginx on gunicorn's Unix socket: REMOTE_ADDR is empty there, the
    client's address is what nginx appended to X-Forwarded-For."""
    return Client(REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=doorgegeven)


def test_achter_een_proxy_telt_het_doorgegeven_adres(maak_lid, settings):
    settings.MELDWIJZER_INLOGADRES_LIMIET = 3
    settings.MELDWIJZER_PROXY_AANTAL = 1
    lid = maak_lid()
    totp_voor(lid.user)
    aanvaller = _achter_nginx("203.0.113.7")
    assert _sproei(aanvaller, 4) == [200, 200, 200, 429]
    # A forged address in front of the one nginx appended changes nothing.
    vervalst = _achter_nginx("192.0.2.50, 203.0.113.7")
    assert wachtwoord_stap(vervalst, lid.user.username).status_code == 429
    # Another address behind the same proxy is not slowed, and no account counted a failure.
    assert wachtwoord_stap(_achter_nginx("192.0.2.9"), lid.user.username).url == CODE
    assert not AccessAttempt.objects.filter(failures_since_start__gte=2).exists()


@pytest.mark.parametrize(
    ("proxies", "meta"),
    [
        (0, {"REMOTE_ADDR": ""}),  # behind a proxy that was not configured: no address
        (1, {"REMOTE_ADDR": "127.0.0.1"}),  # configured, but this request skipped the proxy
        (2, {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}),  # fewer hops than set
        (1, {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "geen-adres"}),
    ],
    ids=["geen-adres", "geen-kop", "te-weinig-hops", "onleesbaar"],
)
def test_zonder_bekend_adres_geen_gedeelde_teller(maak_lid, settings, proxies, meta):
    """Never one bucket for every unknown address: that would let anyone slow everyone."""
    settings.MELDWIJZER_INLOGADRES_LIMIET = 2
    settings.MELDWIJZER_PROXY_AANTAL = proxies
    lid = maak_lid()
    totp_voor(lid.user)
    _sproei(Client(**meta), 5)
    assert wachtwoord_stap(Client(**meta), lid.user.username).url == CODE


def test_adres_van_het_verzoek(rf, settings):
    settings.MELDWIJZER_PROXY_AANTAL = 2
    verzoek = rf.get("/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1, 10.0.0.2")
    assert adresrem.klantadres(verzoek) == "198.51.100.1"
    settings.MELDWIJZER_PROXY_AANTAL = 0
    assert adresrem.klantadres(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.1")) == "192.0.2.1"
    assert adresrem.klantadres(rf.get("/", REMOTE_ADDR="2001:db8::1")) == "2001:db8::1"


def test_foute_codes_tellen_per_adres_en_de_tweede_stap_wordt_ook_geremd(maak_lid, settings):
    """Failed codes count in the lockout (django-axes), so per address too; above the limit the
    second step from that address is refused without checking the code."""
    settings.MELDWIJZER_INLOGADRES_LIMIET = 3
    lid = maak_lid()
    totp_voor(lid.user)
    client = Client(REMOTE_ADDR="203.0.113.20")
    assert wachtwoord_stap(client, lid.user.username).url == CODE
    for _poging in range(3):
        assert client.post(CODE, {"code": "000000"}).status_code == 200
    geremd = client.post(CODE, {"code": huidige_code(lid.user)})
    assert geremd.status_code == 429
    assert "vanaf dit netwerkadres" in geremd.content.decode()
    assert client.get(reverse("web:account")).status_code == 302  # not logged in
    assert AccessAttempt.objects.get(username=lid.user.username).failures_since_start == 3
    assert SOORT.ADRES_GEREMD in soorten(lid.user)
    # From elsewhere the same account logs in.
    elders = Client(REMOTE_ADDR="192.0.2.30")
    assert wachtwoord_stap(elders, lid.user.username).url == CODE


def test_ook_het_instellen_van_de_app_wordt_geremd(maak_lid, settings):
    """The first login (after a password, or after SSO without a second factor) sets up the app:
    its wrong codes count per address as well, and above the limit no code is checked."""
    settings.MELDWIJZER_INLOGADRES_LIMIET = 2
    lid = maak_lid()
    client = Client(REMOTE_ADDR="203.0.113.30")
    assert wachtwoord_stap(client, lid.user.username).url == INSTELLEN
    client.get(INSTELLEN)
    for _poging in range(2):
        assert client.post(INSTELLEN, {"code": "000000"}).status_code == 200
    juist = code_voor(geheim(totp_apparaat(lid.user, bevestigd=False)))
    geremd = client.post(INSTELLEN, {"code": juist})
    assert geremd.status_code == 429 and "vanaf dit netwerkadres" in geremd.content.decode()
    assert totp_apparaat(lid.user) is None  # nothing confirmed
    event = Inloggebeurtenis.objects.get(soort=SOORT.ADRES_GEREMD)
    assert event.gebruiker == lid.user and event.details == {"stap": "instellen"}


def test_fout_oud_wachtwoord_telt_ook_per_adres(beroepskracht, maak_lid, settings):
    settings.MELDWIJZER_INLOGADRES_LIMIET = 2
    ander = maak_lid()
    totp_voor(ander.user)
    sessie = meld_aan(Client(REMOTE_ADDR="203.0.113.40"), beroepskracht.user)
    for i in range(2):
        sessie.post(
            WIJZIGEN, {"old_password": f"gok-{i}", "new_password1": NIEUW, "new_password2": NIEUW}
        )
    vanaf_daar = Client(REMOTE_ADDR="203.0.113.40")
    assert wachtwoord_stap(vanaf_daar, ander.user.username).status_code == 429


def test_juiste_wijziging_heft_de_telling_op(beroepskracht, settings):
    """Like a successful login (AXES_RESET_ON_SUCCESS): the right current password proves as
    much, so the earlier failures of this username no longer count towards a lockout."""
    sessie = meld_aan(Client(), beroepskracht.user)
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        sessie.post(
            WIJZIGEN, {"old_password": f"gok-{i}", "new_password1": NIEUW, "new_password2": NIEUW}
        )
    assert AccessAttempt.objects.filter(username="bea").exists()
    antwoord = sessie.post(
        WIJZIGEN, {"old_password": WACHTWOORD, "new_password1": NIEUW, "new_password2": NIEUW}
    )
    assert antwoord.status_code == 302
    assert not AccessAttempt.objects.filter(username="bea").exists()
    # One more slip of the new password does not lock the account.
    assert wachtwoord_stap(Client(), "bea", "verkeerd").status_code == 200
    assert wachtwoord_stap(Client(), "bea", NIEUW).url == CODE


def test_de_melding_noemt_de_resterende_minuten(maak_lid, settings):
    settings.MELDWIJZER_INLOGADRES_LIMIET = 2
    settings.MELDWIJZER_INLOGADRES_VENSTER = 15 * 60
    lid = maak_lid()
    totp_voor(lid.user)
    # At the start of one of the window's ten parts (90 s), so the wait is exact: the failures
    # leave the sliding window 990 s after that start (gedeeld.teller).
    begin = math.floor(time.time() / 90) * 90
    with time_machine.travel(begin, tick=False):
        _sproei(Client(REMOTE_ADDR="203.0.113.50"), 2)
    with time_machine.travel(begin + 10 * 60 + 5, tick=False):
        geremd = wachtwoord_stap(Client(REMOTE_ADDR="203.0.113.50"), lid.user.username)
    assert geremd.status_code == 429
    assert "over 7 minuten" in geremd.content.decode()
    assert int(geremd.headers["Retry-After"]) == 385
