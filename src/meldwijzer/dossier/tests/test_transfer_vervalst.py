"""Forged and hostile transfer files (docs/security.md § 12): a file re-encrypted by someone who
holds its passphrase cannot pin a casus to a concept framework version, and nesting or size
that would exhaust the parser is refused with a form error, never a traceback or a 500. A
concept that a casus does reference (data from before this check) is never deleted with a 500."""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meldwijzer.accounts.models import Organisatie, Rol
from meldwijzer.catalogus import beheer
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.catalogus.tests.bouwers import importeer, minimaal
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.services import transfer
from meldwijzer.dossier.tests.test_transfer import (
    WACHTZIN,
    _exporteer,
    _geweigerd,
    _inhoud,
    _opnieuw_versleuteld,
)
from meldwijzer.sleutels import wachtwoordbestand

pytestmark = pytest.mark.django_db


@pytest.fixture
def ontvanger(maak_lid, andere_organisatie):
    return maak_lid(Rol.AANDACHTSFUNCTIONARIS, andere_organisatie, "ontvanger")


@pytest.fixture
def concept(maak_lid):
    kb = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Beroepsvereniging"), "kb")
    versie = importeer(kb, minimaal("0.9", titel="Nog niet vastgesteld"))
    assert not versie.is_vastgesteld
    return versie


def _naar_concept(data: dict[str, Any], concept: KaderVersie) -> dict[str, Any]:
    oud = data["casus"]["kader_versie"]
    data["kaderversies"] = [
        {"id": concept.kader_id, "versie": concept.versie, "hash": concept.hash}
    ]
    data["casus"]["kader_versie"] = concept.hash
    data["casus"]["route"] = ""
    for besluit in data["rijen"]["besluit"]:
        assert besluit["kader_versie"] == oud
        besluit["kader_versie"] = concept.hash
    return data


def test_een_vervalst_bestand_zet_een_casus_niet_onder_een_concept(
    beroepskracht, casus, ontvanger, concept
):
    """Decrypt with the passphrase, point the casus at a concept's hash, re-encrypt: refused,
    with the version named and nothing stored."""
    data = _naar_concept(_inhoud(_exporteer(beroepskracht, casus).inhoud), concept)
    tekst = _geweigerd(ontvanger, _opnieuw_versleuteld(data))
    assert "vastgestelde versie" in tekst and "minimaal versie 0.9" in tekst
    assert "niets opgeslagen" in tekst
    assert not Casus.objects.filter(kader_versie=concept).exists()


def test_een_concept_met_casussen_verwijderen_geeft_een_nette_weigering(
    beroepskracht, casus, concept, maak_lid
):
    """A casus that references a concept (stored before the check above existed): deleting
    the concept is refused in Dutch, not a ProtectedError (500)."""
    Casus.objects.filter(pk=casus.pk).update(kader_versie=concept)
    kb = maak_lid(Rol.KADERBEHEERDER, concept.beroepsorganisatie, "kb2")
    with pytest.raises(ValidationError) as fout:
        beheer.verwijder_conceptkader(actor=kb, versie=concept)
    assert "casus" in " ".join(fout.value.messages)
    assert KaderVersie.objects.filter(pk=concept.pk).exists()
    # And a corrected text for the same id@versie keeps the referenced concept too.
    with pytest.raises(ValidationError) as fout:
        importeer(kb, minimaal("0.9", titel="Verbeterd concept"))
    assert "casus" in " ".join(fout.value.messages)


def test_de_verwijderpagina_toont_de_weigering(beroepskracht, casus, concept, maak_lid, client_van):
    Casus.objects.filter(pk=casus.pk).update(kader_versie=concept)
    kb = maak_lid(Rol.KADERBEHEERDER, concept.beroepsorganisatie, "kb3")
    client = client_van(kb)
    adres = reverse("web:kader_verwijderen", args=[concept.pk])
    antwoord = client.post(adres, follow=True)
    assert antwoord.status_code == 200
    assert "casus" in antwoord.content.decode()
    assert KaderVersie.objects.filter(pk=concept.pk).exists()


# --- nesting and size ---------------------------------------------------------------------------


def _genest(diepte: int) -> bytes:
    """A valid transfer header with a casus title nested ``diepte`` lists deep."""
    kop = json.dumps({"formaat": transfer.FORMAAT})[:-1] + ', "casus": {"titel": '
    return kop.encode() + b"[" * diepte + b"]" * diepte + b"}}"


@pytest.mark.parametrize("diepte", [10, 1_000, 100_000])
def test_diep_geneste_json_in_een_geldig_versleuteld_bestand_wordt_geweigerd(ontvanger, diepte):
    bestand = wachtwoordbestand.versleutel(
        _genest(diepte), WACHTZIN, openbaar={"inhoud": transfer.FORMAAT}
    )
    tekst = _geweigerd(ontvanger, bestand)
    assert "niets opgeslagen" in tekst


@pytest.mark.parametrize("diepte", [1_000, 100_000])
def test_diep_geneste_json_als_bestand_wordt_geweigerd(ontvanger, diepte):
    """The outer file itself (before decryption) nested deep: refused, never RecursionError."""
    _geweigerd(ontvanger, b'{"a": ' + b"[" * diepte + b"]" * diepte + b"}")


def test_de_inleespagina_geeft_een_formulierfout_bij_200_kb_geneste_json(ontvanger, client_van):
    client = client_van(ontvanger)
    for inhoud in (
        b"[" * 100_000 + b"]" * 100_000,
        wachtwoordbestand.versleutel(
            _genest(100_000), WACHTZIN, openbaar={"inhoud": transfer.FORMAAT}
        ),
    ):
        antwoord = client.post(
            reverse("web:casus_importeren"),
            {"bestand": SimpleUploadedFile("x.json", inhoud), "wachtwoord": WACHTZIN},
        )
        assert antwoord.status_code == 200
        assert "niets opgeslagen" in antwoord.content.decode()
    assert not Casus.objects.filter(organisatie=ontvanger.organisatie).exists()


@pytest.mark.parametrize("diepte", [100, 1_000, 10_000, 100_000])
def test_geheugen_blijft_begrensd_bij_geneste_json(diepte):
    """The depth check reads the text once without building it: memory does not grow with
    the nesting (measured with tracemalloc, not a clock)."""
    tekst = ("[" * diepte + "]" * diepte).encode()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            transfer.lees_json(tekst)
        _huidig, piek = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert piek < 1_000_000, piek


def test_een_gewoon_overdrachtsbestand_gaat_nog_door(beroepskracht, casus, ontvanger):
    bestand = _exporteer(beroepskracht, casus).inhoud
    json.loads(bestand)  # the outer file is plain JSON
    b = services.importeer_casus(actor=ontvanger, bestand=bestand, wachtwoord=WACHTZIN)
    assert b.titel == casus.titel
