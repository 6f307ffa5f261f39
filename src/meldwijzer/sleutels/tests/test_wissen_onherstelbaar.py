"""Erasure that holds whatever keeps old bytes (docs/adr/0012-wissen-door-sleutelrotatie.md).

An attacker who later reads old bytes — a PostgreSQL heap page or WAL segment, a SQLite WAL, a
physical backup, a replica — has the erased casus's wrapped data key as it was before retention
deleted it. Once retention has run, no key the deployment still holds (the environment keys and
whatever the database holds) may unwrap those bytes; the other casussen stay readable; and a
backup made before the erasure, restored afterwards, does not bring the casus back.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.backends.sqlite3 import base as sqlite_base
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.backup.kopie import herstel, maak_backup
from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.services.bewaren import (
    pas_bewaartermijn_toe,
    verlopen_casussen,
    verwijder_casus,
)
from meldwijzer.sleutels import crypto, herverpakken, sleutelbestand, sleutelring
from meldwijzer.sleutels.models import DataSleutel, Generatie

pytestmark = pytest.mark.django_db(transaction=True)

ALLEEN_SQLITE = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="een instelling van SQLite"
)


@dataclass(frozen=True)
class OudeBytes:
    """What an attacker reading old pages has of one data key."""

    sleutel_id: uuid.UUID
    organisatie_id: int
    verpakt: bytes


def _oude_bytes(casus: Casus) -> OudeBytes:
    assert casus.sleutel_id is not None, "a casus gets its data key when it is opened"
    rij = DataSleutel.objects.get(pk=casus.sleutel_id)
    return OudeBytes(rij.id, rij.organisatie_id, bytes(rij.verpakt))


def _gehouden_sleutels() -> list[bytes]:
    """Every key the deployment still holds: the environment keys and every key the database
    holds (the generation keys, unwrapped with the environment keys)."""
    return herverpakken.gehouden_sleutels()


def _pakt_nog_uit(oud: OudeBytes) -> list[int]:
    """Which of the held keys (by position) still unwrap the old bytes."""
    gelukt = []
    for i, sleutel in enumerate(_gehouden_sleutels()):
        try:
            crypto.pak_uit(sleutel, oud.verpakt, oud.sleutel_id, oud.organisatie_id)
        except crypto.OntsleutelFout:
            continue
        gelukt.append(i)
    return gelukt


def _sluit_lang_geleden(casus: Casus) -> None:
    Casus.objects.filter(pk=casus.pk).update(
        fase="afgesloten", afgesloten_op=timezone.now() - dt.timedelta(days=365 * 30)
    )


def _titel(casus: Casus) -> str:
    sleutelring.vergeet()
    return Casus.objects.get(pk=casus.pk).titel


@pytest.fixture
def drie(maak_lid) -> dict[str, Casus]:
    """Two casussen of one organisation, one of another; the first is to be erased."""
    a = Organisatie.objects.create(naam="Basisschool De Linde")
    b = Organisatie.objects.create(naam="Huisartsenpraktijk Het Baken")
    lid_a, lid_b = maak_lid(Rol.BEROEPSKRACHT, a), maak_lid(Rol.BEROEPSKRACHT, b)
    return {
        "weg": services.open_casus(actor=lid_a, titel="Wordt gewist"),
        "blijft": services.open_casus(actor=lid_a, titel="Blijft in De Linde"),
        "ander": services.open_casus(actor=lid_b, titel="Blijft in Het Baken"),
    }


# --- SQLite: secure_delete set by the app, not left to how SQLite was built ---------------------


@ALLEEN_SQLITE
def test_sqlite_verbinding_zet_secure_delete_zelf(monkeypatch):
    """A SQLite built with secure_delete off by default (most are; Debian's is not) still gets
    it on every connection the app opens."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1

    echt = sqlite_base.Database.connect

    def standaard_uit(*args, **kwargs):
        verbinding = echt(*args, **kwargs)
        verbinding.execute("PRAGMA secure_delete=OFF")  # as a default build of SQLite has it
        return verbinding

    monkeypatch.setattr(sqlite_base.Database, "connect", standaard_uit)
    nieuw = connection.get_new_connection(connection.get_connection_params())
    try:
        assert nieuw.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        nieuw.close()


def test_sqlite_instellingen_vragen_secure_delete():
    from meldwijzer.conf.base import sqlite_database

    opdrachten = sqlite_database(":memory:")["OPTIONS"]["init_command"]
    assert "PRAGMA secure_delete=ON" in opdrachten


# --- both databases: the old wrapped key unwraps with nothing the deployment holds -------------


def test_oude_verpakte_sleutel_pakt_met_geen_gehouden_sleutel_meer_uit(drie):
    oud = _oude_bytes(drie["weg"])
    assert _pakt_nog_uit(oud)  # before: the deployment can unwrap it, of course
    _sluit_lang_geleden(drie["weg"])

    resultaat = pas_bewaartermijn_toe()

    assert [v.casus_id for v in resultaat.verwijderd] == [drie["weg"].pk]
    assert _pakt_nog_uit(oud) == []
    # The remaining casussen stay readable, in both organisations, and new ones can be opened.
    assert _titel(drie["blijft"]) == "Blijft in De Linde"
    assert _titel(drie["ander"]) == "Blijft in Het Baken"
    lid = Membership.objects.filter(organisatie=drie["weg"].organisatie).first()
    nieuw = services.open_casus(actor=lid, titel="Na het wissen")
    assert _titel(nieuw) == "Na het wissen"
    # Running again erases nothing and keeps everything readable.
    assert pas_bewaartermijn_toe().verwijderd == []
    assert _titel(drie["blijft"]) == "Blijft in De Linde"


def test_oudere_backup_teruggezet_maakt_de_gewiste_casus_niet_leesbaar(drie, tmp_path, settings):
    map_ = tmp_path / "sleutelbestanden"
    settings.MELDWIJZER_SLEUTELBESTANDEN = [str(map_ / "*.json")]
    maak_backup(tmp_path / "maandag.mwb", map_ / "maandag.json")
    oud = _oude_bytes(drie["weg"])
    _sluit_lang_geleden(drie["weg"])
    pas_bewaartermijn_toe()

    call_command("flush", interactive=False, verbosity=0)
    sleutelring.vergeet()
    herstel(tmp_path / "maandag.mwb", map_ / "maandag.json")

    assert _titel(drie["weg"]) == sleutelring.ONLEESBAAR
    assert _titel(drie["blijft"]) == "Blijft in De Linde"
    assert _titel(drie["ander"]) == "Blijft in Het Baken"
    assert _pakt_nog_uit(oud) == []  # not with the restored database's keys either


# --- SQLite: the files of the live database hold none of the old bytes ------------------------

NA_DE_RUN = """
import base64, json, sys
from pathlib import Path
import django
django.setup()
from django.db import connection, transaction
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.services.bewaren import pas_bewaartermijn_toe

gezocht = [base64.b64decode(b) for b in json.loads(sys.stdin.read())]
resultaat = pas_bewaartermijn_toe()
pad = Path(connection.settings_dict["NAME"])
# Read while the connection is still open, as on a running server (closing checkpoints).
bestanden = {p.name: p.read_bytes() for p in (pad, Path(f"{pad}-wal")) if p.exists()}
print(json.dumps({
    "verwijderd": len(resultaat.verwijderd),
    "titels": sorted(c.titel for c in Casus.objects.all()),
    "gevonden": sorted({f"{naam}: {i}" for naam, data in bestanden.items()
                        for i, b in enumerate(gezocht) if b in data}),
    "fouten": resultaat.fouten,
    "wal": len(bestanden.get(pad.name + "-wal", b"")),
}))
"""


@ALLEEN_SQLITE
def test_sqlite_bestanden_houden_geen_oude_sleutelbytes(drie, tmp_path):
    """The live database file and its WAL, right after the run, hold neither the erased casus's
    wrapped data key nor any wrapping key it was under (as the database held them)."""
    _sluit_lang_geleden(drie["weg"])
    # The erased key, and every key its organisation's data keys are wrapped under in the
    # database (the other organisation's stay as they are).
    gezocht = [bytes(DataSleutel.objects.get(pk=drie["weg"].sleutel_id).verpakt)]
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names(cursor):
            kolommen = {
                c.name for c in connection.introspection.get_table_description(cursor, tabel)
            }
            if (
                tabel.startswith("sleutels_")
                and tabel != "sleutels_datasleutel"
                and {"verpakt", "organisatie_id"} <= kolommen
            ):
                cursor.execute(
                    f"SELECT verpakt FROM {tabel} WHERE organisatie_id = %s",
                    [drie["weg"].organisatie_id],
                )
                gezocht.extend(bytes(r[0]) for r in cursor.fetchall())
    live = tmp_path / "live.sqlite3"
    doel = sqlite3.connect(live)
    connection.connection.backup(doel)
    doel.execute("PRAGMA journal_mode=WAL")
    doel.close()

    omgeving = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE"))
    }
    omgeving |= {
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.test",
        "DATABASE_URL": f"sqlite:///{live}",
    }
    uitvoer = subprocess.run(
        [sys.executable, "-c", NA_DE_RUN],
        input=json.dumps([base64.b64encode(b).decode() for b in gezocht]),
        capture_output=True,
        text=True,
        env=omgeving,
        check=False,
        timeout=120,
    )
    assert uitvoer.returncode == 0, uitvoer.stderr
    uitkomst = json.loads(uitvoer.stdout.strip().splitlines()[-1])
    assert uitkomst["verwijderd"] == 1
    assert uitkomst["titels"] == ["Blijft in De Linde", "Blijft in Het Baken"]
    assert uitkomst["fouten"] == []
    assert uitkomst["gevonden"] == []
    assert uitkomst["wal"] == 0


