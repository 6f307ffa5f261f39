"""Usernames without markup and without look-alikes (docs/security.md § 2, "Gebruikersnamen"):
refused in every path that makes an account — the beheer service, its web form and the command
line — with a Dutch sentence that says what to change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.accounts import beheer
from meldwijzer.accounts.gebruikersnamen import controleer_nieuwe_gebruikersnaam, skelet
from meldwijzer.accounts.models import Rol, User
from meldwijzer.accounts.sso import gebruikersnaam_voor
from meldwijzer.cli import main

pytestmark = pytest.mark.django_db

EERSTE = "een lange eerste wachtzin voor de nieuwe collega"
CYRILLISCH = "beroepskr\u0430cht"  # the 'а' is Cyrillic

FOUT = {
    "xss<b>user": "alleen letters a–z",
    "Jan Jansen": "alleen letters a–z",
    "jösé": "alleen letters a–z",
    CYRILLISCH: "alleen letters a–z",
    ".jan": "alleen letters a–z",
    "ab": "3 tot 150 tekens",
    "": "Vul een gebruikersnaam in",
}
LIJKT_OP_BEROEPSKRACHT = ["beroepskracht", "BEROEPSKRACHT", "ber0epskracht", "beroeps-kracht"]


@pytest.fixture
def bestaand(maak_lid, organisatie):
    return maak_lid(Rol.BEROEPSKRACHT, organisatie, "beroepskracht")


@pytest.fixture
def beheerder(maak_lid, organisatie):
    return maak_lid(Rol.BEHEERDER, organisatie, "ben")


def _maak(beheerder, naam):
    return beheer.maak_gebruiker(
        actor=beheerder,
        gebruikersnaam=naam,
        voornaam="Nina",
        achternaam="Nieuw",
        rol=Rol.BEROEPSKRACHT,
        wachtwoord=EERSTE,
    )


@pytest.mark.parametrize("naam", sorted(FOUT))
def test_de_dienst_weigert_opmaak_en_andere_schriften(beheerder, naam):
    with pytest.raises(ValidationError) as fout:
        _maak(beheerder, naam)
    assert FOUT[naam] in " ".join(fout.value.message_dict["gebruikersnaam"])
    assert not User.objects.filter(first_name="Nina").exists()


@pytest.mark.parametrize("naam", LIJKT_OP_BEROEPSKRACHT)
def test_de_dienst_weigert_een_naam_die_op_een_bestaande_lijkt(beheerder, bestaand, naam):
    with pytest.raises(ValidationError) as fout:
        _maak(beheerder, naam)
    tekst = " ".join(fout.value.message_dict["gebruikersnaam"])
    assert "al in gebruik" in tekst or "lijkt te veel op" in tekst


def test_een_bestaande_naam_in_een_ander_schrift_wordt_ook_herkend(beheerder):
    """A name stored before these rules (here: Cyrillic) still keeps its look-alike out."""
    User.objects.create_user(CYRILLISCH, password=EERSTE)
    with pytest.raises(ValidationError, match="lijkt te veel op"):
        _maak(beheerder, "beroepskracht")
    assert skelet(CYRILLISCH) == skelet("beroepskracht") == skelet("BEROEPSKRACHT")


def test_gewone_namen_mogen_en_worden_klein_geschreven(beheerder, bestaand):
    for naam in ["nina.nieuw@school.nl", "j-jansen", "Piet_2"]:
        assert _maak(beheerder, naam).user.username == naam.lower()
    # SSO names are of a fixed safe form and pass the same rule (their form is reserved for them).
    sso_naam = gebruikersnaam_voor("https://idp", "abc")
    assert controleer_nieuwe_gebruikersnaam(sso_naam, door_meldwijzer=True) == sso_naam


def test_het_webformulier_toont_de_fout(beheerder, client_van):
    client = client_van(beheerder)
    antwoord = client.post(
        reverse("web:beheer_gebruikers"),
        {
            "gebruikersnaam": "xss<b>user",
            "voornaam": "X",
            "achternaam": "Y",
            "rol": Rol.BEROEPSKRACHT,
            "wachtwoord": EERSTE,
        },
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200 and "alleen letters a–z" in tekst
    assert "xss<b>" not in tekst
    assert not User.objects.filter(username__icontains="xss").exists()


def test_de_opdrachtregel_weigert_en_slaat_niets_op(bestaand, capsys):
    from meldwijzer.accounts.models import Organisatie

    for naam in ["xss<b>user", CYRILLISCH, "ber0epskracht"]:
        code = main(["kader", "beheerder", naam, "--beroepsorganisatie", "Beroepsvereniging X"])
        assert code == 2, naam
        assert "meldwijzer:" in capsys.readouterr().err
    assert not Organisatie.objects.filter(naam="Beroepsvereniging X").exists()
