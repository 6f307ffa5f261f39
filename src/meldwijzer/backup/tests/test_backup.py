"""Backup and restore (deploy.md): a populated database round-trips — every table's row count, the
audit hash chains, an encrypted note — on SQLite and on PostgreSQL (the same tests, run by the
suite on both); the snapshot holds no wrapped key and no plaintext; retention's erasure survives
restoring an older backup; a restore is refused, with nothing changed, for a database that is not
empty, a key file of another backup, a changed or cut-off snapshot or the wrong backup key."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Organisatie, Rol
from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.backup import kopie, versleuteling
from meldwijzer.backup.kopie import BackupFout, herstel, is_leeg, maak_backup
from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus, Signaal
from meldwijzer.dossier.services.bewaren import pas_bewaartermijn_toe
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord, maak_klaar_voor_stap5
from meldwijzer.sleutels import sleutelbestand, sleutelring
from meldwijzer.sleutels.models import DataSleutel

pytestmark = pytest.mark.django_db(transaction=True)


def _notitie(casus: Casus, lid, tekst: str) -> None:
    services.leg_signaal_vast(
        actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst=tekst
    )


def _vul(maak_lid, client_van) -> dict[str, Casus]:
    """Two organisations; casussen with notes, answers (besluiten), audit and access rows."""
    casussen: dict[str, Casus] = {}
    for naam in ("Basisschool De Linde", "Huisartsenpraktijk Het Baken"):
        org = Organisatie.objects.create(naam=naam)
        lid = maak_lid(Rol.BEROEPSKRACHT, org)
        maak_lid(Rol.AANDACHTSFUNCTIONARIS, org)
        client = client_van(lid)
        for i in range(2):
            casus = services.open_casus(actor=lid, titel=f"Zorgen {naam} {i}")
            _notitie(casus, lid, f"Geheime notitie {naam} {i}")
            maak_klaar_voor_stap5(lid, casus)
            beantwoord(lid, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
            client.get(reverse("web:casus", args=[casus.uuid]))  # an access-log row
            casussen[f"{naam} {i}"] = casus
    return casussen


def _tellingen() -> dict[str, int]:
    tellingen = {}
    with connection.cursor() as cursor:
        for tabel in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(tabel)}")
            tellingen[tabel] = cursor.fetchone()[0]
    return tellingen


def _leegmaken() -> None:
    call_command("flush", interactive=False, verbosity=0)
    sleutelring.vergeet()
    assert is_leeg()


def _notities() -> set[str]:
    return {s.tekst for s in Signaal.objects.all()}


def test_rondreis_houdt_elke_tabel_de_ketens_en_de_tekst(maak_lid, client_van, tmp_path) -> None:
    _vul(maak_lid, client_van)
    voor = _tellingen()
    assert voor["sleutels_datasleutel"] == 4
    assert Gebeurtenis.objects.count() > 10 and Toegang.objects.count() >= 4
    assert voor["dossier_besluit"] > 0
    koppen = keten.koppen()
    notities = _notities()
    assert "Geheime notitie Basisschool De Linde 0" in notities

    stappen: list[tuple[int, int]] = []
    uitkomst = maak_backup(
        tmp_path / "snap.mwb",
        tmp_path / "sleutels" / "snap.sleutels.json",
        voortgang=lambda g, t: stappen.append((g, t)),
    )
    assert stappen and uitkomst.sleutels == 4
    ruw = (tmp_path / "snap.mwb").read_bytes()
    # Encrypted: no note, no title, no table name, no wrapped key in the snapshot.
    inhoud = sleutelbestand.lees(tmp_path / "sleutels" / "snap.sleutels.json")
    assert inhoud["backup"] == uitkomst.backup_id
    for verboden in [b"Geheime notitie", b"Zorgen", b"dossier_casus", b"SQLite format"]:
        assert verboden not in ruw
    for regel in inhoud["sleutels"]:
        assert regel["verpakt"].encode() not in ruw
    # The key file read from the copy (SQLite) or the snapshot (PostgreSQL) holds the entries
    # the key file of the live database would.
    assert inhoud["sleutels"] == sleutelbestand.regels_uit_database()

    _leegmaken()
    assert _tellingen()["dossier_casus"] == 0
    herstel(tmp_path / "snap.mwb", tmp_path / "sleutels" / "snap.sleutels.json")

    assert _tellingen() == voor
    assert keten.verifieer().bevindingen == []
    assert keten.vergelijk_koppen(keten.lees_koppen(koppen)) == []
    assert _notities() == notities
    assert all(c.sleutel_id for c in Casus.objects.all())


def test_de_snapshot_zelf_bevat_geen_datasleutels(maak_lid, client_van, tmp_path):
    """Decrypted, the snapshot has an empty key table (SQLite: and no key in a free page)."""
    _vul(maak_lid, client_van)
    maak_backup(tmp_path / "snap.mwb", tmp_path / "k.json")
    verpakt = [bytes(v) for v in DataSleutel.objects.values_list("verpakt", flat=True)]
    platte_tekst = bytearray()
    with (tmp_path / "snap.mwb").open("rb") as invoer:
        versleuteling.ontsleutel(
            invoer,
            versleuteling.backup_sleutels([versleuteling_sleutel()]),
            platte_tekst.extend,
        )
    assert len(platte_tekst) > 10_000
    for sleutel in verpakt:
        assert sleutel not in platte_tekst
    assert b"Geheime notitie" not in platte_tekst  # the notes are ciphertext inside, too


def versleuteling_sleutel() -> str:
    from django.conf import settings

    return settings.MELDWIJZER_BACKUP_SLEUTELS[0]


def test_gewiste_casus_blijft_gewist_na_herstel_van_een_oudere_backup(
    maak_lid, client_van, tmp_path, settings
) -> None:
    casussen = _vul(maak_lid, client_van)
    oud = casussen["Basisschool De Linde 0"]
    blijft = casussen["Basisschool De Linde 1"]
    map_ = tmp_path / "sleutelbestanden"
    settings.MELDWIJZER_SLEUTELBESTANDEN = [str(map_ / "*.json")]
    maak_backup(tmp_path / "maandag.mwb", map_ / "maandag.json")
    voor = _tellingen()

    # Later: the casus is closed and its retention period passes; retention erases it and
    # cleans Monday's key file.
    Casus.objects.filter(pk=oud.pk).update(
        fase="afgesloten", afgesloten_op=timezone.now() - dt.timedelta(days=365 * 30)
    )
    resultaat = pas_bewaartermijn_toe()
    assert [v.casus_id for v in resultaat.verwijderd] == [oud.pk]
    assert resultaat.sleutelbestanden == {str(map_ / "maandag.json"): 1}
    ids = {r["id"] for r in sleutelbestand.lees(map_ / "maandag.json")["sleutels"]}
    assert oud.sleutel_id is not None and blijft.sleutel_id is not None
    assert oud.sleutel_id.hex not in ids and blijft.sleutel_id.hex in ids

    # Disaster; Monday's backup is restored.
    _leegmaken()
    uitkomst = herstel(tmp_path / "maandag.mwb", map_ / "maandag.json")
    assert uitkomst.zonder_sleutel == 1
    na = _tellingen()
    assert na["dossier_casus"] == voor["dossier_casus"]  # the old rows are back …
    assert na["sleutels_datasleutel"] == voor["sleutels_datasleutel"] - 1  # … but not the key
    teruggekeerd = Casus.objects.get(pk=oud.pk)
    assert teruggekeerd.sleutel_id is None
    assert teruggekeerd.titel == sleutelring.ONLEESBAAR
    teksten: dict[int, set[str]] = {}
    for signaal in Signaal.objects.all():
        teksten.setdefault(signaal.casus_id, set()).add(signaal.tekst)
    assert teksten[oud.pk] == {sleutelring.ONLEESBAAR}
    assert "Geheime notitie Basisschool De Linde 1" in teksten[blijft.pk]
    assert sleutelring.ONLEESBAAR not in teksten[blijft.pk]
    assert keten.verifieer().bevindingen == []


@pytest.fixture
def backup(maak_lid, client_van, tmp_path) -> tuple[Path, Path, dict[str, int]]:
    _vul(maak_lid, client_van)
    maak_backup(tmp_path / "snap.mwb", tmp_path / "snap.json")
    return tmp_path / "snap.mwb", tmp_path / "snap.json", _tellingen()


def test_herstel_weigert_een_database_die_niet_leeg_is(backup, capsys):
    snap, sleutels, voor = backup
    with pytest.raises(BackupFout, match="niet leeg"):
        herstel(snap, sleutels)
    assert main(["restore", str(snap), "--sleutelbestand", str(sleutels)]) == 2
    assert "niet leeg" in capsys.readouterr().err
    assert _tellingen() == voor
    # With the explicit flag it replaces what is there.
    services.open_casus(actor=_een_lid(), titel="Na de back-up")
    herstel(snap, sleutels, overschrijf=True)
    assert _tellingen() == voor
    assert keten.verifieer().bevindingen == []


def _een_lid():
    from meldwijzer.accounts.models import Membership

    return Membership.objects.filter(rol=Rol.BEROEPSKRACHT).first()


def test_herstel_weigert_een_sleutelbestand_van_een_andere_backup(backup, tmp_path, capsys):
    snap, _sleutels, _voor = backup
    maak_backup(tmp_path / "ander.mwb", tmp_path / "ander.json")
    _leegmaken()
    leeg = _tellingen()
    with pytest.raises(BackupFout, match="hoort niet bij deze back-up"):
        herstel(snap, tmp_path / "ander.json")
    # A plain key export names no backup: refused too.
    sleutelbestand.schrijf(tmp_path / "export.json")
    assert main(["restore", str(snap), "--sleutelbestand", str(tmp_path / "export.json")]) == 2
    assert "hoort niet bij deze back-up" in capsys.readouterr().err
    assert _tellingen() == leeg


@pytest.mark.parametrize("schade", ["bit", "afgeknipt", "kop", "staart"])
def test_herstel_weigert_een_gewijzigde_snapshot_en_herstelt_niets(backup, schade, capsys):
    snap, sleutels, _voor = backup
    data = bytearray(snap.read_bytes())
    if schade == "bit":
        data[len(data) // 2] ^= 0x01
    elif schade == "afgeknipt":
        data = data[: len(data) - 100]
    elif schade == "kop":
        data = data.replace(b'"database"', b'"databasf"', 1)
    else:
        data += b"\x00" * 10
    snap.write_bytes(bytes(data))
    _leegmaken()
    leeg = _tellingen()
    assert main(["restore", str(snap), "--sleutelbestand", str(sleutels)]) == 2
    fout = capsys.readouterr().err
    assert "herstel geweigerd" in fout
    assert _tellingen() == leeg


def test_herstel_weigert_de_verkeerde_backupsleutel(backup, settings):
    snap, sleutels, _voor = backup
    _leegmaken()
    settings.MELDWIJZER_BACKUP_SLEUTELS = [settings.MELDWIJZER_DEV_BACKUP_SLEUTEL]
    with pytest.raises(BackupFout, match="back-upsleutel"):
        herstel(snap, sleutels)
    settings.MELDWIJZER_BACKUP_SLEUTELS = []
    with pytest.raises(BackupFout, match="MELDWIJZER_BACKUP_SLEUTEL"):
        herstel(snap, sleutels)


def test_cli_backup_en_restore(maak_lid, client_van, tmp_path, capsys):
    _vul(maak_lid, client_van)
    voor = _tellingen()
    snap, sleutels = tmp_path / "nacht.mwb", tmp_path / "nacht.json"
    assert main(["backup", str(snap), "--sleutelbestand", str(sleutels)]) == 0
    uit = capsys.readouterr().out
    assert "4 verpakte datasleutels" in uit and "Bewaar het sleutelbestand apart" in uit
    assert main(["backup", str(snap), "--sleutelbestand", str(sleutels)]) == 2  # no overwrite
    assert "bestaat al" in capsys.readouterr().err
    assert json.loads(sleutels.read_text())["database"] == connection.vendor
    _leegmaken()
    assert main(["restore", str(snap), "--sleutelbestand", str(sleutels)]) == 0
    uit = capsys.readouterr().out
    assert "na controle in een proefdatabase" in uit and "auditketens" in uit and "kloppen" in uit
    assert _tellingen() == voor


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="de in-memory testdatabase van SQLite kent geen tweede schrijver naast de kopie",
)
def test_backup_tijdens_schrijven_is_een_consistent_moment(maak_lid, client_van, tmp_path) -> None:
    """Writes by another connection while pg_dump runs end up neither whole nor half in the
    snapshot: it is the moment the backup began. (SQLite: the copy runs in one read transaction
    of its own connection; WAL lets writers go on meanwhile.)"""
    casussen = _vul(maak_lid, client_van)
    casus = casussen["Basisschool De Linde 0"]
    lid = _een_lid()
    geschreven: list[int] = []

    def in_andere_verbinding() -> None:
        try:
            _notitie(casus, lid, f"tussendoor {len(geschreven)}")
        finally:
            connection.close()

    def schrijf_tussendoor(gedaan: int, totaal: int) -> None:
        if not geschreven:
            draad = threading.Thread(target=in_andere_verbinding)
            draad.start()
            draad.join()
            geschreven.append(gedaan)

    voor = _tellingen()
    maak_backup(tmp_path / "s.mwb", tmp_path / "s.json", voortgang=schrijf_tussendoor)
    assert geschreven
    assert Signaal.objects.count() == voor["dossier_signaal"] + 1  # it was written
    _leegmaken()
    herstel(tmp_path / "s.mwb", tmp_path / "s.json")
    assert _tellingen() == voor
    assert keten.verifieer().bevindingen == []


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="de SQLite-variant")
def test_sqlite_kopie_is_een_moment_terwijl_een_ander_proces_schrijft(
    maak_lid, client_van, tmp_path, monkeypatch
) -> None:
    """A database file in WAL mode, as in production; another connection writes between every
    step of the online backup. The snapshot is the moment the copy began, holds no wrapped key,
    and the writer was never blocked."""
    _vul(maak_lid, client_van)
    live = tmp_path / "live.sqlite3"
    doel = sqlite3.connect(live)
    connection.connection.backup(doel)
    doel.execute("PRAGMA journal_mode=WAL")
    doel.execute("CREATE TABLE tussendoor (n INTEGER)")
    doel.commit()
    doel.close()
    schrijver = sqlite3.connect(live, isolation_level=None, timeout=0)
    stappen: list[int] = []

    def schrijf(gedaan: int, totaal: int) -> None:
        if len(stappen) < 20:
            schrijver.execute("INSERT INTO tussendoor VALUES (?)", (gedaan,))  # autocommit
            stappen.append(gedaan)

    monkeypatch.setattr(kopie.sqlite, "SQLITE_STAP", 4)  # many steps, each followed by a write
    monkeypatch.setitem(connection.settings_dict, "NAME", str(live))
    maak_backup(tmp_path / "s.mwb", tmp_path / "s.json", voortgang=schrijf)
    monkeypatch.undo()
    assert len(stappen) >= 5
    assert schrijver.execute("SELECT count(*) FROM tussendoor").fetchone()[0] == len(stappen)
    schrijver.close()

    plat = tmp_path / "plat.sqlite3"
    with (tmp_path / "s.mwb").open("rb") as invoer, plat.open("wb") as uit:
        versleuteling.ontsleutel(
            invoer, versleuteling.backup_sleutels([versleuteling_sleutel()]), uit.write
        )
    kopie_db = sqlite3.connect(plat)
    try:
        assert kopie_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert kopie_db.execute("SELECT count(*) FROM tussendoor").fetchone()[0] == 0
        assert kopie_db.execute("SELECT count(*) FROM sleutels_datasleutel").fetchone()[0] == 0
        assert kopie_db.execute("SELECT count(*) FROM dossier_casus").fetchone()[0] == 4
    finally:
        kopie_db.close()
    assert len(sleutelbestand.lees(tmp_path / "s.json")["sleutels"]) == 4