# --- the key files follow; an interrupted run; the environment key as the last step ------------


def _generatie_van(casus: Casus) -> Generatie:
    assert casus.sleutel_id is not None, "a casus gets its data key when it is opened"
    generatie = DataSleutel.objects.select_related("generatie").get(pk=casus.sleutel_id).generatie
    assert generatie is not None, "this data key is wrapped under a generation key"
    return generatie


def test_een_onderbroken_run_vervangt_de_generatie_de_volgende_keer(drie):
    """Killed between the erasure and the new generation key: the mark was committed with the
    erasure, so the next run (with nothing left to erase) still replaces it."""
    oud = _oude_bytes(drie["weg"])
    oude_generatie = _generatie_van(drie["weg"]).pk
    _sluit_lang_geleden(drie["weg"])
    verwijder_casus(verlopen_casussen()[0])  # the erasure only, as if killed right after
    assert _pakt_nog_uit(oud)

    resultaat = pas_bewaartermijn_toe()

    assert resultaat.verwijderd == []
    assert not Generatie.objects.filter(pk=oude_generatie).exists()
    assert _pakt_nog_uit(oud) == []
    assert _titel(drie["blijft"]) == "Blijft in De Linde"
    vastgelegd = Gebeurtenis.objects.get(soort="sleutels.generatie")
    assert vastgelegd.organisatie_id == drie["weg"].organisatie_id
    assert vastgelegd.nieuw["vernietigd"] == [oude_generatie.hex]
    assert keten.verifieer().in_orde


