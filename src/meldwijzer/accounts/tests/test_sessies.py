"""Sessions: idle and absolute timeouts, logout and disabling end them server-side."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from meldwijzer.accounts import beheer
from meldwijzer.accounts.models import Inloggebeurtenis, Rol

pytestmark = pytest.mark.django_db

CASUSSEN = reverse("web:casussen")
INLOGGEN = reverse("web:inloggen")


def sessiesleutel(client: Client) -> str:
    return client.cookies["sessionid"].value


def is_dood(client: Client, sleutel: str) -> bool:
    antwoord = client.get(CASUSSEN)
    return (
        antwoord.status_code == 302
        and antwoord["Location"].startswith(INLOGGEN)
        and not Session.objects.filter(session_key=sleutel).exists()
    )


def test_inactief_na_30_minuten_verlopen(beroepskracht, client_van, settings):
    assert settings.MELDWIJZER_SESSIE_INACTIEF == 30 * 60
    begin = time.time()
    with time_machine.travel(begin, tick=False):
        client = client_van(beroepskracht)
        assert client.get(CASUSSEN).status_code == 200
        sleutel = sessiesleutel(client)
    with time_machine.travel(begin + 29 * 60, tick=False):
        assert client.get(CASUSSEN).status_code == 200  # activity keeps it alive
    with time_machine.travel(begin + 29 * 60 + settings.MELDWIJZER_SESSIE_INACTIEF + 1, tick=False):
        antwoord = client.get(CASUSSEN)
        assert antwoord.url.startswith(f"{INLOGGEN}?reden=verlopen")
        assert "Uw sessie is verlopen" in client.get(antwoord.url).content.decode()
    assert not Session.objects.filter(session_key=sleutel).exists()
    assert Inloggebeurtenis.objects.filter(
        gebruiker=beroepskracht.user, soort=Inloggebeurtenis.Soort.SESSIE_VERLOPEN
    ).exists()


def test_absoluut_na_12_uur_verlopen_ook_bij_activiteit(beroepskracht, client_van, settings):
    assert settings.MELDWIJZER_SESSIE_MAXIMAAL == 12 * 60 * 60
    begin = time.time()
    with time_machine.travel(begin, tick=False):
        client = client_van(beroepskracht)
        client.get(CASUSSEN)
        sleutel = sessiesleutel(client)
    stap = 20 * 60
    moment = begin
    while moment + stap < begin + settings.MELDWIJZER_SESSIE_MAXIMAAL:
        moment += stap
        with time_machine.travel(moment, tick=False):
            assert client.get(CASUSSEN).status_code == 200
    with time_machine.travel(begin + settings.MELDWIJZER_SESSIE_MAXIMAAL + 1, tick=False):
        assert is_dood(client, sleutel)


def test_uitloggen_beeindigt_de_sessie_op_de_server(beroepskracht, client_van):
    client = client_van(beroepskracht)
    client.get(CASUSSEN)
    sleutel = sessiesleutel(client)
    oude_cookie = client.cookies["sessionid"].value
    assert client.post(reverse("web:uitloggen")).url == INLOGGEN
    assert not Session.objects.filter(session_key=sleutel).exists()
    # Replaying the old cookie (a copy kept by an attacker) gets nowhere.
    kopie = Client()
    kopie.cookies["sessionid"] = oude_cookie
    assert kopie.get(CASUSSEN).url.startswith(INLOGGEN)
    assert Inloggebeurtenis.objects.filter(soort=Inloggebeurtenis.Soort.UITGELOGD).exists()


def test_uitgeschakelde_gebruiker_is_bij_volgende_verzoek_uitgelogd(
    beroepskracht, maak_lid, organisatie, client_van, casus
):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie)
    open_sessie = client_van(beroepskracht)
    assert open_sessie.get(reverse("web:casus", args=[casus.uuid])).status_code == 200
    sleutel = sessiesleutel(open_sessie)
    beheer.zet_actief(actor=beheerder, membership=beroepskracht, actief=False)
    antwoord = open_sessie.get(reverse("web:casus", args=[casus.uuid]))
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(INLOGGEN)
    assert casus.titel.encode() not in antwoord.content
    assert not Session.objects.filter(session_key=sleutel).exists()
    beroepskracht.user.refresh_from_db()
    assert not beroepskracht.user.is_active


def test_user_is_active_uit_beeindigt_ook_de_sessie(beroepskracht, client_van):
    """Disabled another way (the admin shell, a script): the session still ends."""
    client = client_van(beroepskracht)
    client.get(CASUSSEN)
    sleutel = sessiesleutel(client)
    beroepskracht.user.is_active = False
    beroepskracht.user.save()
    assert is_dood(client, sleutel)


def test_nieuwe_rol_beeindigt_open_sessies(beroepskracht, maak_lid, organisatie, client_van):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie)
    client = client_van(beroepskracht)
    client.get(CASUSSEN)
    sleutel = sessiesleutel(client)
    beheer.wijzig_rol(actor=beheerder, membership=beroepskracht, rol=Rol.PRIVACY_OFFICER)
    assert is_dood(client, sleutel)


def test_overal_uitloggen(beroepskracht, client_van):
    hier, daar = client_van(beroepskracht), client_van(beroepskracht)
    hier.get(CASUSSEN)
    daar.get(CASUSSEN)
    sleutel_daar = sessiesleutel(daar)
    assert hier.post(reverse("web:overal_uitloggen")).url == INLOGGEN
    assert is_dood(daar, sleutel_daar)
    assert hier.get(CASUSSEN).url.startswith(INLOGGEN)


def test_wachtwoord_wijzigen_beeindigt_andere_sessies(beroepskracht, client_van):
    from meldwijzer.accounts.tests.bouwers import WACHTWOORD

    hier, daar = client_van(beroepskracht), client_van(beroepskracht)
    daar.get(CASUSSEN)
    sleutel_daar = sessiesleutel(daar)
    nieuw = "een nieuwe lange wachtzin voor de school"
    hier.post(
        reverse("web:wachtwoord_wijzigen"),
        {"old_password": WACHTWOORD, "new_password1": nieuw, "new_password2": nieuw},
    )
    assert hier.get(CASUSSEN).status_code == 200
    assert is_dood(daar, sleutel_daar)


def test_sessiecookie_verloopt_bij_sluiten_van_de_browser(beroepskracht, client_van, settings):
    client = client_van(beroepskracht)
    antwoord = client.get(reverse("web:account"))
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    # The store's expiry is a backstop just after the idle timeout the middleware enforces.
    assert 0 < settings.SESSION_COOKIE_AGE - settings.MELDWIJZER_SESSIE_INACTIEF <= 300
    assert antwoord.status_code == 200


def _met_apparaat(client: Client, persistent_id: str) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = persistent_id
    sessie.save()


def test_het_apparaat_van_de_sessie_wordt_bij_elk_verzoek_gelezen(
    beroepskracht, client_van, maak_lid, organisatie
):
    """The device that verified the session is read again at every request (a fixed read,
    accounts.middleware.TweedeFactorMiddleware): removed, unconfirmed, another user's, or no
    device id at all ends the session at the next request, with no error."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meldwijzer.accounts.testing import totp_voor

    ander = maak_lid(Rol.BEROEPSKRACHT, organisatie, "ander")
    for bederf in ("onbevestigd", "weg", "van een ander", "onzin", "geen apparaat"):
        client = client_van(beroepskracht)
        assert client.get(CASUSSEN).status_code == 200
        sleutel = sessiesleutel(client)
        apparaat = totp_voor(beroepskracht.user)
        if bederf == "onbevestigd":
            TOTPDevice.objects.filter(pk=apparaat.pk).update(confirmed=False)
        elif bederf == "weg":
            apparaat.delete()
        elif bederf == "van een ander":
            _met_apparaat(client, totp_voor(ander.user).persistent_id)
        elif bederf == "onzin":
            _met_apparaat(client, "accounts.membership/1")  # a model, but not a device
        else:
            _met_apparaat(client, "geen.model/x")
        assert is_dood(client, sleutel), bederf
        TOTPDevice.objects.filter(user=beroepskracht.user).update(confirmed=True)


