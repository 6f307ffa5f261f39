"""Encrypted fields: plain on the model, ciphertext in the database, never searchable, and every
free-text column of the dossier is one."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection, models, transaction

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Besluit, Casus, Signaal
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.sleutels import crypto, sleutelring
from meldwijzer.sleutels.models import DataSleutel
from meldwijzer.sleutels.velden import (
    OnversleuteldeWaarde,
    VersleuteldeJSON,
    VersleuteldeTekst,
)

pytestmark = pytest.mark.django_db

# Readable on purpose: references and choices, not content (docs/security.md).
LEESBAAR = frozenset({"kenmerk", "route", "afweging", "antwoord", "zoekindex"})


def _ruw(tabel: str, kolom: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {kolom} FROM {tabel} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_tekst_staat_versleuteld_in_de_database(beroepskracht, casus):
    signaal = services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="verteld",
        bron_wie="Buurvrouw mevrouw Jansen",
        aard="mening",
        tekst="Ik denk dat vader slaat.",
    )
    ruw = _ruw("dossier_signaal", "tekst", signaal.pk)
    assert crypto.is_token(ruw) and "vader" not in ruw
    assert crypto.sleutel_id_van(ruw) == casus.sleutel_id.hex
    assert "Jansen" not in _ruw("dossier_signaal", "bron_wie", signaal.pk)
    assert "Zorgen" not in _ruw("dossier_casus", "titel", casus.pk)
    geladen = Signaal.objects.get(pk=signaal.pk)
    assert geladen.tekst == "Ik denk dat vader slaat."
    assert geladen.bron_wie == "Buurvrouw mevrouw Jansen"


def test_elke_casus_heeft_een_eigen_sleutel(beroepskracht):
    a = services.open_casus(actor=beroepskracht, titel="Eerste")
    b = services.open_casus(actor=beroepskracht, titel="Tweede")
    assert a.sleutel_id and b.sleutel_id and a.sleutel_id != b.sleutel_id
    rij = DataSleutel.objects.get(pk=a.sleutel_id)
    assert rij.organisatie_id == beroepskracht.organisatie_id
    assert bytes(rij.verpakt) != sleutelring.datasleutel(a.sleutel_id)  # stored wrapped only


def test_zoeken_en_bijwerken_op_inhoud_worden_geweigerd(casus):
    with pytest.raises(FieldError):
        list(Casus.objects.filter(titel__icontains="Zorgen"))
    with pytest.raises(OnversleuteldeWaarde):
        list(Casus.objects.filter(titel="Zorgen over leerling groep 5"))
    with pytest.raises(OnversleuteldeWaarde), transaction.atomic():
        Casus.objects.filter(pk=casus.pk).update(titel="platte tekst")
    assert Casus.objects.filter(conclusie="").exists()  # empty stays empty: no content
    assert "Zorgen" not in _ruw("dossier_casus", "titel", casus.pk)


def test_besluit_antwoorden_versleuteld(beroepskracht, casus_stap5):
    services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus_stap5,
        afweging="1",
        antwoord="nee",
        toelichting="Geheime conclusie over moeder.",
    )
    besluit = Besluit.objects.get(casus=casus_stap5)
    assert besluit.antwoorden[0]["toelichting"] == "Geheime conclusie over moeder."
    ruw = _ruw("dossier_besluit", "antwoorden", besluit.pk)
    assert "moeder" not in ruw and "mw1:" in ruw


def test_auditregels_bevatten_alleen_versleutelde_tekst(beroepskracht, casus):
    services.voeg_betrokkene_toe(
        actor=beroepskracht,
        casus=casus,
        rol="kind",
        relatie="leerling",
        leeftijd=8,
        naam="Sam de Vries",
    )
    gebeurtenis = Gebeurtenis.objects.get(soort="betrokkene.toegevoegd")
    assert gebeurtenis.nieuw["naam"] == "Sam de Vries"  # read back, decrypted
    assert crypto.is_token(gebeurtenis.ruw("nieuw"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT oud, nieuw, reden FROM audit_gebeurtenis")
        alles = " ".join(str(w) for rij in cursor.fetchall() for w in rij)
    assert "Sam de Vries" not in alles and "Zorgen over leerling" not in alles


def test_elk_vrij_tekstveld_van_het_dossier_is_versleuteld():
    """A new free-text field must be an encrypted field, or be listed as readable here."""
    onversleuteld = []
    for model in apps.get_app_config("dossier").get_models():
        if model._meta.object_name in {"KaderVersie", "Kaderkeuze", "Bewaartermijn"}:
            continue  # framework texts and settings, no casus content
        for veld in model._meta.concrete_fields:
            if isinstance(veld, VersleuteldeTekst | VersleuteldeJSON):
                continue
            vrije_tekst = isinstance(veld, models.CharField | models.TextField) and not veld.choices
            if vrije_tekst and veld.name not in LEESBAAR:
                onversleuteld.append(f"{model.__name__}.{veld.name}")
    assert not onversleuteld, onversleuteld


def test_vooraf_laden_haalt_ook_verlopen_sleutels_in_een_keer(
    organisatie, django_assert_num_queries
):
    """A key still in the cache but past its time counts as missing: the page's one query loads
    it, instead of one query per row later."""
    rijen = [sleutelring.nieuwe_datasleutel(organisatie.pk) for _ in range(3)]
    with sleutelring._cache_lock:
        for rij in rijen:
            sleutel, _tot = sleutelring._cache[rij.id.hex]
            sleutelring._cache[rij.id.hex] = (sleutel, 0.0)  # expired
    with django_assert_num_queries(1):
        sleutelring.vooraf_laden([rij.id for rij in rijen])
    with django_assert_num_queries(0):
        for rij in rijen:
            assert sleutelring.datasleutel(rij.id) is not None
