"""Reminders are delivered exactly once, whatever happens to the run (docs/deploy.md,
'Herinneringen: precies één keer'): a mail server that hangs holds the run up no longer than
``EMAIL_TIMEOUT``; a run stopped with SIGTERM gives its claims back; the claims of a run killed
with SIGKILL are taken over by a later run once they are older than
``MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA``; two runs at once send nothing twice.

The command runs in a process of its own, as cron or systemd runs it, with a small SMTP server of
the test (``mailserver.py``) that either never answers or counts what it accepted. On SQLite the
process works on a file copy of the test database, copied back afterwards; on PostgreSQL on the
test database itself.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import smtplib
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.rapportage import claims, herinneringen
from meldwijzer.rapportage.herinneringen import Melding
from meldwijzer.rapportage.models import (
    Herinnering,
    HerinneringSoort,
    HerinneringStatus,
    Termijn,
)
from meldwijzer.rapportage.tests.gegevens import klok, spoedmelding
from meldwijzer.rapportage.tests.mailserver import Mailserver

MAANDAG = dt.date(2025, 3, 3)
DINSDAG = "2025-03-11"  # the termijn of MAANDAG (due 10 March) is overdue
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def termijn(beroepskracht, aandachtsfunctionaris):
    """One overdue termijn: two reminders, to the professional and the aandachtsfunctionaris."""
    beroepskracht.user.email = "bea@school.example"
    beroepskracht.user.save()
    aandachtsfunctionaris.user.email = "anne@school.example"
    aandachtsfunctionaris.user.save()
    with klok(MAANDAG):
        casus = services.open_casus(actor=beroepskracht, titel="Zorgen")
        spoedmelding(beroepskracht, casus, MAANDAG)
    return Termijn.objects.get(casus=casus, open=True)


def _verzonden() -> Counter[str]:
    return Counter(
        Herinnering.objects.filter(status=HerinneringStatus.VERZONDEN).values_list(
            "ontvanger__email", flat=True
        )
    )


# --- the command in a process of its own -------------------------------------------------------


@contextmanager
def _gedeelde_database(tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL for other processes. What they wrote is in the test database afterwards."""
    if connection.vendor != "sqlite":
        s = connection.settings_dict
        wachtwoord = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        yield f"postgres://{s['USER']}{wachtwoord}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        return
    pad = tmp_path / "herinneringen.sqlite3"
    pad.unlink(missing_ok=True)
    connection.ensure_connection()
    kopie = sqlite3.connect(pad)
    connection.connection.backup(kopie)
    kopie.close()
    yield f"sqlite:///{pad}"
    terug = sqlite3.connect(pad)
    terug.backup(connection.connection)
    terug.close()


def _start(url: str, server: Mailserver, tmp_path: Path, timeout: int) -> subprocess.Popen[str]:
    omgeving = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "DATABASE", "EMAIL_", "MELDWIJZER"))
    }
    omgeving |= {
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.test",
        "DATABASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.poort),
        "EMAIL_TIMEOUT": str(timeout),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "meldwijzer.cli", "herinneringen", "--datum", DINSDAG],
        env=omgeving,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _klaar(proces: subprocess.Popen[str]) -> tuple[int, str]:
    """Exit code and output. A run that hangs fails the test here instead of hanging it."""
    try:
        uit, fout = proces.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proces.kill()
        uit, fout = proces.communicate()
        pytest.fail(f"de run hangt na 120 s nog\n{uit}\n{fout}")
    return proces.returncode, uit + fout


def _draai(tmp_path: Path, server: Mailserver, timeout: int = 5) -> tuple[int, str]:
    with _gedeelde_database(tmp_path) as url:
        return _klaar(_start(url, server, tmp_path, timeout))


def _midden_in_de_verzending(tmp_path: Path, sein: signal.Signals) -> tuple[int, str]:
    """Start a run against a mail server that hangs, and signal it while it waits for it."""
    with Mailserver(zwijgt=True) as hangt, _gedeelde_database(tmp_path) as url:
        proces = _start(url, hangt, tmp_path, timeout=600)
        if not hangt.verbonden.wait(timeout=120):
            proces.kill()
            pytest.fail("de run maakte geen verbinding met de mailserver: " + _klaar(proces)[1])
        proces.send_signal(sein)
        return _klaar(proces)


