"""The sociale kaart as a register: who keeps it, what is validated, what is encrypted, and
that one organisation never sees another's."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from meldwijzer.accounts.models import Membership, Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.socialekaart import contactgegevens, selectors, services
from meldwijzer.socialekaart.models import Contact

pytestmark = pytest.mark.django_db

GEGEVENS: dict[str, Any] = {
    "soort": "deskundige",
    "naam": "Jeugdarts GGD, mw. De Vries",
    "waarvoor": "Medische vragen over letsel",
    "telefoon": "030 123 45 67",
    "email": "jeugdarts@ggd.example",
    "url": "www.ggd.example",
    "anoniem_raadplegen": True,
    "deskundig_bij": ["eergerelateerd"],
}


@pytest.fixture
def beheerder(organisatie, maak_lid) -> Membership:
    return maak_lid(Rol.BEHEERDER, organisatie)


def test_beheerder_voegt_toe_en_de_kaart_toont_het(beheerder, aandachtsfunctionaris):
    contact = services.voeg_contact_toe(actor=beheerder, **GEGEVENS)
    assert contact.url == "https://www.ggd.example"  # typed without scheme: https added
    kaart = selectors.kaart(beheerder.organisatie_id)
    assert [c.naam for c in kaart.deskundigen] == ["Jeugdarts GGD, mw. De Vries"]
    assert [a.membership_id for a in kaart.aandachtsfunctionarissen] == [aandachtsfunctionaris.pk]
    assert kaart.veilig_thuis == []
    gebeurtenis = Gebeurtenis.objects.get(soort="socialekaart.contact_toegevoegd")
    assert gebeurtenis.organisatie_id == beheerder.organisatie_id
    assert "De Vries" not in str(gebeurtenis.nieuw)  # the trail holds no free text


def test_vrije_tekst_staat_versleuteld_in_de_database(beheerder):
    contact = services.voeg_contact_toe(actor=beheerder, **GEGEVENS, opmerking="Bel na 10 uur")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT naam, waarvoor, opmerking FROM socialekaart_contact WHERE id = %s",
            [contact.pk],
        )
        rij = cursor.fetchone()
    assert all("De Vries" not in w and "letsel" not in w and "10 uur" not in w for w in rij)
    assert Contact.objects.get(pk=contact.pk).opmerking == "Bel na 10 uur"


@pytest.mark.parametrize("rol", [Rol.BEROEPSKRACHT, Rol.AANDACHTSFUNCTIONARIS, Rol.PRIVACY_OFFICER])
def test_alleen_de_beheerder_schrijft(organisatie, maak_lid, rol):
    with pytest.raises(PermissionDenied):
        services.voeg_contact_toe(actor=maak_lid(rol, organisatie), **GEGEVENS)
    assert not Contact.objects.exists()


def test_een_andere_organisatie_vindt_het_contact_niet(beheerder, andere_organisatie, maak_lid):
    contact = services.voeg_contact_toe(actor=beheerder, **GEGEVENS)
    ander = maak_lid(Rol.BEHEERDER, andere_organisatie)
    with pytest.raises(Http404):
        services.wijzig_contact(actor=ander, contact_id=contact.pk, **GEGEVENS)
    with pytest.raises(Http404):
        services.verwijder_contact(actor=ander, contact_id=contact.pk)
    assert selectors.kaart(andere_organisatie.pk).alle == []
    assert selectors.contact(andere_organisatie.pk, contact.pk) is None


def test_wijzigen_en_verwijderen(beheerder):
    contact = services.voeg_contact_toe(actor=beheerder, **GEGEVENS)
    services.wijzig_contact(
        actor=beheerder, contact_id=contact.pk, **{**GEGEVENS, "naam": "Jeugdarts GGD"}
    )
    assert selectors.contact(beheerder.organisatie_id, contact.pk).naam == "Jeugdarts GGD"
    gewijzigd = Gebeurtenis.objects.get(soort="socialekaart.contact_gewijzigd")
    assert gewijzigd.nieuw["tekst_gewijzigd"] == ["naam"]
    services.verwijder_contact(actor=beheerder, contact_id=contact.pk)
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("telefoon", "12345", "telefoonnummer"),
        ("telefoon", "030 12x 45 67", "telefoonnummer"),
        ("telefoon", "+31 030 123 45 67", "telefoonnummer"),
        ("email", "jeugdarts@", "e-mailadres"),
        ("email", "geen adres", "e-mailadres"),
        ("url", "javascript:alert(1)", "webadres"),
        ("url", "ftp://ggd.example", "webadres"),
        ("naam", "", "naam"),
        ("waarvoor", "   ", "waarvoor"),
        ("soort", "politie", "Veilig Thuis"),
        ("deskundig_bij", ["toveren"], "vormen"),
    ],
)
def test_foute_invoer_krijgt_een_nederlandse_melding(beheerder, veld, waarde, melding):
    with pytest.raises(ValidationError) as fout:
        services.voeg_contact_toe(actor=beheerder, **{**GEGEVENS, veld: waarde})
    meldingen = " ".join(fout.value.message_dict[veld])
    assert melding in meldingen
    assert not Contact.objects.exists()  # nothing half-stored


def test_zonder_contactweg_geweigerd(beheerder):
    with pytest.raises(ValidationError) as fout:
        services.voeg_contact_toe(
            actor=beheerder, **{**GEGEVENS, "telefoon": "", "email": "", "url": ""}
        )
    assert "ten minste één manier" in fout.value.message_dict["telefoon"][0]


@pytest.mark.parametrize(
    "nummer",
    [
        "030 123 45 67",
        "0800-2000",
        "0900-8844",
        "+31 30 123 45 67",
        "06-12345678",
        "(030) 1234567",
        "0031 30 1234567",
        "+32 2 123 45 67",
    ],
)
def test_telefoonnummers_die_kloppen(nummer):
    assert contactgegevens.telefoon(nummer) == nummer


def test_deskundigen_bij_een_vorm_van_geweld(beheerder):
    services.voeg_contact_toe(actor=beheerder, **GEGEVENS)
    services.voeg_contact_toe(
        actor=beheerder, **{**GEGEVENS, "naam": "Wijkteam", "deskundig_bij": []}
    )
    org = beheerder.organisatie_id
    assert [c.naam for c in selectors.deskundigen_bij(org, ["eergerelateerd"])] == [
        "Jeugdarts GGD, mw. De Vries"
    ]
    assert selectors.deskundigen_bij(org, ["stalking"]) == []


def test_demo_kaart_eenmaal_gevuld(beheerder):
    from meldwijzer.socialekaart.demo import DEMO_CONTACTEN, vul_demo_kaart

    assert vul_demo_kaart(beheerder) == len(DEMO_CONTACTEN)
    assert vul_demo_kaart(beheerder) == 0
    kaart = selectors.kaart(beheerder.organisatie_id)
    assert len(kaart.veilig_thuis) == 1
    assert selectors.deskundigen_bij(beheerder.organisatie_id, ["eergerelateerd"])
