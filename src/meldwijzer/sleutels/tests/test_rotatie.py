"""Rotating the environment key: every generation key re-wrapped (and so every data key under the
new key), data keys from before generations moved under one, old rows readable throughout and
after the old key is gone, the ciphertext itself untouched."""

from __future__ import annotations

import pytest
from django.db import connection

from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus, Signaal
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.sleutels import crypto, herverpakken, sleutelring
from meldwijzer.sleutels.models import DataSleutel, Generatie

pytestmark = pytest.mark.django_db


def _titels() -> list[str]:
    return [c.titel for c in Casus.objects.order_by("pk")]


def _ruwe_titels() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT titel FROM dossier_casus ORDER BY id")
        return [r[0] for r in cursor.fetchall()]


@pytest.fixture
def drie_casussen(beroepskracht):
    casussen = [
        services.open_casus(actor=beroepskracht, titel=f"Zorgen om kind {i}") for i in range(3)
    ]
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casussen[0],
        datum=GISTEREN,
        bron="eigen",
        aard="feit",
        tekst="Kind kwam met een gescheurde jas.",
    )
    return casussen


def test_roteren_houdt_oude_rijen_leesbaar(drie_casussen, settings) -> None:
    oud = settings.MELDWIJZER_SLEUTELS[0]
    nieuw = crypto.maak_sleutel()
    titels, ruw = _titels(), _ruwe_titels()
    settings.MELDWIJZER_SLEUTELS = [nieuw, oud]
    tijdens: list[list[str]] = []

    def na_partij(_aantal: int) -> None:
        sleutelring.vergeet()  # read from the database, half re-wrapped: both keys work
        tijdens.append(_titels())

    uitkomst = herverpakken.roteer(partij=1, na_partij=na_partij)
    assert (uitkomst.generaties, uitkomst.datasleutels) == (1, 3)
    assert not uitkomst.onbekende_kek
    assert tijdens and all(t == titels for t in tijdens)
    nieuw_id = crypto.kek_id(crypto.lees_sleutel(nieuw))
    assert set(Generatie.objects.values_list("kek_id", flat=True)) == {nieuw_id}
    assert herverpakken.status()["datasleutels"] == {nieuw_id: 3}
    assert _ruwe_titels() == ruw  # the data keys, so every ciphertext, stayed the same

    settings.MELDWIJZER_SLEUTELS = [nieuw]  # the old environment key is gone
    sleutelring.vergeet()
    assert _titels() == titels
    assert Signaal.objects.get().tekst == "Kind kwam met een gescheurde jas."
    opnieuw = herverpakken.roteer()  # running it again changes nothing
    assert (opnieuw.generaties, opnieuw.datasleutels, opnieuw.al_actueel) == (0, 0, 3)


def test_roteren_brengt_datasleutels_van_voor_de_generaties_onder_een_generatie(
    drie_casussen, settings
):
    """A data key from before generation keys (wrapped directly under the environment key, as
    the synthetic generator still writes them) stays readable and moves under its
    organisation's generation key."""
    oud = settings.MELDWIJZER_SLEUTELS[0]
    kek = crypto.lees_sleutel(oud)
    for rij in DataSleutel.objects.select_related("generatie"):
        sleutel = crypto.pak_uit(
            sleutelring.generatiesleutel_van(rij.generatie),
            bytes(rij.verpakt),
            rij.id,
            rij.organisatie_id,
        )
        DataSleutel.objects.filter(pk=rij.pk).update(
            generatie=None,
            kek_id=crypto.kek_id(kek),
            verpakt=crypto.verpak(kek, sleutel, rij.id, rij.organisatie_id),
        )
    Generatie.objects.all().delete()
    sleutelring.vergeet()
    titels, ruw = _titels(), _ruwe_titels()
    assert herverpakken.status()["datasleutels_zonder_generatie"] == {crypto.kek_id(kek): 3}

    nieuw = crypto.maak_sleutel()
    settings.MELDWIJZER_SLEUTELS = [nieuw, oud]
    uitkomst = herverpakken.roteer()
    assert (uitkomst.datasleutels, uitkomst.werk.herverpakt) == (3, 3)
    settings.MELDWIJZER_SLEUTELS = [nieuw]
    sleutelring.vergeet()
    assert not DataSleutel.objects.filter(generatie__isnull=True).exists()
    assert _titels() == titels and _ruwe_titels() == ruw


def test_nieuwe_casus_na_rotatie_onder_de_nieuwe_sleutel(beroepskracht, settings):
    nieuw = crypto.maak_sleutel()
    settings.MELDWIJZER_SLEUTELS = [nieuw, settings.MELDWIJZER_SLEUTELS[0]]
    casus = services.open_casus(actor=beroepskracht, titel="Na de rotatie")
    generatie = DataSleutel.objects.get(pk=casus.sleutel_id).generatie
    assert generatie.kek_id == crypto.kek_id(crypto.lees_sleutel(nieuw))


def test_roteer_via_de_opdrachtregel(drie_casussen, settings, capsys):
    oud = settings.MELDWIJZER_SLEUTELS[0]
    settings.MELDWIJZER_SLEUTELS = [crypto.maak_sleutel(), oud]
    assert main(["sleutels", "roteer"]) == 0
    uit = capsys.readouterr().out
    assert "3 datasleutels staan nu onder omgevingssleutel" in uit
    assert main(["sleutels", "status"]) == 0


def test_roteren_zonder_de_oude_sleutel_meldt_het_probleem(drie_casussen, settings, capsys):
    settings.MELDWIJZER_SLEUTELS = [crypto.maak_sleutel()]  # the old key was removed too soon
    sleutelring.vergeet()
    assert main(["sleutels", "roteer"]) == 1
    fout = capsys.readouterr().err
    assert "niet in MELDWIJZER_SLEUTELS" in fout
    with pytest.raises(sleutelring.SleutelOntbreekt, match="roteer"):
        _titels()


def test_sleutel_nieuw_is_bruikbaar(capsys):
    assert main(["sleutels", "nieuw"]) == 0
    assert len(crypto.lees_sleutel(capsys.readouterr().out.strip())) == 32