@pytest.mark.django_db(transaction=True)
def test_een_hangende_mailserver_houdt_de_run_niet_op(termijn, tmp_path):
    """The mail server accepts the connection and says nothing. The run gives up after
    EMAIL_TIMEOUT (from the environment), says so in Dutch, exits 1, and marks nothing sent;
    the next run, with a mail server that works, sends both reminders."""
    with Mailserver(zwijgt=True) as hangt:
        code, uitvoer = _draai(tmp_path, hangt, timeout=1)
    assert code == 1, uitvoer
    assert "niet verstuurd" in uitvoer and "EMAIL_TIMEOUT" in uitvoer, uitvoer
    assert "e-mails verstuurd: 0" in uitvoer
    assert not Herinnering.objects.exists()  # no claim left behind either

    with Mailserver() as werkt:
        code, uitvoer = _draai(tmp_path, werkt)
        assert code == 0, uitvoer
        assert "e-mails verstuurd: 2" in uitvoer
        assert sorted(werkt.aan()) == ["anne@school.example", "bea@school.example"]
    assert _verzonden() == {"anne@school.example": 1, "bea@school.example": 1}


@pytest.mark.django_db(transaction=True)
def test_sigterm_geeft_de_claims_vrij(termijn, tmp_path):
    """Stopped with SIGTERM while the mail server hangs: the run ends cleanly (exit 143) with
    its claims given back, and the next run delivers every reminder, once."""
    code, uitvoer = _midden_in_de_verzending(tmp_path, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM, uitvoer
    assert "gestopt" in uitvoer.lower() and "vrijgegeven" in uitvoer, uitvoer
    assert not Herinnering.objects.exists()

    with Mailserver() as werkt:
        for verwacht in ("e-mails verstuurd: 2", "e-mails verstuurd: 0"):
            code, uitvoer = _draai(tmp_path, werkt)
            assert code == 0 and verwacht in uitvoer, uitvoer
        assert sorted(werkt.aan()) == ["anne@school.example", "bea@school.example"]
    assert _verzonden() == {"anne@school.example": 1, "bea@school.example": 1}


@pytest.mark.django_db(transaction=True)
def test_de_claim_van_een_gedode_run_wordt_overgenomen(termijn, tmp_path):
    """Killed with SIGKILL mid-send: its claim stays. A run right after leaves it alone (the
    first run might still be sending); once the claim is older than the longest a send can take,
    a run takes it over and delivers the reminder. Nothing is lost, nothing sent twice."""
    code, _uitvoer = _midden_in_de_verzending(tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL
    claim = Herinnering.objects.get()  # the reminder it was sending

    with Mailserver() as werkt:
        code, uitvoer = _draai(tmp_path, werkt)
        # Not counted as sent: left alone as another run's, for now.
        assert code == 0 and "e-mails verstuurd: 1" in uitvoer, uitvoer
        assert "al eerder gemeld: 0" in uitvoer and "bezig in een andere run: 1" in uitvoer, uitvoer
        assert claim.ontvanger.email not in werkt.aan()
        claim.refresh_from_db()
        assert claim.status == HerinneringStatus.GECLAIMD and claim.verzonden_op is None

        Herinnering.objects.filter(pk=claim.pk).update(
            geclaimd_op=timezone.now() - dt.timedelta(hours=2)
        )
        code, uitvoer = _draai(tmp_path, werkt)
        assert code == 0 and "e-mails verstuurd: 1" in uitvoer, uitvoer
        assert "achtergebleven claims overgenomen: 1" in uitvoer, uitvoer

        code, uitvoer = _draai(tmp_path, werkt)
        assert code == 0 and "e-mails verstuurd: 0" in uitvoer and "al eerder gemeld: 2" in uitvoer
        assert sorted(werkt.aan()) == ["anne@school.example", "bea@school.example"]
    assert _verzonden() == {"anne@school.example": 1, "bea@school.example": 1}


@pytest.mark.django_db(transaction=True)
def test_twee_runs_tegelijk_versturen_niets_dubbel(termijn, maak_lid, organisatie, tmp_path):
    """Two runs at the same moment, as on two machines. The mail server holds each run's first
    message until both are connected, so both hold claims at once; every recipient still gets
    exactly one e-mail, and what one run skipped the other sent."""
    for i in range(6):
        lid = maak_lid(organisatie=organisatie, naam=f"collega{i}")
        lid.user.email = f"collega{i}@school.example"
        lid.user.save()
        Termijn.objects.create(
            organisatie=organisatie,
            casus=termijn.casus,
            ronde=1,
            fase=termijn.fase,
            sleutel=f"proef:{i}",
            soort=termijn.soort,
            verantwoordelijke=lid.user,
            telwijze=termijn.telwijze,
            startdatum=termijn.startdatum,
            uiterlijk=termijn.uiterlijk,
        )
    with Mailserver(wacht_op=2) as werkt, _gedeelde_database(tmp_path) as url:
        processen = [_start(url, werkt, tmp_path, timeout=60) for _ in range(2)]
        uitkomsten = [_klaar(p) for p in processen]
    for code, uitvoer in uitkomsten:
        assert code == 0, uitvoer
    ontvangers = Counter(werkt.aan())
    assert len(ontvangers) == 8 and set(ontvangers.values()) == {1}, ontvangers
    # Every reminder sent, none left claimed: the aandachtsfunctionaris had seven in one e-mail.
    assert set(_verzonden()) == set(ontvangers) and _verzonden()["anne@school.example"] == 7
    assert not Herinnering.objects.filter(status=HerinneringStatus.GECLAIMD).exists()
    # Both were sending: each sent some, and at least once one left a claim to the other.
    verstuurd = [int(u.split("e-mails verstuurd: ")[1].split(" ")[0]) for _c, u in uitkomsten]
    assert sum(verstuurd) == 8 and min(verstuurd) > 0, uitkomsten
    assert any(" 0 bezig" not in u for _c, u in uitkomsten), uitkomsten


# --- the claims themselves (one process; the claim logic as two runs would meet it) ------------


@pytest.fixture
def melding(termijn, beroepskracht):
    """Who and what a run would claim: the overdue reminder to the professional."""
    return beroepskracht.user_id, [
        Melding(termijn.pk, str(termijn.casus.uuid), HerinneringSoort.VERLOPEN, termijn.uiterlijk)
    ]


@pytest.mark.django_db
def test_een_claim_van_een_ander_blijft_tot_hij_vervalt(melding):
    ontvanger, lijst = melding
    nu = timezone.now()
    a = claims.claim("run-a", ontvanger, lijst, nu=nu)
    assert len(a.geclaimd) == 1 and not a.overgenomen
    # A second run finds the claim of the first: not its own, not yet stale.
    b = claims.claim("run-b", ontvanger, lijst, nu=nu + dt.timedelta(minutes=5))
    assert not b.geclaimd and b.bezig == 1
    # Stale: taken over, once; a third run at the same moment gets nothing.
    later = nu + dt.timedelta(hours=2)
    b = claims.claim("run-b", ontvanger, lijst, nu=later)
    assert len(b.geclaimd) == 1 and b.overgenomen == 1
    c = claims.claim("run-c", ontvanger, lijst, nu=later)
    assert not c.geclaimd and c.bezig == 1
    # The first run, back after all, can neither mark it sent nor give it back.
    assert claims.markeer_verzonden("run-a", a.geclaimd) == 0
    assert claims.geef_vrij("run-a") == 0
    assert claims.markeer_verzonden("run-b", b.geclaimd) == 1
    rij = Herinnering.objects.get()
    assert (rij.status, rij.run) == (HerinneringStatus.VERZONDEN, "run-b")
    assert rij.verzonden_op is not None
    # A sent reminder is never taken over, however old.
    d = claims.claim("run-d", ontvanger, lijst, nu=later + dt.timedelta(days=30))
    assert not d.geclaimd and d.al_verzonden == 1


@pytest.mark.django_db
def test_een_vrijgegeven_claim_claimt_de_volgende_run_opnieuw(melding):
    ontvanger, lijst = melding
    a = claims.claim("run-a", ontvanger, lijst)
    assert claims.geef_vrij("run-a", [pk for _m, pk in a.geclaimd]) == 1
    assert not Herinnering.objects.exists()
    b = claims.claim("run-b", ontvanger, lijst)
    assert len(b.geclaimd) == 1 and not b.overgenomen


@pytest.mark.django_db
def test_de_vervaltijd_komt_uit_de_instellingen(melding):
    ontvanger, lijst = melding
    nu = timezone.now()
    claims.claim("run-a", ontvanger, lijst, nu=nu)
    with override_settings(MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA=60):
        vroeg = claims.claim("run-b", ontvanger, lijst, nu=nu + dt.timedelta(seconds=59))
        laat = claims.claim("run-b", ontvanger, lijst, nu=nu + dt.timedelta(seconds=61))
    assert vroeg.bezig == 1 and laat.overgenomen == 1


class WeigertBea(BaseEmailBackend):
    """Refuses one address, as a mail server does for an unknown recipient."""

    def send_messages(self, berichten):
        for bericht in berichten:
            if bericht.to == ["bea@school.example"]:
                raise smtplib.SMTPRecipientsRefused({bericht.to[0]: (550, b"onbekend")})
            mail.outbox.append(bericht)
        return len(berichten)


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND=f"{__name__}.WeigertBea")
def test_een_geweigerd_adres_houdt_de_andere_niet_tegen(termijn, capsys):
    assert main(["herinneringen", "--datum", DINSDAG]) == 1
    uit = capsys.readouterr()
    assert [m.to for m in mail.outbox] == [["anne@school.example"]]
    assert "niet verstuurd" in uit.err and "weigerde" in uit.err, uit.err
    assert "e-mails verstuurd: 1" in uit.out and "e-mails mislukt: 1" in uit.out
    assert "herinneringen vrijgegeven voor de volgende run: 1" in uit.out
    assert _verzonden() == {"anne@school.example": 1}
    assert not Herinnering.objects.filter(status=HerinneringStatus.GECLAIMD).exists()
    with override_settings(EMAIL_BACKEND=LOCMEM):
        assert main(["herinneringen", "--datum", DINSDAG]) == 0
    assert _verzonden() == {"anne@school.example": 1, "bea@school.example": 1}


@pytest.mark.django_db
def test_een_hangende_mailserver_in_hetzelfde_proces(termijn, capsys):
    """The same with EMAIL_TIMEOUT set directly: each e-mail waits at most that long."""
    assert isinstance(settings.EMAIL_TIMEOUT, int | float)
    assert 0 < settings.EMAIL_TIMEOUT <= 120
    with (
        Mailserver(zwijgt=True) as hangt,
        override_settings(
            EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=hangt.poort, EMAIL_TIMEOUT=1
        ),
    ):
        assert main(["herinneringen", "--datum", DINSDAG]) == 1
    uit = capsys.readouterr()
    assert "niet verstuurd" in uit.err and "EMAIL_TIMEOUT" in uit.err, uit.err
    assert (
        "e-mails mislukt: 2" in uit.out
        and "herinneringen vrijgegeven voor de volgende run: 2" in uit.out
    )
    assert not Herinnering.objects.exists()
    with override_settings(EMAIL_BACKEND=LOCMEM):
        assert main(["herinneringen", "--datum", DINSDAG]) == 0
    assert len(mail.outbox) == 2


class Onbereikbaar(BaseEmailBackend):
    pogingen = 0

    def send_messages(self, berichten):
        Onbereikbaar.pogingen += 1
        raise ConnectionRefusedError("verbinding geweigerd")


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND=f"{__name__}.Onbereikbaar")
def test_een_onbereikbare_mailserver_wordt_niet_eindeloos_geprobeerd(
    termijn, maak_lid, organisatie, capsys
):
    """A server that is down: after a few failures in a row the run stops trying, and says how
    many e-mails it left for the next run."""
    for i in range(5):
        lid = maak_lid(organisatie=organisatie, naam=f"collega{i}")
        lid.user.email = f"collega{i}@school.example"
        lid.user.save()
        Termijn.objects.create(
            organisatie=organisatie,
            casus=termijn.casus,
            ronde=1,
            fase=termijn.fase,
            sleutel=f"proef:{i}",
            soort=termijn.soort,
            verantwoordelijke=lid.user,
            telwijze=termijn.telwijze,
            startdatum=termijn.startdatum,
            uiterlijk=termijn.uiterlijk,
        )
    Onbereikbaar.pogingen = 0
    assert main(["herinneringen", "--datum", DINSDAG]) == 1
    uit = capsys.readouterr()
    assert Onbereikbaar.pogingen == herinneringen.MAX_VERBINDINGSFOUTEN
    assert "4 e-mails niet geprobeerd" in uit.err, uit.err
    assert not Herinnering.objects.exists()


class StoptTijdensVerzending(BaseEmailBackend):
    """Sends the signal to the run while it is sending, as systemd's stop would."""

    def send_messages(self, berichten):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("niet bereikt: het signaal stopt de verzending")


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND=f"{__name__}.StoptTijdensVerzending")
def test_sigterm_in_hetzelfde_proces(termijn, capsys):
    vorige = signal.getsignal(signal.SIGTERM)
    assert main(["herinneringen", "--datum", DINSDAG]) == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == vorige  # the command puts the old handler back
    uit = capsys.readouterr()
    assert "gestopt" in uit.err.lower(), uit.err
    assert "herinneringen vrijgegeven voor de volgende run: 1" in uit.out, uit.out
    assert not Herinnering.objects.exists()


class StilMislukt(BaseEmailBackend):
    """Reports nothing sent and raises nothing, as a backend with ``fail_silently`` does."""

    def send_messages(self, berichten):
        return 0


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND=f"{__name__}.StilMislukt")
def test_niets_aangenomen_is_niet_verzonden(termijn, capsys):
    assert main(["herinneringen", "--datum", DINSDAG]) == 1
    assert "nam de e-mail niet aan" in capsys.readouterr().err
    assert not Herinnering.objects.exists()
