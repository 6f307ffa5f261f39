"""`meldwijzer kader importeer / publiceer / versies / beheerder`, and `id@versie` from the
database for the file-based commands (docs/adr/0006). Run in-process against the test database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Membership, Rol, User
from meldwijzer.catalogus.models import KaderStatus, KaderVersie
from meldwijzer.cli import main

pytestmark = pytest.mark.django_db(transaction=False)

REPO = Path(__file__).resolve().parents[4]
MINIMAAL = (REPO / "tests" / "kader" / "kaders" / "minimaal.yaml").read_text(encoding="utf-8")
VANDAAG = timezone.localdate()


def schrijf(tmp_path: Path, tekst: str, naam: str = "mijnkader.yaml") -> str:
    pad = tmp_path / naam
    pad.write_text(tekst, encoding="utf-8")
    return str(pad)


def mijnkader(versie: str = "1.0", titel: str = "Minimaal kader") -> str:
    return (
        MINIMAAL.replace("id: minimaal", "id: mijnkader", 1)
        .replace('versie: "1"', f'versie: "{versie}"', 1)
        .replace("titel: Minimaal kader", f"titel: {titel}", 1)
    )


def test_importeer_en_publiceer(tmp_path, capsys):
    pad = schrijf(tmp_path, mijnkader())
    assert main(["kader", "importeer", pad]) == 0
    uit = capsys.readouterr().out
    assert "mijnkader@1.0 geïmporteerd als concept" in uit
    versie = KaderVersie.objects.get(kader_id="mijnkader")
    assert versie.status == KaderStatus.CONCEPT and versie.bestandsnaam == pad
    assert main(["kader", "importeer", pad, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kader"]["bestond_al"] is True and data["kader"]["status"] == "concept"

    assert main(["kader", "publiceer", "mijnkader@1.0"]) == 0
    assert f"geldig vanaf {datumtekst.datum(VANDAAG)}" in capsys.readouterr().out
    versie.refresh_from_db()
    assert versie.status == KaderStatus.VASTGESTELD and versie.geldig_vanaf == VANDAAG
    assert main(["kader", "publiceer", "mijnkader@1.0"]) == 1
    assert "al vastgesteld" in capsys.readouterr().err

    assert main(["kader", "importeer", schrijf(tmp_path, mijnkader("1.1"), "b.yaml")]) == 0
    capsys.readouterr()
    assert main(["kader", "publiceer", "mijnkader@1.1", "--geldig-vanaf", str(VANDAAG)]) == 1
    assert "overlapt met versie 1.0" in capsys.readouterr().err
    morgen = (VANDAAG + dt.timedelta(days=1)).isoformat()
    assert main(["kader", "publiceer", "mijnkader@1.1", "--geldig-vanaf", morgen]) == 0
    capsys.readouterr()

    assert main(["kader", "versies", "mijnkader", "--format", "json"]) == 0
    rijen = json.loads(capsys.readouterr().out)
    assert [(r["versie"], r["geldig_vanaf"], r["geldig_tot"]) for r in rijen] == [
        ("1.0", VANDAAG.isoformat(), VANDAAG.isoformat()),
        ("1.1", morgen, None),
    ]


def test_importeer_een_ongeldig_bestand_toont_elke_fout_met_regel(tmp_path, capsys):
    tekst = mijnkader().replace("titel: Minimaal kader", "titell: Minimaal kader")
    tekst = tekst.replace("rol: onveiligheid", "rol: ernst")
    pad = schrijf(tmp_path, tekst)
    assert main(["kader", "importeer", pad]) == 1
    regels = capsys.readouterr().out.splitlines()
    assert any(r.startswith(f"{pad}:3: Onbekend veld 'titell'") for r in regels), regels
    assert any("Het veld 'titel' ontbreekt" in r for r in regels)
    assert any("'ernst' is hier niet toegestaan" in r for r in regels)
    assert regels[-1] == f"{pad}: {len(regels) - 1} fouten; er is niets opgeslagen."
    assert not KaderVersie.objects.exists()


def test_importeer_onleesbaar_geeft_exitcode_2(tmp_path, capsys):
    assert main(["kader", "importeer", str(tmp_path / "bestaat-niet.yaml")]) == 2
    assert "bestand niet gevonden" in capsys.readouterr().err
    assert main(["kader", "importeer", schrijf(tmp_path, "id: [onaf")]) == 2
    assert "geen geldige YAML" in capsys.readouterr().err
    assert main(["kader", "publiceer", "bestaat@1"]) == 2
    assert "staat niet in de database" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["kader", "publiceer", "mijnkader@1.0", "--geldig-vanaf", "morgen"])
    assert stop.value.code == 2
    assert "JJJJ-MM-DD" in capsys.readouterr().err


def test_verschil_vindt_versies_in_de_database(tmp_path, capsys):
    main(["kader", "importeer", schrijf(tmp_path, mijnkader("1.0"))])
    main(["kader", "importeer", schrijf(tmp_path, mijnkader("2.0", "Ander kader"), "b.yaml")])
    capsys.readouterr()
    assert main(["kader", "verschil", "mijnkader@1.0", "mijnkader@2.0"]) == 0
    uit = capsys.readouterr().out
    assert "titel was 'Minimaal kader', nu 'Ander kader'" in uit
    assert "versie was '1.0', nu '2.0'" in uit
    assert main(["kader", "verschil", "basis@2018.2", "mijnkader@1.0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["nieuw"]["id"] == "mijnkader"
    assert main(["kader", "verschil", "basis", "mijnkader@9.9"]) == 2
    assert "Kader 'mijnkader' is niet geïnstalleerd" in capsys.readouterr().err


def test_beheerder_wijst_een_kaderbeheerder_aan(tmp_path, capsys):
    assert main(["kader", "beheerder", "karin", "--beroepsorganisatie", "PO-vereniging"]) == 0
    uit = capsys.readouterr().out
    assert "karin is kaderbeheerder voor PO-vereniging" in uit
    wachtwoord = uit.split("één keer getoond): ")[1].strip()
    user = User.objects.get(username="karin")
    assert user.check_password(wachtwoord)
    lid = Membership.objects.get(user=user)
    assert lid.rol == Rol.KADERBEHEERDER and lid.organisatie.naam == "PO-vereniging"
    assert main(["kader", "beheerder", "karin", "--beroepsorganisatie", "PO-vereniging"]) == 0
    assert "wachtwoord" not in capsys.readouterr().out.lower()
    pad = schrijf(tmp_path, mijnkader())
    assert main(["kader", "importeer", pad, "--beroepsorganisatie", "Bestaat niet"]) == 1
    assert "organisatie 'Bestaat niet' bestaat niet" in capsys.readouterr().err
    assert main(["kader", "importeer", pad, "--beroepsorganisatie", "PO-vereniging"]) == 0
    assert KaderVersie.objects.get(kader_id="mijnkader").beroepsorganisatie == lid.organisatie