def test_sleutelbestanden_volgen_en_de_omgevingssleutel_roteert_als_laatste_stap(
    drie, tmp_path, settings, capsys
):
    """The key file of an older backup follows the new generation key (the erased key and the
    old generation key gone). An attacker with an old copy of the database has the old
    generation key wrapped under the environment key: that still unwraps until the operator
    rotates the environment key; after that, and the old key destroyed, nothing does."""
    map_ = tmp_path / "sleutelbestanden"
    settings.MELDWIJZER_SLEUTELBESTANDEN = [str(map_ / "*.json")]
    maak_backup(tmp_path / "maandag.mwb", map_ / "maandag.json")
    oud = _oude_bytes(drie["weg"])
    generatie = _generatie_van(drie["weg"])
    oude_generatie = OudeBytes(generatie.pk, generatie.organisatie_id, bytes(generatie.verpakt))
    _sluit_lang_geleden(drie["weg"])
    pas_bewaartermijn_toe()

    inhoud = sleutelbestand.lees(map_ / "maandag.json")
    assert drie["weg"].sleutel_id.hex not in {r["id"] for r in inhoud["sleutels"]}
    in_bestand = {g["id"] for g in inhoud["generaties"]}
    assert generatie.pk.hex not in in_bestand
    assert in_bestand == {g.hex for g in Generatie.objects.values_list("pk", flat=True)}
    assert {r["generatie"] for r in inhoud["sleutels"]} <= in_bestand

    # What the old copy plus the environment key still give: the old generation key.
    oude_kek = crypto.lees_sleutel(settings.MELDWIJZER_SLEUTELS[0])
    crypto.pak_generatie_uit(
        oude_kek, oude_generatie.verpakt, oude_generatie.sleutel_id, oude_generatie.organisatie_id
    )
    # The operator rotates the environment key after the run and destroys the old one.
    nieuw = crypto.maak_sleutel()
    settings.MELDWIJZER_SLEUTELS = [nieuw, settings.MELDWIJZER_SLEUTELS[0]]
    assert main(["sleutels", "roteer"]) == 0
    assert (
        "1 sleutelbestanden uit MELDWIJZER_SLEUTELBESTANDEN bijgewerkt" in capsys.readouterr().out
    )
    settings.MELDWIJZER_SLEUTELS = [nieuw]
    sleutelring.vergeet()
    for sleutel in herverpakken.gehouden_sleutels():
        with pytest.raises(crypto.OntsleutelFout):
            crypto.pak_generatie_uit(
                sleutel,
                oude_generatie.verpakt,
                oude_generatie.sleutel_id,
                oude_generatie.organisatie_id,
            )
    assert _pakt_nog_uit(oud) == []
    assert _titel(drie["blijft"]) == "Blijft in De Linde"
    # Monday's backup restores with the new environment key alone.
    nieuw_id = crypto.kek_id(crypto.lees_sleutel(nieuw))
    assert {g["kek_id"] for g in sleutelbestand.lees(map_ / "maandag.json")["generaties"]} == {
        nieuw_id
    }
    call_command("flush", interactive=False, verbosity=0)
    sleutelring.vergeet()
    herstel(tmp_path / "maandag.mwb", map_ / "maandag.json")
    assert _titel(drie["blijft"]) == "Blijft in De Linde"
    assert _titel(drie["weg"]) == sleutelring.ONLEESBAAR


