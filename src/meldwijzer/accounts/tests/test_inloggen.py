"""Logging in: two factors for every role, set up at first login, recovery codes, lockout,
session fixation, open redirects, Argon2 and passphrases. Each test attacks one rule."""

from __future__ import annotations

import re
import time
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldwijzer.accounts.models import Herstelcode, Inloggebeurtenis, Rol, User
from meldwijzer.accounts.testing import huidige_code, totp_voor
from meldwijzer.accounts.tests.bouwers import WACHTWOORD
from meldwijzer.accounts.tweestaps import code_voor, geheim, totp_apparaat, vernieuw_herstelcodes
from meldwijzer.conf import base

pytestmark = pytest.mark.django_db

INLOGGEN = reverse("web:inloggen")
CODE = reverse("web:inloggen_code")
INSTELLEN = reverse("web:tweestaps_instellen")
SOORT = Inloggebeurtenis.Soort


def wachtwoord_stap(client: Client, naam: str, wachtwoord: str = WACHTWOORD, **extra: str):
    return client.post(INLOGGEN, {"username": naam, "password": wachtwoord, **extra})


def volledig_inloggen(client: Client, user: User, **extra: str):
    code = huidige_code(user)
    wachtwoord_stap(client, user.username, **extra)
    return client.post(CODE, {"code": code})


def soorten(user: User | None = None) -> list[str]:
    rijen = Inloggebeurtenis.objects.all()
    if user is not None:
        rijen = rijen.filter(gebruiker=user)
    return list(rijen.values_list("soort", flat=True))


@pytest.mark.parametrize("rol", list(Rol))
def test_elke_rol_moet_de_tweede_stap_doen(maak_lid, organisatie, rol):
    lid = maak_lid(rol, organisatie)
    totp_voor(lid.user)
    client = Client()
    antwoord = wachtwoord_stap(client, lid.user.username)
    assert antwoord.url == CODE
    # After the password only, nobody is logged in: every page sends back to the login.
    for pad in ["/", reverse("web:casussen"), reverse("web:account"), reverse("web:logboek")]:
        assert client.get(pad).url.startswith(INLOGGEN), pad
    assert client.post(CODE, {"code": huidige_code(lid.user)}).status_code == 302
    assert client.get("/").status_code in (200, 302)
    assert client.get(reverse("web:account")).status_code == 200
    assert SOORT.INGELOGD in soorten(lid.user)


