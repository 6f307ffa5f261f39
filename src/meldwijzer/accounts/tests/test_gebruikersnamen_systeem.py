"""Usernames Meldwijzer makes itself (docs/security.md § 2, "Gebruikersnamen"): single sign-on
goes through the same rule — a name that would look like an existing one is refused with a
logged reason and nothing is created — and nobody can make an account by hand under a name of
the form Meldwijzer reserves for SSO, transfer and generated accounts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from meldwijzer.accounts import beheer
from meldwijzer.accounts.gebruikersnamen import PATROON
from meldwijzer.accounts.models import Inloggebeurtenis, Rol, SsoIdentiteit, User
from meldwijzer.accounts.sso import SsoGeweigerd, gebruikersnaam_voor, koppel_gebruiker
from meldwijzer.accounts.tests.test_sso import MFA, idp, instellingen, scholen, via_idp
from meldwijzer.cli import main

pytestmark = pytest.mark.django_db

__all__ = ["idp", "scholen"]  # fixtures of test_sso, used here too

ISSUER = "https://idp.example"
EERSTE = "een lange eerste wachtzin voor de nieuwe collega"


@pytest.fixture
def beheerder(maak_lid, organisatie):
    return maak_lid(Rol.BEHEERDER, organisatie, "ben")


@pytest.mark.parametrize(
    "naam", ["sso-0123456789abcdef", "overdracht-0123456789abcdef", "synth-o1-beroep-3", "SSO-x1"]
)
def test_namen_van_meldwijzer_zelf_zijn_gereserveerd(beheerder, naam, capsys):
    with pytest.raises(ValidationError) as fout:
        beheer.maak_gebruiker(
            actor=beheerder,
            gebruikersnaam=naam,
            voornaam="",
            achternaam="",
            rol=Rol.BEROEPSKRACHT,
            wachtwoord=EERSTE,
        )
    assert "maakt Meldwijzer zelf" in " ".join(fout.value.message_dict["gebruikersnaam"])
    assert main(["kader", "beheerder", naam, "--beroepsorganisatie", "Vereniging"]) == 2
    assert "maakt Meldwijzer zelf" in capsys.readouterr().err
    assert not User.objects.filter(username__iexact=naam).exists()


@pytest.mark.parametrize("sub", ["<script>alert(1)</script>", "b\u0435a", "Bea Jansen", "x" * 300])
def test_de_sso_naam_is_veilig_wat_de_provider_ook_stuurt(sub):
    naam = gebruikersnaam_voor(ISSUER, sub)
    assert PATROON.fullmatch(naam) and naam.startswith("sso-") and len(naam) == 20


def test_sso_weigert_een_naam_die_op_een_bestaande_lijkt(scholen):
    """A look-alike of the name the first login would get (here: in capitals, made directly in
    the database) is refused with a reason, before anything is written."""
    linde, _esch = scholen
    bestaand = User.objects.create_user(gebruikersnaam_voor(ISSUER, "lotte").upper())
    groepen = {"leerkrachten": {"organisatie": linde.naam, "rol": "beroepskracht"}}
    with (
        override_settings(MELDWIJZER_SSO_ISSUER=ISSUER, MELDWIJZER_SSO_GROEPEN=groepen),
        pytest.raises(SsoGeweigerd) as fout,
    ):
        koppel_gebruiker({"sub": "lotte", "groups": ["leerkrachten"]})
    assert fout.value.reden == "gebruikersnaam"
    assert "functioneel beheerder" in fout.value.bericht
    assert list(User.objects.all()) == [bestaand]
    assert not SsoIdentiteit.objects.exists()


def test_sso_weigering_om_de_naam_wordt_vastgelegd(idp, scholen):
    with instellingen(idp, scholen):
        User.objects.create_user(gebruikersnaam_voor(idp, "lotte-lijkt").upper())
        client = Client()
        antwoord = via_idp(client, idp, "lotte-lijkt", {"groups": ["linde-leerkrachten"], **MFA})
        assert antwoord.status_code == 403
        assert "functioneel beheerder" in antwoord.content.decode()
        event = Inloggebeurtenis.objects.get(soort=Inloggebeurtenis.Soort.SSO_GEWEIGERD)
        assert event.details["reden"] == "gebruikersnaam"
        assert not SsoIdentiteit.objects.exists()