def test_het_apparaat_uit_de_vaste_lezing_is_dat_van_de_orm(beroepskracht):
    from django_otp.models import Device

    from meldwijzer.accounts.middleware import TweedeFactorMiddleware
    from meldwijzer.accounts.testing import totp_voor

    apparaat = totp_voor(beroepskracht.user)
    middleware = TweedeFactorMiddleware(lambda request: None)
    gelezen = middleware._device_from_persistent_id(apparaat.persistent_id)
    orm = Device.from_persistent_id(apparaat.persistent_id)
    assert gelezen == orm and gelezen is not None and orm is not None
    for veld in type(orm)._meta.concrete_fields:
        assert getattr(gelezen, veld.attname) == getattr(orm, veld.attname), veld.name


def test_de_middleware_leest_het_apparaat_met_de_vaste_lezing(beroepskracht, client_van):
    """django-otp calls the overridden read at every request: if a new django-otp stopped
    calling ``_device_from_persistent_id``, the ORM would read the device again unnoticed."""
    from unittest import mock

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meldwijzer.accounts.models import Membership
    from meldwijzer.gedeeld import rijen

    client = client_van(beroepskracht)
    with (
        mock.patch.object(rijen, "lees", wraps=rijen.lees) as lees,
        mock.patch.object(rijen, "lees_met", wraps=rijen.lees_met) as lees_met,
    ):
        assert client.get(CASUSSEN).status_code == 200
    assert TOTPDevice in [c.args[0] for c in lees.call_args_list]
    assert [c.args[0] for c in lees_met.call_args_list] == [Membership]
