"""A restore you can trust (docs/deploy.md, "Back-up en herstel"): a damaged or tampered key file,
another environment key or another HMAC key is refused with one Dutch line and exit 2 — the live
database unchanged — because the restore goes into a staging database and is checked there
first; the drill (`restore --controleer`) touches nothing live; a backup killed at any moment
leaves nothing behind once the next one ran. On SQLite and PostgreSQL (the suite runs both)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from meldwijzer.backup.kopie import DEELSNAPSHOT, WERKMAP, maak_backup
from meldwijzer.backup.tests.test_backup import _een_lid, _notities, _tellingen, _vul
from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.sleutels.crypto import maak_sleutel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(maak_lid, client_van, tmp_path):
    """A backup of a filled database, then work done after it: the live database differs from
    the backup, so a restore that went through would show."""
    _vul(maak_lid, client_van)
    snap, sleutels = tmp_path / "snap.mwb", tmp_path / "snap.json"
    maak_backup(snap, sleutels)
    services.open_casus(actor=_een_lid(), titel="Na de back-up geopend")
    return snap, sleutels


def _stand() -> tuple[dict[str, int], set[str], list[str]]:
    return _tellingen(), _notities(), sorted(c.titel for c in Casus.objects.all())


def _restore(capsys, snap: Path, sleutels: Path, *extra: str) -> tuple[int, str]:
    code = main(["restore", str(snap), "--sleutelbestand", str(sleutels), *extra])
    uit = capsys.readouterr()
    return code, uit.out + uit.err


def _herschrijf(pad: Path, wijzig) -> None:
    """Change the key file as someone who knows its format would, check sum recomputed."""
    inhoud = json.loads(pad.read_text())
    wijzig(inhoud)
    inhoud.pop("controle", None)
    kern = json.dumps(inhoud, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    inhoud["controle"] = hashlib.sha256(kern.encode()).hexdigest()
    pad.write_text(json.dumps(inhoud, indent=1))


def _eerste_datasleutel(inhoud):
    return inhoud["sleutels"][0]


def _zet(veld, waarde):
    return lambda inhoud: _eerste_datasleutel(inhoud).__setitem__(veld, waarde)


MISVORMD = {
    "geen base64": _zet("verpakt", "!!!geen-base64!!!"),
    "te korte sleutel": _zet("verpakt", base64.b64encode(b"kort").decode()),
    "geen datum": _zet("aangemaakt_op", "gisteren"),
    "datum zonder tijdzone": _zet("aangemaakt_op", "2026-01-01T10:00:00"),
    "geen id": _zet("id", "12345"),
    "organisatie als tekst": _zet("organisatie", "1"),
    "veld ontbreekt": lambda inhoud: _eerste_datasleutel(inhoud).pop("verpakt"),
    "onbekend veld": _zet("extra", 1),
    "sleutels geen lijst": lambda inhoud: inhoud.__setitem__("sleutels", {"a": 1}),
    "onbekende generatie": _zet("generatie", "f" * 32),
}


@pytest.mark.parametrize("geval", sorted(MISVORMD))
def test_een_misvormd_sleutelbestand_wordt_geweigerd_met_een_zin(live, capsys, geval):
    snap, sleutels = live
    _herschrijf(sleutels, MISVORMD[geval])
    voor = _stand()
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    assert code == 2, uit
    assert "herstel geweigerd" in uit and "Traceback" not in uit
    assert len(uit.strip().splitlines()) == 1
    assert _stand() == voor


@pytest.mark.parametrize(
    "bederf",
    [
        lambda t: t[: len(t) // 2],  # cut off
        lambda t: t.replace('"aangemaakt_op": "2', '"aangemaakt_op": "1', 1),  # date, no check
        lambda t: "",
        lambda t: '{"formaat": ' + "[" * 50_000 + "]" * 50_000 + "}",
    ],
    ids=["afgeknipt", "datum-zonder-controle", "leeg", "diep-genest"],
)
def test_een_beschadigd_sleutelbestand_wordt_geweigerd(live, capsys, bederf):
    snap, sleutels = live
    sleutels.write_text(bederf(sleutels.read_text()))
    voor = _stand()
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    assert code == 2 and "herstel geweigerd" in uit and "Traceback" not in uit
    assert _stand() == voor


def test_een_gewijzigde_verpakte_sleutel_wordt_geweigerd(live, capsys):
    """One wrapped key tampered with (the check sum made to fit): it does not unwrap, and that
    is an error, not an erasure."""
    snap, sleutels = live

    def wijzig(inhoud):
        ruw = bytearray(base64.b64decode(_eerste_datasleutel(inhoud)["verpakt"]))
        ruw[20] ^= 0x01
        _eerste_datasleutel(inhoud)["verpakt"] = base64.b64encode(bytes(ruw)).decode()

    _herschrijf(sleutels, wijzig)
    voor = _stand()
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    assert code == 2 and "gewijzigd of beschadigd" in uit
    assert _stand() == voor


def test_een_gewiste_casus_is_een_rechtmatige_afwezigheid(live, capsys):
    snap, sleutels = live
    _herschrijf(sleutels, lambda inhoud: inhoud["sleutels"].pop(0))
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    assert code == 0, uit
    assert "1 casussen zijn na deze back-up gewist" in uit
    assert Casus.objects.filter(sleutel__isnull=True).count() == 1


def test_een_andere_omgevingssleutel_wordt_geweigerd(live, capsys, settings):
    """Under another MELDWIJZER_SLEUTELS every casus would be unreadable after the restore:
    refused before anything is replaced."""
    snap, sleutels = live
    voor = _stand()
    oud = list(settings.MELDWIJZER_SLEUTELS)
    settings.MELDWIJZER_SLEUTELS = [maak_sleutel()]
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    settings.MELDWIJZER_SLEUTELS = oud
    assert code == 2 and "omgevingssleutel is niet die van de back-up" in uit
    assert _stand() == voor


def test_een_andere_hmac_sleutel_wordt_geweigerd_voor_er_iets_vervangen_is(live, capsys, settings):
    snap, sleutels = live
    voor = _stand()
    oud = settings.MELDWIJZER_HMAC_SLEUTEL
    settings.MELDWIJZER_HMAC_SLEUTEL = maak_sleutel()
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    settings.MELDWIJZER_HMAC_SLEUTEL = oud
    assert code == 2 and "auditketens in de back-up kloppen niet" in uit
    assert "MELDWIJZER_HMAC_SLEUTEL" in uit
    assert _stand() == voor


def test_de_hersteloefening_raakt_niets_aan(live, capsys):
    snap, sleutels = live
    voor = _stand()
    code, uit = _restore(capsys, snap, sleutels, "--controleer")  # live is not empty: fine
    assert code == 0, uit
    assert "Hersteloefening geslaagd" in uit and "Er is niets vervangen" in uit
    assert "auditketens" in uit and "casussen ontsleuteld" in uit
    assert _stand() == voor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE '%%_herstel_%%'")
            assert cursor.fetchone()[0] == 0, "the staging database is dropped"


def test_een_goed_herstel_vervangt_wel(live, capsys):
    snap, sleutels = live
    notities = _notities()
    code, uit = _restore(capsys, snap, sleutels, "--overschrijf")
    assert code == 0, uit
    assert "Na de back-up geopend" not in {c.titel for c in Casus.objects.all()}
    assert _notities() == notities


@hyp_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_willekeurige_schade_aan_het_sleutelbestand(live, capsys, data):
    """Any byte changed anywhere in the key file: refused in Dutch (exit 2), or — when the
    change leaves the content the same, such as whitespace — the drill passes; never a
    traceback, never a touched database."""
    snap, sleutels = live
    origineel = sleutels.read_bytes()
    try:
        plek = data.draw(st.integers(0, len(origineel) - 1), label="plek")
        nieuw = data.draw(st.integers(0, 255).filter(lambda b: b != origineel[plek]), label="byte")
        beschadigd = bytearray(origineel)
        beschadigd[plek] = nieuw
        sleutels.write_bytes(bytes(beschadigd))
        voor = _stand()
        code, uit = _restore(capsys, snap, sleutels, "--controleer")
        assert "Traceback" not in uit
        if code == 0:
            assert json.loads(bytes(beschadigd)) == json.loads(origineel)
        else:
            assert code == 2 and "hersteloefening geweigerd" in uit, uit
        assert _stand() == voor
    finally:
        sleutels.write_bytes(origineel)


# --- work files ---------------------------------------------------------------------------------


def _resten(*mappen: Path) -> list[Path]:
    return [
        p
        for m in mappen
        if m.is_dir()
        for p in m.iterdir()
        if p.name.startswith((WERKMAP, DEELSNAPSHOT, ".backup-", ".herstel-"))
    ]


def test_een_gewone_backup_en_herstel_laten_niets_achter(live, capsys, tmp_path):
    import tempfile

    snap, sleutels = live
    eigen = f"-{os.getpid()}-"
    assert not [p for p in _resten(Path(tempfile.gettempdir()), tmp_path) if eigen in p.name]
    _restore(capsys, snap, sleutels, "--controleer")
    assert not [p for p in _resten(Path(tempfile.gettempdir()), tmp_path) if eigen in p.name]


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="een SQLite-bestand in een eigen map")
def test_een_gedode_backup_laat_na_de_volgende_niets_achter(maak_lid, client_van, tmp_path):
    """`meldwijzer backup` killed (SIGKILL) at random moments, six times: whatever it left, the
    next backup removes and names; afterwards only finished snapshots and key files remain."""
    from meldwijzer.backup.tests.test_crashveilig import _omgeving

    _vul(maak_lid, client_van)
    for i in range(300):  # enough pages that a backup takes a moment
        services.open_casus(actor=_een_lid(), titel=f"Vulling {i} " + "x" * 150)
    data = tmp_path / "data"
    data.mkdir()
    db = data / "meldwijzer.sqlite3"
    kopie = sqlite3.connect(db)
    connection.ensure_connection()
    connection.connection.backup(kopie)
    kopie.close()
    omgeving = _omgeving(f"sqlite:///{db}", data)
    omgeving["MELDWIJZER_BACKUP_SLEUTEL"] = maak_sleutel()
    snapshots = tmp_path / "snapshots"
    willekeur = random.Random(20261205)

    def backup(naam: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "meldwijzer.cli",
                "backup",
                str(snapshots / f"{naam}.mwb"),
                "--sleutelbestand",
                str(snapshots / f"{naam}.json"),
            ],
            env=omgeving,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def aan_het_werk(proces: subprocess.Popen[bytes]) -> float:
        """Wait until the run is at work (its work files exist), however long Python and
        Django take to start on a busy machine; return the moment it was seen."""
        grens = time.monotonic() + 60
        while proces.poll() is None and time.monotonic() < grens:
            if [p for p in _resten(data, snapshots) if f"-{proces.pid}-" in p.name]:
                break
            time.sleep(0.01)
        return time.monotonic()

    # One whole run first, to learn how long the work takes on this machine: the kills below
    # fall inside that time, on a fast machine as on a slow one.
    maat = backup("maat")
    begin = aan_het_werk(maat)
    maat.communicate(timeout=120)
    assert maat.returncode == 0
    werkduur = max(time.monotonic() - begin, 0.05)

    gedood, achtergelaten = 0, []
    for i in range(6):
        proces = backup(f"gedood-{i}")
        aan_het_werk(proces)
        time.sleep(willekeur.uniform(0.0, 0.6) * werkduur)
        if proces.poll() is None:
            proces.send_signal(signal.SIGKILL)
            gedood += 1
        proces.wait(timeout=60)
        achtergelaten.append(len(_resten(data, snapshots)))
    assert gedood >= 3 and max(achtergelaten) > 0, (gedood, achtergelaten)
    voor_de_volgende = _resten(data, snapshots)
    proces = backup("goed")
    uit, fout = proces.communicate(timeout=120)
    assert proces.returncode == 0, fout.decode()[-2000:]
    assert not _resten(data, snapshots), _resten(data, snapshots)
    for pad in voor_de_volgende:
        assert f"Opgeruimd: {pad}".encode() in uit
    # What remains are whole backups: each snapshot with its key file.
    for snapshot in snapshots.glob("*.mwb"):
        assert snapshot.with_suffix(".json").exists()


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="de kopie van SQLite")
def test_een_volle_schijf_tijdens_de_backup_geeft_een_zin_en_laat_niets_achter(
    live, capsys, tmp_path, monkeypatch
):
    """The disk fills up while the copy is vacuumed: one Dutch line, exit 2, no journal or
    half file left (injected: this machine has no small filesystem to fill)."""
    import tempfile

    from meldwijzer.backup import kopie

    def vol(_db):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(kopie.sqlite, "tellingen", vol)
    doel = tmp_path / "vol"
    code = main(["backup", str(doel / "s.mwb"), "--sleutelbestand", str(doel / "s.json")])
    fout = capsys.readouterr().err
    assert code == 2 and "Is de schijf vol?" in fout and "Traceback" not in fout
    eigen = f"-{os.getpid()}-"
    assert not [p for p in _resten(Path(tempfile.gettempdir()), doel) if eigen in p.name]
    assert not (doel / "s.mwb").exists() and not (doel / "s.json").exists()
