"""`meldwijzer taken`: every due job once, each under its lock, each run recorded; a lock held
elsewhere is no error; a failure is recorded, exits 1 and is tried again next time."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import zoneinfo
from contextlib import redirect_stderr, redirect_stdout

import pytest
from django.core import mail
from django.db import connection

from meldwijzer.cli import main
from meldwijzer.dossier import services as dossier
from meldwijzer.rapportage.tests.gegevens import klok, spoedmelding
from meldwijzer.taken import taken as register
from meldwijzer.taken.models import Taakslot, Taakuitvoering, Uitkomst
from meldwijzer.taken.services import aan_de_beurt, draai
from meldwijzer.taken.slot import slot

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
MAANDAG = dt.date(2025, 3, 3)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _koppenmap(settings, tmp_path):
    settings.MELDWIJZER_KETENKOPPEN_MAP = str(tmp_path / "koppen")
    settings.MELDWIJZER_BACKUP_MAP = ""


def taken(*args: str) -> tuple[int, str, str]:
    uit, fout = io.StringIO(), io.StringIO()
    with redirect_stdout(uit), redirect_stderr(fout):
        code = main(["taken", *args])
    return code, uit.getvalue(), fout.getvalue()


@pytest.fixture
def termijn_met_ontvanger(beroepskracht):
    beroepskracht.user.email = "bea@school.example"
    beroepskracht.user.save()
    with klok(MAANDAG):
        casus = dossier.open_casus(actor=beroepskracht, titel="Zorgen")
        spoedmelding(beroepskracht, casus, MAANDAG)
    return casus


def test_elke_taak_eenmaal_per_periode_en_vastgelegd(termijn_met_ontvanger, tmp_path):
    with klok(MAANDAG + dt.timedelta(days=14)):
        code, uit, _fout = taken()
        assert code == 0, uit
        verstuurd = len(mail.outbox)
        assert verstuurd >= 1
        assert "backup: niet ingesteld" in uit
        runs = {r.taak: r for r in Taakuitvoering.objects.all()}
        assert set(runs) == {"ketenkoppen", "bewaartermijn", "herinneringen"}
        assert all(r.uitkomst == Uitkomst.GELUKT and r.geeindigd for r in runs.values())
        koppen = list((tmp_path / "koppen").glob("koppen-*.json"))
        assert len(koppen) == 1 and json.loads(koppen[0].read_text())["koppen"]
        # A second run in the same period: nothing is due, nothing sent again.
        code, uit, _fout = taken()
        assert code == 0 and uit.count("niet aan de beurt") == 3
        assert len(mail.outbox) == verstuurd
        assert Taakuitvoering.objects.count() == 3


def test_een_taak_is_aan_de_beurt_vanaf_zijn_uur_op_zijn_dagen():
    herinneringen = register.PER_NAAM["herinneringen"]  # werkdagen vanaf 07:00
    vrijdag_acht = dt.datetime(2025, 3, 7, 8, tzinfo=AMSTERDAM)
    zondag = dt.datetime(2025, 3, 9, 12, tzinfo=AMSTERDAM)
    maandag_zes = dt.datetime(2025, 3, 10, 6, tzinfo=AMSTERDAM)
    verwacht = dt.datetime(2025, 3, 7, 7, tzinfo=AMSTERDAM)
    assert herinneringen.laatste_moment(vrijdag_acht) == verwacht
    assert herinneringen.laatste_moment(zondag) == verwacht
    assert herinneringen.laatste_moment(maandag_zes) == verwacht
    Taakuitvoering.objects.create(
        taak="herinneringen", node="x:1", begonnen=vrijdag_acht, uitkomst=Uitkomst.GELUKT
    )
    assert not aan_de_beurt(herinneringen, maandag_zes)
    assert aan_de_beurt(herinneringen, maandag_zes + dt.timedelta(hours=1))


def _houd_slot_vast(taak: str):
    """The lock as another process holds it: on PostgreSQL a session of its own; on SQLite the
    row of a process that runs (our parent)."""
    if connection.vendor == "postgresql":
        return slot(taak)
    Taakslot.objects.create(taak=taak, houder=f"{socket.gethostname()}:{os.getppid()}")
    return _al_vast()


class _al_vast:
    def __enter__(self) -> bool:
        return True

    def __exit__(self, *_args: object) -> None:
        return None


def test_een_slot_dat_vastgehouden_wordt_is_geen_fout(termijn_met_ontvanger):
    with klok(MAANDAG + dt.timedelta(days=14)), _houd_slot_vast("herinneringen") as vast:
        assert vast
        code, uit, _fout = taken("--taak", "herinneringen")
    assert code == 0
    assert "herinneringen: draait al op een andere node of in een ander proces" in uit
    assert mail.outbox == []
    assert not Taakuitvoering.objects.exists()


def test_het_slot_van_een_gestorven_proces_wordt_overgenomen():
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL lets go of an advisory lock itself when the session ends")
    Taakslot.objects.create(taak="ketenkoppen", houder=f"{socket.gethostname()}:999999999")
    Taakuitvoering.objects.create(taak="ketenkoppen", node="x:999999999")  # died running
    code, uit, _fout = taken("--taak", "ketenkoppen")
    assert code == 0, uit
    assert list(Taakuitvoering.objects.values_list("uitkomst", flat=True)) == [
        Uitkomst.GELUKT,
        Uitkomst.AFGEBROKEN,
    ]
    assert Taakslot.objects.get(taak="ketenkoppen").houder == ""


def test_een_mislukte_taak_wordt_vastgelegd_en_de_volgende_keer_opnieuw_geprobeerd(
    settings, tmp_path
):
    (tmp_path / "bestand").write_text("")
    settings.MELDWIJZER_KETENKOPPEN_MAP = str(tmp_path / "bestand" / "koppen")  # not a folder
    code, uit, fout = taken("--taak", "ketenkoppen")
    assert code == 1
    assert "ketenkoppen: mislukt" in uit and "mislukt: ketenkoppen" in fout
    run = Taakuitvoering.objects.get()
    assert run.uitkomst == Uitkomst.MISLUKT and "NotADirectoryError" in run.samenvatting
    settings.MELDWIJZER_KETENKOPPEN_MAP = str(tmp_path / "koppen")
    code, uit, _fout = taken("--taak", "ketenkoppen")
    assert code == 0 and "ketenkoppen: gelukt" in uit


def test_nu_draait_ook_wat_niet_aan_de_beurt_is():
    assert draai(["ketenkoppen"]).regels[0].startswith("ketenkoppen: gelukt")
    assert "niet aan de beurt" in draai(["ketenkoppen"]).regels[0]
    assert draai(["ketenkoppen"], altijd=True).regels[0].startswith("ketenkoppen: gelukt")


def test_een_onbekende_taak_is_foute_invoer():
    with pytest.raises(SystemExit) as einde, redirect_stderr(io.StringIO()):
        main(["taken", "--taak", "koffie"])
    assert einde.value.code == 2


def test_de_beheerder_ziet_de_laatste_runs_en_wat_mislukte(maak_lid, client_van, organisatie):
    from django.urls import reverse

    from meldwijzer.accounts.models import Rol

    Taakuitvoering.objects.create(
        taak="herinneringen", node="app1:10", uitkomst=Uitkomst.GELUKT, samenvatting="3 e-mails"
    )
    Taakuitvoering.objects.create(
        taak="ketenkoppen", node="app2:20", uitkomst=Uitkomst.MISLUKT, samenvatting="OSError: vol"
    )
    beheerder = maak_lid(Rol.BEHEERDER, organisatie, "bert")
    pagina = client_van(beheerder).get(reverse("web:beheer_taken"))
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "Mislukt sinds de laatste keer dat het lukte" in tekst
    assert "ketenkoppen: Mislukt" in tekst and "niet ingesteld" in tekst  # backup: no folder
    # Each organisation's beheerder shares the installation with others: no server names, no
    # summaries (counts over every organisation, file names) — those are for the server's
    # administrator (meldwijzer taken --overzicht).
    for infra in ("app1:10", "app2:20", "OSError: vol", "3 e-mails"):
        assert infra not in tekst, infra
    beroepskracht = maak_lid(Rol.BEROEPSKRACHT, organisatie, "bea")
    assert client_van(beroepskracht).get(reverse("web:beheer_taken")).status_code == 403


def test_de_serverbeheerder_ziet_server_en_samenvatting_met_overzicht(capsys):
    Taakuitvoering.objects.create(
        taak="ketenkoppen", node="app2:20", uitkomst=Uitkomst.MISLUKT, samenvatting="OSError: vol"
    )
    assert main(["taken", "--overzicht"]) == 0
    uit = capsys.readouterr().out
    assert "ketenkoppen" in uit and "app2:20" in uit and "Mislukt" in uit and "OSError: vol" in uit
    assert "herinneringen: laatst gelukt nog nooit" in uit
    assert not Taakuitvoering.objects.exclude(taak="ketenkoppen").exists()  # nothing ran


def test_een_back_up_zonder_sleutel_is_een_zichtbare_fout(settings, tmp_path):
    """Both folders set but no backup key: not a silent skip, a failed run that says what to
    set."""
    settings.MELDWIJZER_BACKUP_MAP = str(tmp_path / "backup")
    settings.MELDWIJZER_BACKUP_SLEUTELMAP = str(tmp_path / "sleutels")
    settings.MELDWIJZER_BACKUP_SLEUTELS = []
    code, uit, _fout = taken("--taak", "backup")
    assert "backup: mislukt" in uit
    assert code == 1
    run = Taakuitvoering.objects.get(taak="backup")
    assert run.uitkomst == Uitkomst.MISLUKT
    assert "MELDWIJZER_BACKUP_SLEUTEL" in run.samenvatting
