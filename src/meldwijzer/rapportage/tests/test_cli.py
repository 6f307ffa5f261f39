"""The commands: `meldwijzer herinneringen`, `rapportage bijwerken`, `rapportage jaarcijfers`:
summaries, progress on a terminal only, Dutch errors with exit code 2."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail

from meldwijzer.cli import main
from meldwijzer.cli.voortgang import Voortgang
from meldwijzer.dossier import services
from meldwijzer.rapportage.models import Mijlpaal, Termijn
from meldwijzer.rapportage.tests.gegevens import klok, spoedmelding

pytestmark = pytest.mark.django_db


@pytest.fixture
def casus_met_termijn(beroepskracht):
    beroepskracht.user.email = "bea@school.example"
    beroepskracht.user.save()
    with klok(dt.date(2025, 3, 3)):
        casus = services.open_casus(actor=beroepskracht, titel="Acuut")
        spoedmelding(beroepskracht, casus, dt.date(2025, 3, 3))
    return casus


def test_herinneringen(casus_met_termijn, capsys):
    assert (
        main(["herinneringen", "--datum", "2025-03-11", "--basis-url", "https://mw.example"]) == 0
    )
    uit = capsys.readouterr()
    assert "e-mails verstuurd: 1" in uit.out and "verlopen: 1" in uit.out
    assert uit.err == ""  # no progress line when not on a terminal
    assert "https://mw.example/" in mail.outbox[0].body
    assert main(["herinneringen", "--datum", "2025-03-11"]) == 0
    assert "e-mails verstuurd: 0" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argumenten", "tekst"),
    [
        (["herinneringen", "--datum", "31-03-2025"], "JJJJ-MM-DD"),
        (["herinneringen", "--basis-url", "meldwijzer.example"], "https://"),
        (["herinneringen", "--organisatie", "999999"], "bestaat niet"),
        (
            ["rapportage", "jaarcijfers", "--organisatie", "999999", "--jaar", "2025"],
            "bestaat niet",
        ),
        (["rapportage", "jaarcijfers", "--jaar", "2025"], "ontbreken"),
    ],
)
def test_foute_invoer_geeft_2(argumenten, tekst, capsys):
    try:
        code = main(argumenten)
    except SystemExit as uitgang:  # argparse and the organisation check stop at once
        code = uitgang.code
    assert code == 2
    assert tekst in capsys.readouterr().err


def test_bijwerken_herstelt_de_projectie(casus_met_termijn, capsys):
    Termijn.objects.all().delete()
    Mijlpaal.objects.all().delete()
    assert main(["rapportage", "bijwerken"]) == 0
    assert "1 casussen bijgewerkt; 0 mislukt." in capsys.readouterr().out
    assert Termijn.objects.filter(casus=casus_met_termijn, open=True).count() == 1
    assert Mijlpaal.objects.filter(casus=casus_met_termijn, soort="melding").count() == 1


def test_jaarcijfers_als_csv(casus_met_termijn, organisatie, tmp_path, capsys):
    doel = tmp_path / "jaar.csv"
    code = main(
        [
            "rapportage",
            "jaarcijfers",
            "--organisatie",
            str(organisatie.pk),
            "--jaar",
            "2025",
            "-o",
            str(doel),
        ]
    )
    assert code == 0
    tekst = doel.read_text(encoding="utf-8")
    assert tekst.startswith("\ufeffonderdeel;uitsplitsing;K1;K2;K3;K4;jaar")
    assert "Casussen gestart;x;0;0;0;x" in tekst  # one casus: suppressed
    assert casus_met_termijn.kenmerk not in tekst


def test_voortgang_op_een_terminal():
    uit = io.StringIO()
    v = Voortgang("Bezig", uit=uit, actief=True)
    for i in range(1, 4):
        v(i, 3)
    v.klaar()
    assert "Bezig: 3/3 (100%)" in uit.getvalue() and uit.getvalue().endswith("\n")
    stil = io.StringIO()
    Voortgang("Bezig", uit=stil)(1, 3)  # a StringIO is no terminal
    assert stil.getvalue() == ""