# --- PostgreSQL: the generation table's file; a casus opened while its generation is replaced --

ALLEEN_POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="de PostgreSQL-variant"
)


@ALLEEN_POSTGRESQL
def test_postgresql_tabelbestand_houdt_de_oude_generatiesleutel_niet(drie):
    """The heap file of the generation table is rewritten (VACUUM FULL): the old generation key,
    even wrapped, is not in the live table file. (The WAL and older copies keep it: ADR 0012.)"""
    generatie = _generatie_van(drie["weg"])
    _sluit_lang_geleden(drie["weg"])
    assert pas_bewaartermijn_toe().fouten == []

    def tabelbestand() -> tuple[list[Path], bytes]:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            cursor.execute(
                "SELECT current_setting('data_directory'), "
                "pg_relation_filepath('sleutels_generatie')"
            )
            map_, relatie = cursor.fetchone()
        pad = Path(map_) / relatie
        if not os.access(pad, os.R_OK):
            pytest.skip(f"{pad} is niet leesbaar voor de testgebruiker")
        # The table's own segments (16385, 16385.1, …): not another relation whose number
        # merely starts with the same digits.
        segmenten = [p for p in pad.parent.iterdir() if p.name.split(".")[0] == pad.name]
        return segmenten, b"".join(p.read_bytes() for p in segmenten)

    segmenten, data = tabelbestand()
    # VACUUM FULL keeps a deleted row that a snapshot of another session may still see (an
    # autoanalyze of the same database, on a busy machine): then the next run's rewrite drops
    # it, as schoon_opslag documents. Repeated here a few times, a second apart.
    for _poging in range(10):
        if bytes(generatie.verpakt) not in data:
            break
        time.sleep(1)
        assert herverpakken.schoon_opslag() is None
        segmenten, data = tabelbestand()
    assert bytes(generatie.verpakt) not in data, (
        [p.name for p in segmenten],
        list(Generatie.objects.values_list("pk", "organisatie_id")),
    )
    assert len(data) > 0 and Generatie.objects.count() == 2