def test_zonder_tweede_factor_geen_casuspagina(beroepskracht, casus):
    """Authenticated by password alone (a bug, or a forged half-login) reaches no casus page:
    the session is ended and the login asked again."""
    client = Client()
    client.force_login(beroepskracht.user)  # the first factor only: no device in the session
    for pad in [reverse("web:casussen"), reverse("web:casus", args=[casus.uuid])]:
        antwoord = client.get(pad)
        assert antwoord.status_code == 302 and antwoord.url.startswith(INLOGGEN)
        assert casus.titel.encode() not in antwoord.content
    # Another user's device id in the session does not count either.
    ander = User.objects.create_user("ander", password=WACHTWOORD)
    client.force_login(beroepskracht.user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = totp_voor(ander).persistent_id
    sessie.save()
    assert client.get(reverse("web:casus", args=[casus.uuid])).url.startswith(INLOGGEN)


def test_eerste_login_stelt_de_app_in_en_geeft_herstelcodes(beroepskracht):
    client = Client()
    assert wachtwoord_stap(client, "bea").url == INSTELLEN
    assert client.get(CODE).url == INSTELLEN  # no code page before an app exists
    pagina = client.get(INSTELLEN)
    tekst = pagina.content.decode()
    assert "<svg" in tekst and "<script" not in tekst
    apparaat = totp_apparaat(beroepskracht.user, bevestigd=False)
    assert apparaat is not None
    sleutel = re.search(r'<code class="geheim">([A-Z2-7 ]+)</code>', tekst).group(1)
    assert sleutel.replace(" ", "") == geheim(apparaat)
    # A wrong code does not confirm the app.
    fout = client.post(INSTELLEN, {"code": "000000"})
    assert "Deze code klopt niet" in fout.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    with time_machine.travel(time.time() + 90, tick=False):  # past django-otp's back-off
        klaar = client.post(INSTELLEN, {"code": code_voor(sleutel)})
        codes = re.findall(r"<code>([a-z0-9-]{19})</code>", klaar.content.decode())
        assert len(codes) == 10
        assert client.get(reverse("web:account")).status_code == 200
    assert TOTPDevice.objects.get(user=beroepskracht.user).confirmed
    assert SOORT.TWEESTAPS_INGESTELD in soorten(beroepskracht.user)
    # Stored as salted hashes only.
    opgeslagen = list(Herstelcode.objects.values_list("hash", flat=True))
    assert not any(c.replace("-", "") in h for c in codes for h in opgeslagen)


def test_instellen_kan_niet_meer_als_de_app_al_bestaat(beroepskracht):
    """Someone with the password cannot replace the app of an account that has one."""
    totp_voor(beroepskracht.user)
    client = Client()
    wachtwoord_stap(client, "bea")
    assert client.get(INSTELLEN).url == CODE
    assert client.post(INSTELLEN, {"code": "123456"}).url == CODE
    assert TOTPDevice.objects.filter(user=beroepskracht.user).count() == 1


def test_een_totp_code_werkt_maar_een_keer(beroepskracht):
    moment = time.time()
    with time_machine.travel(moment, tick=False):
        code = huidige_code(beroepskracht.user)
        eerste = Client()
        wachtwoord_stap(eerste, "bea")
        assert eerste.post(CODE, {"code": code}).status_code == 302
        # The same code again (seen over a shoulder, replayed) within its 30 seconds: refused.
        tweede = Client()
        wachtwoord_stap(tweede, "bea")
        antwoord = tweede.post(CODE, {"code": code})
        assert antwoord.status_code == 200
        assert "Deze code klopt niet, of is al gebruikt" in antwoord.content.decode()
        assert tweede.get(reverse("web:casussen")).url.startswith(INLOGGEN)
    assert SOORT.CODE_FOUT in soorten(beroepskracht.user)


def test_herstelcode_werkt_een_keer(beroepskracht):
    totp_voor(beroepskracht.user)
    codes = vernieuw_herstelcodes(beroepskracht.user)
    client = Client()
    wachtwoord_stap(client, "bea")
    assert client.post(CODE, {"code": codes[0].upper().replace("-", " ")}).status_code == 302
    assert client.get(reverse("web:casussen")).status_code == 200
    assert SOORT.HERSTELCODE_GEBRUIKT in soorten(beroepskracht.user)
    with time_machine.travel(time.time() + 90, tick=False):
        opnieuw = Client()
        wachtwoord_stap(opnieuw, "bea")
        antwoord = opnieuw.post(CODE, {"code": codes[0]})
        assert "Deze code klopt niet" in antwoord.content.decode()
        assert opnieuw.get(reverse("web:casussen")).url.startswith(INLOGGEN)
    with time_machine.travel(time.time() + 300, tick=False):
        assert opnieuw.post(CODE, {"code": codes[1]}).status_code == 302
    assert Herstelcode.objects.filter(gebruikt_op__isnull=False).count() == 2


def test_nieuwe_herstelcodes_maken_oude_ongeldig(beroepskracht, client_van):
    client = client_van(beroepskracht)
    oud = vernieuw_herstelcodes(beroepskracht.user)
    antwoord = client.post(
        reverse("web:herstelcodes_vernieuwen"), {"code": huidige_code(beroepskracht.user)}
    )
    nieuw = re.findall(r"<code>([a-z0-9-]{19})</code>", antwoord.content.decode())
    assert len(nieuw) == 10 and not set(nieuw) & set(oud)
    assert Herstelcode.objects.count() == 10
    # A recovery code cannot make new recovery codes: it needs the app.
    voor = set(Herstelcode.objects.values_list("hash", flat=True))
    fout = client.post(reverse("web:herstelcodes_vernieuwen"), {"code": nieuw[0]})
    assert fout.status_code == 200 and "<code>" not in fout.content.decode()
    assert set(Herstelcode.objects.values_list("hash", flat=True)) == voor


def test_tweede_stap_verloopt(beroepskracht, settings):
    totp_voor(beroepskracht.user)
    client = Client()
    wachtwoord_stap(client, "bea")
    later = time.time() + settings.MELDWIJZER_TWEESTAPS_GELDIG + 1
    with time_machine.travel(later, tick=False):
        assert client.post(CODE, {"code": huidige_code(beroepskracht.user)}).url == INLOGGEN
        assert client.get(reverse("web:casussen")).url.startswith(INLOGGEN)


def test_brute_force_op_het_wachtwoord_eindigt_in_blokkade(beroepskracht, settings):
    totp_voor(beroepskracht.user)
    client = Client()
    for _poging in range(settings.AXES_FAILURE_LIMIT - 1):
        assert wachtwoord_stap(client, "bea", "fout-wachtwoord").status_code == 200
    laatste = wachtwoord_stap(client, "bea", "fout-wachtwoord")
    assert laatste.status_code == 429
    assert "Tijdelijk geblokkeerd" in laatste.content.decode()
    # Now even the right password is refused, from any client.
    goed = wachtwoord_stap(Client(), "bea")
    assert goed.status_code == 429
    assert "meldwijzer_tweede_stap" not in goed.client.session
    assert SOORT.GEBLOKKEERD in soorten(beroepskracht.user)
    assert soorten(beroepskracht.user).count(SOORT.WACHTWOORD_FOUT) >= settings.AXES_FAILURE_LIMIT
    # After the cool-off the right password works again.
    with time_machine.travel(time.time() + settings.AXES_COOLOFF_TIME.total_seconds() + 60):
        assert wachtwoord_stap(Client(), "bea").url == CODE


def test_brute_force_op_de_code_eindigt_in_blokkade(beroepskracht, settings):
    """Wrong codes count towards the same lockout: the password alone cannot be used to guess
    the six digits."""
    totp_voor(beroepskracht.user)
    client = Client()
    wachtwoord_stap(client, "bea")
    moment = time.time()
    for poging in range(settings.AXES_FAILURE_LIMIT):
        # 20 s apart: past django-otp's own back-off (1, 2, 4, 8 s), within axes' cool-off.
        with time_machine.travel(moment + 20 * poging, tick=False):
            antwoord = client.post(CODE, {"code": "000000"})
    assert antwoord.status_code == 429
    assert "Tijdelijk geblokkeerd" in antwoord.content.decode()
    assert client.post(CODE, {"code": huidige_code(beroepskracht.user)}).url == INLOGGEN
    assert wachtwoord_stap(Client(), "bea").status_code == 429
    assert SOORT.GEBLOKKEERD in soorten(beroepskracht.user)


def test_blokkade_van_een_onbekende_naam_wordt_ook_vastgelegd(settings):
    for _poging in range(settings.AXES_FAILURE_LIMIT):
        wachtwoord_stap(Client(), "bestaat-niet", "fout")
    assert Inloggebeurtenis.objects.filter(
        soort=SOORT.GEBLOKKEERD, gebruikersnaam="bestaat-niet", gebruiker=None
    ).exists()
    assert AccessAttempt.objects.filter(username="bestaat-niet").exists()


def test_sessiefixatie_faalt(beroepskracht):
    """A session id planted before login (e.g. via a shared computer) is worthless after it."""
    totp_voor(beroepskracht.user)
    client = Client()
    client.get(INLOGGEN)
    geplant = SessionStore()
    geplant["iets"] = "van de aanvaller"
    geplant.save()
    client.cookies["sessionid"] = geplant.session_key
    wachtwoord_stap(client, "bea")
    na_wachtwoord = client.cookies["sessionid"].value
    assert na_wachtwoord != geplant.session_key
    client.post(CODE, {"code": huidige_code(beroepskracht.user)})
    na_code = client.cookies["sessionid"].value
    assert na_code not in (geplant.session_key, na_wachtwoord)
    assert client.get(reverse("web:casussen")).status_code == 200
    # The attacker's planted id is not logged in.
    aanvaller = Client()
    aanvaller.cookies["sessionid"] = geplant.session_key
    assert aanvaller.get(reverse("web:casussen")).url.startswith(INLOGGEN)
    assert not SessionStore().exists(geplant.session_key)


@pytest.mark.parametrize(
    "vervolg",
    [
        "https://aanvaller.example/",
        "//aanvaller.example/",
        "/\\aanvaller.example/",
        "http:/aanvaller.example",
        "javascript:alert(1)",
        "https://testserver.aanvaller.example/",
    ],
)
def test_geen_open_redirect_na_inloggen(beroepskracht, vervolg):
    client = Client()
    antwoord = volledig_inloggen(client, beroepskracht.user, next=vervolg)
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("web:start")


def test_next_binnen_de_site_wordt_gevolgd(beroepskracht, casus):
    pad = reverse("web:casus", args=[casus.uuid])
    client = Client()
    naar_login = client.get(pad)
    assert naar_login.url.startswith(INLOGGEN) and "next=" in naar_login.url
    assert volledig_inloggen(client, beroepskracht.user, next=pad).url == pad


def test_argon2_in_de_echte_instellingen():
    assert base.PASSWORD_HASHERS[0] == "meldwijzer.accounts.hashers.Argon2idHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = User.objects.create_user("argon", password="een zin van vier woorden")
        assert identify_hasher(user.password).algorithm == "argon2"
        # 19 MiB, 10 passes, 4 lanes (docs/adr/0030)
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=10,p=4$")
        assert user.check_password("een zin van vier woorden")


def test_hash_met_djangos_argon2_parameters_werkt_en_wordt_omgezet():
    """Hashes made with Django's own Argon2 parameters (100 MiB) keep working and are rehashed
    with ours at the next login."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        user = User.objects.create_user("argon", password="een zin van vier woorden")
    assert user.password.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert user.check_password("een zin van vier woorden")
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=10,p=4$")
        assert not user.check_password("een andere zin van vier woorden")


def test_hash_met_de_parameters_van_rfc_9106_wordt_omgezet():
    """Hashes made before ADR 0030 (RFC 9106's 64 MiB, 3 passes, 4 lanes) keep working and are
    rehashed with 19 MiB and 10 passes at the next login."""
    from argon2 import PasswordHasher
    from argon2.profiles import RFC_9106_LOW_MEMORY

    zin = "een zin van vier woorden"
    user = User.objects.create_user("argon")
    user.password = "argon2" + PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY).hash(zin)
    user.save(update_fields=["password"])
    assert user.password.startswith("argon2$argon2id$v=19$m=65536,t=3,p=4$")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert user.check_password(zin)
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=10,p=4$")
        assert user.check_password(zin)


def test_oude_pbkdf2_hash_wordt_bij_inloggen_argon2():
    with override_settings(PASSWORD_HASHERS=list(reversed(base.PASSWORD_HASHERS))):
        user = User.objects.create_user("oud", password="een zin van vier woorden")
    assert user.password.startswith("pbkdf2_sha256$")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert user.check_password("een zin van vier woorden")
        user.refresh_from_db()
        assert user.password.startswith("argon2$")


def test_lange_wachtzin_mag_en_werkt(beroepskracht, client_van):
    zin = "de kat van de buren slaapt elke middag op ons warme dak in de zon " * 3
    assert len(zin) > 64
    validate_password(zin)  # no maximum length, no composition rules
    client = client_van(beroepskracht)
    antwoord = client.post(
        reverse("web:wachtwoord_wijzigen"),
        {"old_password": WACHTWOORD, "new_password1": zin, "new_password2": zin},
    )
    assert antwoord.url == reverse("web:account")
    # The current session continues; logging in anew works with the passphrase.
    assert client.get(reverse("web:casussen")).status_code == 200
    nieuw = Client()
    with time_machine.travel(time.time() + 60, tick=False):
        code = huidige_code(beroepskracht.user)
        nieuw.post(INLOGGEN, {"username": "bea", "password": zin})
        assert nieuw.post(CODE, {"code": code}).status_code == 302
    assert SOORT.WACHTWOORD_GEWIJZIGD in soorten(beroepskracht.user)


@pytest.mark.parametrize("zwak", ["password1234", "123456789012", "qwertyuiop12", "kort"])
def test_veelgebruikte_en_korte_wachtwoorden_geweigerd(beroepskracht, client_van, zwak):
    with pytest.raises(ValidationError):
        validate_password(zwak)
    antwoord = client_van(beroepskracht).post(
        reverse("web:wachtwoord_wijzigen"),
        {"old_password": WACHTWOORD, "new_password1": zwak, "new_password2": zwak},
    )
    assert antwoord.status_code == 200
    assert User.objects.get(pk=beroepskracht.user.pk).check_password(WACHTWOORD)


def test_demo_account_kan_niet_inloggen_waar_demo_verboden_is(settings):
    call_command("demo", "--zonder-qr", stdout=StringIO())
    settings.MELDWIJZER_DEMO_TOEGESTAAN = False
    antwoord = wachtwoord_stap(Client(), "beroepskracht", "demo-beroepskracht")
    assert antwoord.status_code == 200
    assert "Inloggen is niet gelukt" in antwoord.content.decode()
