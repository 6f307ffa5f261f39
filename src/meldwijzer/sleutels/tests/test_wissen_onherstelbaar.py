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
import uuid
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.sqlite3 import base as sqlite_base
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.backup.kopie import herstel, maak_backup
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.services.bewaren import pas_bewaartermijn_toe
from meldwijzer.sleutels import crypto, sleutelring
from meldwijzer.sleutels.models import DataSleutel

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
    rij = DataSleutel.objects.get(pk=casus.sleutel_id)
    return OudeBytes(rij.id, rij.organisatie_id, bytes(rij.verpakt))


def _gehouden_sleutels() -> list[bytes]:
    """Every key the deployment still holds: the environment keys and every key the database
    holds (the generation keys, unwrapped with the environment keys)."""
    return sleutelring.gehouden_sleutels()


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

    opdrachten = sqlite_database(":memory:")["OPTIONS"]["init_command"]  # type: ignore[index]
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
from django.db import connection
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