@ALLEEN_POSTGRESQL
def test_een_casus_geopend_terwijl_zijn_generatie_vervangen_wordt(drie, monkeypatch) -> None:
    """Another connection reads the old generation key for a new casus and stores its data key
    only after the replacement has moved everything: the replacement's delete waits for it,
    notices the new key, moves it too; the new casus's transaction never fails."""
    organisatie_id = drie["weg"].organisatie_id
    oude_generatie = _generatie_van(drie["weg"]).pk
    Generatie.objects.filter(pk=oude_generatie).update(te_vervangen=True)
    gelezen = threading.Event()
    echt = sleutelring.actieve_generatie
    uitkomst: dict[str, DataSleutel | Exception] = {}

    def traag(org: int):
        gevonden = echt(org)
        if threading.current_thread().name == "tweede":
            gelezen.set()
            time.sleep(1.5)  # the replacement runs meanwhile
        return gevonden

    def tweede() -> None:
        try:
            with transaction.atomic():
                uitkomst["rij"] = sleutelring.nieuwe_datasleutel(organisatie_id)
        except Exception as fout:
            uitkomst["fout"] = fout
        finally:
            connection.close()

    monkeypatch.setattr(sleutelring, "actieve_generatie", traag)
    draad = threading.Thread(target=tweede, name="tweede")
    draad.start()
    assert gelezen.wait(10)
    werk = herverpakken.werk_generaties_bij()
    draad.join(20)

    assert "fout" not in uitkomst
    rij = uitkomst["rij"]
    assert isinstance(rij, DataSleutel)
    assert rij.generatie_id == oude_generatie  # made under the old one …
    assert not Generatie.objects.filter(pk=oude_generatie).exists()  # … which is gone
    nieuw = DataSleutel.objects.get(pk=rij.pk)
    assert nieuw.generatie_id == werk.vervangen[0].nieuwe_generatie  # moved under the new one
    sleutelring.vergeet()
    assert sleutelring.datasleutel(rij.pk) is not None


def test_een_sleutelbestand_van_voor_de_generaties_volgt_de_omgevingssleutel(
    drie, tmp_path, settings
):
    """A key file of format 1 belongs to a snapshot without a generation table: it keeps its
    data keys directly under an environment key, but follows the erasure and the rotation, so
    it stays restorable once the old environment key is destroyed."""
    oud = settings.MELDWIJZER_SLEUTELS[0]
    kek = crypto.lees_sleutel(oud)
    regels = []
    for casus in drie.values():
        rij = DataSleutel.objects.get(pk=casus.sleutel_id)
        verpakt = crypto.verpak(kek, sleutelring.datasleutel(rij.pk), rij.pk, rij.organisatie_id)
        regels.append(
            sleutelbestand.regel(
                rij.pk, rij.organisatie_id, crypto.kek_id(kek), verpakt, rij.aangemaakt_op
            )
        )
    pad = tmp_path / "oud.json"
    pad.write_text(
        json.dumps({"formaat": sleutelbestand.FORMAAT_ZONDER_GENERATIES, "sleutels": regels})
    )
    nieuw = crypto.maak_sleutel()
    settings.MELDWIJZER_SLEUTELS = [nieuw, oud]

    assert sleutelbestand.volg(pad, [drie["weg"].sleutel_id.hex]) == (1, 2)

    inhoud = json.loads(pad.read_text())
    assert inhoud["formaat"] == sleutelbestand.FORMAAT_ZONDER_GENERATIES
    assert "generaties" not in inhoud
    nieuwe_kek = crypto.lees_sleutel(nieuw)
    for regel in inhoud["sleutels"]:
        assert regel["kek_id"] == crypto.kek_id(nieuwe_kek) and not regel["generatie"]
        sleutel_id = uuid.UUID(regel["id"])
        assert crypto.pak_uit(
            nieuwe_kek, base64.b64decode(regel["verpakt"]), sleutel_id, regel["organisatie"]
        ) == sleutelring.datasleutel(sleutel_id)
    assert drie["weg"].sleutel_id.hex not in {r["id"] for r in inhoud["sleutels"]}
