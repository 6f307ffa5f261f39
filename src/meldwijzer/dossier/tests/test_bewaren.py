"""Retention: an expired casus is erased everywhere — its rows deleted, its data key destroyed (so
the audit trail's ciphertext and old key files are unreadable), a deletion record left — and the
audit chain still verifies."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Bewaartermijn, Casus
from meldwijzer.dossier.services.bewaren import (
    pas_bewaartermijn_toe,
    stel_bewaartermijn_in,
    verlopen_casussen,
)
from meldwijzer.dossier.tests.bouwers import beantwoord, maak_klaar_voor_stap5
from meldwijzer.sleutels import crypto, sleutelbestand, sleutelring
from meldwijzer.sleutels.models import DataSleutel

pytestmark = pytest.mark.django_db

GEHEIM = "Moeder vertelde over de nacht van 3 maart."


def _gesloten_jaren_geleden(casus: Casus, jaren: float) -> None:
    Casus.objects.filter(pk=casus.pk).update(
        afgesloten_op=timezone.now() - dt.timedelta(days=365.25 * jaren)
    )


@pytest.fixture
def volle_casus(beroepskracht, client_van):
    """A casus with a record of nearly every kind, closed after a hulpplan, read once."""
    casus = services.open_casus(actor=beroepskracht, titel="Zorgen om Sam")
    services.voeg_betrokkene_toe(
        actor=beroepskracht,
        casus=casus,
        rol="ouder",
        relatie="moeder",
        naam="Mevrouw Jansen",
        leeftijd=35,
    )
    maak_klaar_voor_stap5(beroepskracht, casus)
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=timezone.localdate() - dt.timedelta(days=1),
        bron="verteld",
        bron_wie="moeder",
        aard="mening",
        tekst=GEHEIM,
    )
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
    services.sluit_traject_af(
        actor=beroepskracht,
        casus=casus,
        datum=timezone.localdate(),
        conclusie="Veilig; hulp afgerond.",
        casusregie_door="Wijkteam",
        afspraken=[
            {
                "wat": "Schoolbezoek",
                "wie": "Mentor",
                "partners": "Wijkteam",
                "tot_wanneer": timezone.localdate() + dt.timedelta(days=90),
            }
        ],
    )
    client_van(beroepskracht).get(reverse("web:casus", args=[casus.uuid]))
    casus.refresh_from_db()
    assert casus.is_afgesloten
    return casus


def _rijen_van(casus_id: int) -> dict[str, int]:
    """Every dossier row that still refers to the casus."""
    gevonden = {}
    for model in apps.get_app_config("dossier").get_models():
        namen = {f.name for f in model._meta.concrete_fields}
        if "casus" in namen:
            aantal = model._base_manager.filter(casus_id=casus_id).count()
            if aantal:
                gevonden[model.__name__] = aantal
    return gevonden


def test_bewaartermijn_wist_alles_en_de_keten_klopt(volle_casus, beroepskracht, tmp_path, capsys):
    casus = volle_casus
    sleutel_id = casus.sleutel_id
    assert len(_rijen_van(casus.pk)) >= 8
    bewaard = services.open_casus(actor=beroepskracht, titel="Blijft")  # open: kept
    sleutelbestand.schrijf(tmp_path / "backup.sleutels.json")
    # The ciphertext audit rows hold, before:
    ruwe_audit = [g.ruw("nieuw") for g in Gebeurtenis.objects.filter(casus_id=casus.pk)]
    assert any(crypto.is_token(r) for r in ruwe_audit)

    _gesloten_jaren_geleden(casus, 21)
    assert [v.casus_id for v in verlopen_casussen()] == [casus.pk]
    resultaat = pas_bewaartermijn_toe(sleutelbestanden=[tmp_path / "backup.sleutels.json"])
    assert [v.casus_id for v in resultaat.verwijderd] == [casus.pk]

    # Erased: every row, the key; the key file cleaned.
    assert not Casus.objects.filter(pk=casus.pk).exists()
    assert _rijen_van(casus.pk) == {}
    assert not DataSleutel.objects.filter(pk=sleutel_id).exists()
    assert resultaat.sleutelbestanden == {str(tmp_path / "backup.sleutels.json"): 1}
    ids = {r["id"] for r in sleutelbestand.lees(tmp_path / "backup.sleutels.json")["sleutels"]}
    assert sleutel_id.hex not in ids and bewaard.sleutel_id.hex in ids
    assert Casus.objects.filter(pk=bewaard.pk).exists()

    # The audit rows stay, as ciphertext nobody can read any more.
    sleutelring.vergeet()
    rijen = list(Gebeurtenis.objects.filter(casus_id=casus.pk).exclude(soort="casus.verwijderd"))
    assert rijen and [g.ruw("nieuw") for g in rijen] == ruwe_audit
    assert all(g.nieuw is None for g in rijen if crypto.is_token(g.ruw("nieuw")))
    assert Toegang.objects.filter(casus_id=casus.pk).exists()

    # The deletion record: which casus, when, by which rule; no content.
    record = Gebeurtenis.objects.get(soort="casus.verwijderd")
    assert record.casus_id == casus.pk and record.actor is None
    assert record.nieuw["kenmerk"] == casus.kenmerk and record.nieuw["regel"] == "bewaartermijn"
    assert record.nieuw["sleutel"] == sleutel_id.hex and record.nieuw["termijn_jaren"] == 20
    assert "20 jaar na afsluiten" in record.reden
    assert "Sam" not in json.dumps(record.nieuw) + record.reden

    # The chain still verifies, and the text is nowhere in the database.
    assert keten.verifieer().in_orde
    assert main(["audit", "verifieer"]) == 0
    with connection.cursor() as cursor:
        for tabel in ("audit_gebeurtenis", "dossier_signaal", "dossier_casus"):
            cursor.execute(f"SELECT * FROM {tabel}")
            assert "nacht van 3 maart" not in str(cursor.fetchall())


def test_termijn_nog_niet_om_of_heropend_blijft(volle_casus, beroepskracht):
    _gesloten_jaren_geleden(volle_casus, 19)
    assert verlopen_casussen() == []
    _gesloten_jaren_geleden(volle_casus, 25)
    services.heropen_casus(actor=beroepskracht, casus=volle_casus, reden="Nieuwe signalen.")
    assert verlopen_casussen() == []
    assert pas_bewaartermijn_toe().verwijderd == []


def test_eigen_termijn_van_de_organisatie(volle_casus, maak_lid, organisatie):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie)
    stel_bewaartermijn_in(actor=beheerder, jaren=5)
    assert Bewaartermijn.objects.get(organisatie=organisatie).jaren == 5
    _gesloten_jaren_geleden(volle_casus, 6)
    assert [v.jaren for v in verlopen_casussen()] == [5]
    gebeurtenis = Gebeurtenis.objects.get(soort="organisatie.bewaartermijn")
    assert (gebeurtenis.oud, gebeurtenis.nieuw) == ({"jaren": 20}, {"jaren": 5})


@pytest.mark.parametrize("rol", [Rol.BEROEPSKRACHT, Rol.AANDACHTSFUNCTIONARIS, Rol.PRIVACY_OFFICER])
def test_alleen_de_beheerder_stelt_de_termijn_in(rol, maak_lid, organisatie):
    """The service asks the same rule as the page (mag_bewaartermijn_instellen)."""
    with pytest.raises(PermissionDenied):
        stel_bewaartermijn_in(actor=maak_lid(rol, organisatie), jaren=5)
    assert not Bewaartermijn.objects.filter(organisatie=organisatie).exists()
    assert not Gebeurtenis.objects.filter(soort="organisatie.bewaartermijn").exists()


def test_droog_en_tweemaal_draaien(volle_casus, capsys):
    _gesloten_jaren_geleden(volle_casus, 21)
    assert main(["bewaartermijn", "--droog"]) == 0
    assert volle_casus.kenmerk in capsys.readouterr().out
    assert Casus.objects.filter(pk=volle_casus.pk).exists()
    assert main(["bewaartermijn"]) == 0
    assert "Casussen verwijderd: 1" in capsys.readouterr().out
    assert main(["bewaartermijn"]) == 0  # nothing erased twice
    assert "Casussen verwijderd: 0" in capsys.readouterr().out
    assert Gebeurtenis.objects.filter(soort="casus.verwijderd").count() == 1


def test_vooruitkijken_met_een_peildatum(volle_casus, capsys):
    over = (timezone.localdate() + dt.timedelta(days=366 * 20 + 10)).isoformat()
    assert main(["bewaartermijn", "--droog", "--peildatum", over]) == 0
    assert volle_casus.kenmerk in capsys.readouterr().out
    assert main(["bewaartermijn", "--peildatum", "morgen"]) == 2
    assert "geen datum" in capsys.readouterr().err


def test_sleutelbestanden_uit_de_instellingen(volle_casus, settings, tmp_path, capsys):
    map_ = tmp_path / "backups"
    map_.mkdir()
    sleutelbestand.schrijf(map_ / "maandag.sleutels.json")
    (map_ / "kapot.sleutels.json").write_text("geen json")
    settings.MELDWIJZER_SLEUTELBESTANDEN = [str(map_ / "*.sleutels.json")]
    _gesloten_jaren_geleden(volle_casus, 21)
    assert main(["bewaartermijn"]) == 1  # the broken key file is a problem to report
    uit = capsys.readouterr()
    assert "maandag.sleutels.json: 1 vernietigde sleutels verwijderd" in uit.out
    assert "kapot.sleutels.json" in uit.err
    assert sleutelbestand.lees(map_ / "maandag.sleutels.json")["sleutels"] == []
    assert main(["bewaartermijn", "--sleutelbestand", str(tmp_path / "weg.json")]) == 2


def test_bewaartermijn_instellen_op_de_beheerpagina(maak_lid, organisatie, client_van):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie)
    client = client_van(beheerder)
    pagina = client.get(reverse("web:beheer_bewaartermijn"))
    assert pagina.status_code == 200 and "20 jaar" in pagina.content.decode()
    assert client.post(reverse("web:beheer_bewaartermijn"), {"jaren": "0"}).status_code == 200
    antwoord = client.post(reverse("web:beheer_bewaartermijn"), {"jaren": "15"})
    assert antwoord.status_code == 302
    assert Bewaartermijn.objects.get(organisatie=organisatie).jaren == 15
    for rol in (Rol.PRIVACY_OFFICER, Rol.AANDACHTSFUNCTIONARIS):
        lid = maak_lid(rol, organisatie)
        assert client_van(lid).get(reverse("web:beheer_bewaartermijn")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_wissen_wordt_echt_vastgelegd(beroepskracht):
    """Committed, not rolled back: the database's own reference checks (at commit) hold once a
    casus and its key are gone, and nothing of it remains in any table that refers to it."""
    casus = services.open_casus(actor=beroepskracht, titel="Kort bewaard")
    maak_klaar_voor_stap5(beroepskracht, casus)
    beantwoord(beroepskracht, casus, {"1": "nee"})
    _gesloten_jaren_geleden(casus, 30)
    resultaat = pas_bewaartermijn_toe()
    assert [v.casus_id for v in resultaat.verwijderd] == [casus.pk]
    assert not Casus.objects.filter(pk=casus.pk).exists()
    assert not DataSleutel.objects.filter(pk=casus.sleutel_id).exists()
    assert keten.verifieer().in_orde
