"""The login events in a hash chain of the whole installation (ADR 0011): editing, deleting or
inserting an event outside the application is found by `meldwijzer audit verifieer`, and a
removed tail against the heads of `audit koppen`."""

from __future__ import annotations

import json
import secrets

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.accounts.testing import huidige_code, totp_voor
from meldwijzer.accounts.tests.bouwers import WACHTWOORD
from meldwijzer.audit import keten
from meldwijzer.audit.models import Ketenkop
from meldwijzer.audit.tests.test_keten import _sql, _verifieer, buiten_de_app_om
from meldwijzer.cli import main

pytestmark = pytest.mark.django_db

TABEL = "accounts_inloggebeurtenis"


@pytest.fixture
def inloggen(beroepskracht, buitenstaander):
    """Logins of two organisations' members, a wrong password and an unknown username."""
    for lid in (beroepskracht, buitenstaander):
        totp_voor(lid.user)
        client = Client()
        client.post(reverse("web:inloggen"), {"username": lid.user.username, "password": "fout"})
        client.post(
            reverse("web:inloggen"), {"username": lid.user.username, "password": WACHTWOORD}
        )
        client.post(reverse("web:inloggen_code"), {"code": huidige_code(lid.user)})
        client.post(reverse("web:uitloggen"))
    Client().post(reverse("web:inloggen"), {"username": "niemand", "password": "fout"})
    rijen = list(Inloggebeurtenis.objects.order_by("volgnummer"))
    assert len(rijen) >= 7
    return rijen


def test_elke_gebeurtenis_krijgt_de_volgende_schakel(inloggen, capsys):
    assert [r.volgnummer for r in inloggen] == list(range(1, len(inloggen) + 1))
    assert all(len(r.keten_hash) == 64 for r in inloggen)
    # One chain for the installation, whichever organisation the account belongs to.
    kop = Ketenkop.objects.get(organisatie=None, keten="inloggen")
    assert (kop.volgnummer, kop.hash) == (inloggen[-1].volgnummer, inloggen[-1].keten_hash)
    code, uit = _verifieer(capsys)
    assert code == 0 and "In orde" in uit
    assert keten.verifieer().rijen >= len(inloggen)


def test_een_gewijzigde_gebeurtenis_wordt_gevonden(inloggen, capsys):
    """Someone with database access turns a failed login into a successful one."""
    rij = next(r for r in inloggen if r.soort == Inloggebeurtenis.Soort.WACHTWOORD_FOUT)
    with buiten_de_app_om(TABEL):
        _sql(f"UPDATE {TABEL} SET soort = %s WHERE id = %s", ["ingelogd", rij.pk])
    code, uit = _verifieer(capsys)
    assert code == 1
    assert "keten inloggen: gewijzigd" in uit and "de hele installatie" in uit
    assert f"rij {rij.pk} (volgnummer {rij.volgnummer}) is gewijzigd" in uit


def test_een_verwijderde_gebeurtenis_wordt_gevonden(inloggen, capsys):
    rij = inloggen[2]
    with buiten_de_app_om(TABEL):
        _sql(f"DELETE FROM {TABEL} WHERE id = %s", [rij.pk])
    code, uit = _verifieer(capsys)
    assert code == 1 and f"volgnummer {rij.volgnummer} ontbreekt" in uit


def test_een_ingevoegde_gebeurtenis_wordt_gevonden(inloggen, capsys):
    _sql(
        f"INSERT INTO {TABEL} (gebruikersnaam, soort, tijdstip, volgnummer, keten_hash) "
        "VALUES (%s, %s, %s, %s, %s)",
        ["bea", "uitgelogd", timezone.now(), inloggen[-1].volgnummer + 1, secrets.token_hex(32)],
    )
    code, uit = _verifieer(capsys)
    assert code == 1 and "keten inloggen: ingevoegd" in uit


def test_een_afgekapte_staart_wordt_gevonden_tegen_de_bewaarde_koppen(inloggen, tmp_path, capsys):
    """Deleting the last events and resetting the head leaves a valid shorter chain; the heads
    kept outside the database still find it."""
    pad = tmp_path / "koppen.json"
    assert main(["audit", "koppen", "--naar", str(pad)]) == 0
    bewaard = json.loads(pad.read_text())["koppen"]
    assert {"organisatie": None, "keten": "inloggen"}.items() <= next(
        k for k in bewaard if k["keten"] == "inloggen"
    ).items()
    laatste = inloggen[-1]
    with buiten_de_app_om(TABEL):
        _sql(f"DELETE FROM {TABEL} WHERE id = %s", [laatste.pk])
    vorige = inloggen[-2]
    _sql(
        "UPDATE audit_ketenkop SET volgnummer = %s, hash = %s WHERE keten = 'inloggen'",
        [vorige.volgnummer, vorige.keten_hash],
    )
    code, _uit = _verifieer(capsys)
    assert code == 0  # a shorter chain on its own verifies
    code, uit = _verifieer(capsys, "--koppen", str(pad))
    assert code == 1 and "keten inloggen: afgekapt" in uit


def test_alleen_een_organisatie_laat_de_installatieketen_buiten_beschouwing(
    inloggen, beroepskracht
):
    rij = inloggen[1]
    with buiten_de_app_om(TABEL):
        _sql(f"UPDATE {TABEL} SET gebruikersnaam = %s WHERE id = %s", ["x", rij.pk])
    assert keten.verifieer([beroepskracht.organisatie_id]).in_orde
    assert not keten.verifieer().in_orde


@pytest.mark.django_db(transaction=True)
def test_de_migratie_ketent_eerder_vastgelegde_gebeurtenissen():
    """Events recorded before the chain existed are linked in the order they happened."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    voor = [("accounts", "0004_sso"), ("audit", "0005_schrijfproef")]
    executor = MigrationExecutor(connection)
    executor.migrate(voor)
    oud = executor.loader.project_state(voor).apps.get_model("accounts", "Inloggebeurtenis")
    nu = timezone.now()
    for i, soort in enumerate(["wachtwoord_fout", "ingelogd", "uitgelogd"]):
        oud.objects.create(
            gebruikersnaam="bea", soort=soort, tijdstip=nu + timezone.timedelta(seconds=i)
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    rijen = list(Inloggebeurtenis.objects.order_by("volgnummer"))
    assert [(r.volgnummer, r.soort) for r in rijen] == [
        (1, "wachtwoord_fout"),
        (2, "ingelogd"),
        (3, "uitgelogd"),
    ]
    assert keten.verifieer().in_orde
    # The application goes on from there.
    Inloggebeurtenis.objects.create(gebruikersnaam="bea", soort="ingelogd")
    assert Inloggebeurtenis.objects.order_by("volgnummer").last().volgnummer == 4
    assert keten.verifieer().in_orde
