"""Key files beside backups: written, restored without destroyed keys, cleaned by retention."""

from __future__ import annotations

import json

import pytest

from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.sleutels import sleutelbestand, sleutelring
from meldwijzer.sleutels.models import DataSleutel

pytestmark = pytest.mark.django_db


def test_schrijven_schonen_en_terugzetten(beroepskracht, tmp_path):
    a = services.open_casus(actor=beroepskracht, titel="A")
    b = services.open_casus(actor=beroepskracht, titel="B")
    pad = tmp_path / "backup.sleutels.json"
    assert sleutelbestand.schrijf(pad) == 2
    inhoud = json.loads(pad.read_text())
    assert {r["id"] for r in inhoud["sleutels"]} == {a.sleutel_id.hex, b.sleutel_id.hex}
    assert oct(pad.stat().st_mode)[-3:] == "600"
    assert "A" not in {r["verpakt"] for r in inhoud["sleutels"]}  # wrapped, as in the database

    assert sleutelbestand.schoon(pad, [a.sleutel_id.hex]) == 1
    assert [r["id"] for r in sleutelbestand.lees(pad)["sleutels"]] == [b.sleutel_id.hex]

    # A restore puts back what is missing, never a destroyed key.
    sleutelbestand.schrijf(pad)
    verloren = DataSleutel.objects.filter(pk=b.sleutel_id)  # lost, e.g. a restore without it
    verloren._raw_delete(verloren.db)
    sleutelring.vergeet()
    nieuw, overgeslagen = sleutelbestand.importeer(pad, vernietigd=[a.sleutel_id.hex])
    assert (nieuw, overgeslagen) == (1, 1)  # b back; a stays destroyed
    assert DataSleutel.objects.filter(pk=b.sleutel_id).exists()


def test_geen_sleutelbestand_geeft_een_nette_fout(tmp_path):
    with pytest.raises(sleutelbestand.SleutelbestandFout, match="bestaat niet"):
        sleutelbestand.lees(tmp_path / "weg.json")
    (tmp_path / "ander.json").write_text('{"iets": 1}')
    with pytest.raises(sleutelbestand.SleutelbestandFout, match="geen sleutelbestand"):
        sleutelbestand.lees(tmp_path / "ander.json")


def test_opdrachtregel_exporteer_en_importeer(beroepskracht, tmp_path, capsys):
    services.open_casus(actor=beroepskracht, titel="A")
    pad = tmp_path / "k.json"
    assert main(["sleutels", "exporteer", str(pad)]) == 0
    assert main(["sleutels", "importeer", str(pad)]) == 0
    assert "0 datasleutels teruggezet" in capsys.readouterr().out
    assert main(["sleutels", "importeer", str(tmp_path / "weg.json")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
