"""The hash chains: ordinary work verifies; editing, deleting or inserting a row by SQL is found
by `meldwijzer audit verifieer` (on PostgreSQL the trigger refuses the edit first); a removed tail
is found against heads kept outside the database."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
from collections.abc import Iterator, Sequence

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis, Ketenkop, Toegang
from meldwijzer.cli import main
from meldwijzer.dossier import services

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def _sql(sql: str, params: Sequence[str | int | dt.datetime | None] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@contextlib.contextmanager
def buiten_de_app_om(tabel: str) -> Iterator[None]:
    """Tamper as someone with direct database access would. On PostgreSQL that takes switching
    off the trigger first (only the table's owner can); the test proves the trigger refuses."""
    if POSTGRESQL:
        with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic():
            _sql(f"DELETE FROM {tabel}")
        _sql("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks for ALTER TABLE
        _sql(f"ALTER TABLE {tabel} DISABLE TRIGGER meldwijzer_alleen_toevoegen")
    try:
        yield
    finally:
        if POSTGRESQL:
            _sql(f"ALTER TABLE {tabel} ENABLE TRIGGER meldwijzer_alleen_toevoegen")
            _sql("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def werk(beroepskracht, casus_stap5, client_van):
    """A casus walked to a besluit, its pages read: rows in both chains."""
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="ja"
    )
    client = client_van(beroepskracht)
    for naam in ("web:casus", "web:signalen", "web:tijdlijn"):
        client.get(reverse(naam, args=[casus_stap5.uuid]))
    return casus_stap5


def _verifieer(capsys, *extra: str) -> tuple[int, str]:
    code = main(["audit", "verifieer", *extra])
    uit = capsys.readouterr()
    return code, uit.out + uit.err


def test_gewoon_werk_verifieert(werk, capsys):
    org = werk.organisatie_id
    nummers = list(
        Gebeurtenis.objects.filter(organisatie_id=org)
        .order_by("volgnummer")
        .values_list("volgnummer", flat=True)
    )
    assert nummers == list(range(1, len(nummers) + 1)) and len(nummers) > 8
    assert Toegang.objects.filter(organisatie_id=org).count() == 3
    code, uit = _verifieer(capsys)
    assert code == 0 and "In orde" in uit
    verslag = keten.verifieer()
    assert verslag.in_orde and verslag.rijen == Gebeurtenis.objects.count() + 3


def test_elke_organisatie_een_eigen_keten(werk, buitenstaander, capsys):
    andere = services.open_casus(actor=buitenstaander, titel="Elders")
    rij = Gebeurtenis.objects.get(casus=andere)
    assert rij.volgnummer == 1  # a chain of its own, from 1
    assert keten.verifieer([buitenstaander.organisatie_id]).in_orde


def test_een_gewijzigde_rij_wordt_gevonden(werk, capsys):
    rij = Gebeurtenis.objects.filter(organisatie_id=werk.organisatie_id).order_by("volgnummer")[3]
    with buiten_de_app_om("audit_gebeurtenis"):
        _sql("UPDATE audit_gebeurtenis SET actor_naam = %s WHERE id = %s", ["Iemand", rij.pk])
    code, uit = _verifieer(capsys)
    assert code == 1
    assert "gebeurtenissen" in uit and "gewijzigd" in uit
    assert f"rij {rij.pk} (volgnummer {rij.volgnummer}) is gewijzigd" in uit


def test_een_gewijzigde_toegangsregel_wordt_gevonden(werk, capsys):
    rij = Toegang.objects.order_by("volgnummer")[1]
    with buiten_de_app_om("audit_toegang"):
        _sql("UPDATE audit_toegang SET ip_adres = %s WHERE id = %s", ["10.9.9.9", rij.pk])
    code, uit = _verifieer(capsys)
    assert code == 1 and "keten toegang: gewijzigd" in uit


def test_een_verwijderde_rij_wordt_gevonden(werk, capsys):
    rij = Gebeurtenis.objects.filter(organisatie_id=werk.organisatie_id).order_by("volgnummer")[4]
    with buiten_de_app_om("audit_gebeurtenis"):
        _sql("DELETE FROM audit_gebeurtenis WHERE id = %s", [rij.pk])
    code, uit = _verifieer(capsys)
    assert code == 1
    assert f"volgnummer {rij.volgnummer} ontbreekt" in uit and "verwijderd" in uit


def test_een_ingevoegde_rij_wordt_gevonden(werk, beroepskracht, capsys):
    """An INSERT needs no switched-off trigger; it lacks the HMAC key, so it cannot link in."""
    laatste = Toegang.objects.order_by("-volgnummer").first()
    _sql(
        "INSERT INTO audit_toegang (organisatie_id, gebruiker_id, rol, casus_id, actie, uitkomst, "
        "grondslag, onderdeel, tijdstip, volgnummer, keten_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            werk.organisatie_id,
            beroepskracht.user_id,
            "beroepskracht",
            None,
            "inzien",
            "toegestaan",
            "",
            "casus.overzicht",
            timezone.now(),
            laatste.volgnummer + 1,
            secrets.token_hex(32),
        ],
    )
    code, uit = _verifieer(capsys)
    assert code == 1 and "ingevoegd" in uit
    assert f"volgnummer {laatste.volgnummer + 1}" in uit


def test_een_ingevoegde_rij_met_eigen_volgnummer_ertussen(werk, capsys):
    """Inserted in the middle: the rows after it renumbered, the kop moved along."""
    rijen = list(
        Gebeurtenis.objects.filter(organisatie_id=werk.organisatie_id).order_by("-volgnummer")
    )
    midden = rijen[len(rijen) // 2].volgnummer
    with buiten_de_app_om("audit_gebeurtenis"):
        for rij in rijen:  # from the end: unique numbers all the way
            if rij.volgnummer >= midden:
                _sql(
                    "UPDATE audit_gebeurtenis SET volgnummer = volgnummer + 1 WHERE id = %s",
                    [rij.pk],
                )
        _sql(
            "INSERT INTO audit_gebeurtenis (organisatie_id, casus_id, actor_id, actor_naam, "
            "actor_rol, tijdstip, soort, object_type, object_id, reden, volgnummer, keten_hash) "
            "VALUES (%s, NULL, NULL, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                werk.organisatie_id,
                "Iemand",
                "aandachtsfunctionaris",
                timezone.now(),
                "casus.geopend",
                "",
                "",
                "",
                midden,
                secrets.token_hex(32),
            ],
        )
    code, uit = _verifieer(capsys)
    assert code == 1 and f"volgnummer {midden}" in uit


def test_een_afgekapte_staart_vinden_de_bewaarde_koppen(werk, tmp_path, capsys):
    koppen = tmp_path / "koppen.json"
    assert main(["audit", "koppen", "--naar", str(koppen)]) == 0
    bewaard = json.loads(koppen.read_text())
    assert {k["keten"] for k in bewaard["koppen"]} == {"gebeurtenissen", "toegang"}
    capsys.readouterr()
    org = werk.organisatie_id
    rijen = list(Gebeurtenis.objects.filter(organisatie_id=org).order_by("-volgnummer")[:2])
    blijft = Gebeurtenis.objects.filter(organisatie_id=org).order_by("-volgnummer")[2]
    with buiten_de_app_om("audit_gebeurtenis"):
        for rij in rijen:
            _sql("DELETE FROM audit_gebeurtenis WHERE id = %s", [rij.pk])
        # Covering tracks: the kop put back to the new last row.
        _sql(
            "UPDATE audit_ketenkop SET volgnummer = %s, hash = %s "
            "WHERE organisatie_id = %s AND keten = %s",
            [blijft.volgnummer, blijft.keten_hash, org, "gebeurtenissen"],
        )
    code, uit = _verifieer(capsys)
    assert code == 0, uit  # a valid shorter chain: only the heads kept outside can tell
    code, uit = _verifieer(capsys, "--koppen", str(koppen))
    assert code == 1 and "afgekapt" in uit and "rijen aan het eind zijn verwijderd" in uit


def test_afgekapt_zonder_koppen_als_de_kop_niet_is_bijgewerkt(werk, capsys):
    laatste = Gebeurtenis.objects.filter(organisatie_id=werk.organisatie_id).latest("volgnummer")
    with buiten_de_app_om("audit_gebeurtenis"):
        _sql("DELETE FROM audit_gebeurtenis WHERE id = %s", [laatste.pk])
    code, uit = _verifieer(capsys)
    assert code == 1 and "afgekapt" in uit


def test_onleesbaar_koppenbestand_geeft_2(werk, tmp_path, capsys):
    pad = tmp_path / "koppen.json"
    pad.write_text('{"formaat": "iets anders"}')
    assert main(["audit", "verifieer", "--koppen", str(pad)]) == 2
    assert "geen bestand met ketenkoppen" in capsys.readouterr().err
    assert main(["audit", "verifieer", "--koppen", str(tmp_path / "weg.json")]) == 2
    # Nested deeper than Python's parser recurses: a refusal, not a RecursionError.
    pad.write_text('{"formaat": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert main(["audit", "verifieer", "--koppen", str(pad)]) == 2
    assert "dieper genest" in capsys.readouterr().err


def test_json_uitvoer(werk, capsys):
    assert main(["audit", "verifieer", "--format", "json"]) == 0
    verslag = json.loads(capsys.readouterr().out)
    assert verslag["in_orde"] and verslag["rijen"] > 0


@pytest.mark.skipif(not POSTGRESQL, reason="de trigger bestaat alleen op PostgreSQL")
@pytest.mark.parametrize(
    "tabel", ["audit_gebeurtenis", "audit_toegang", "accounts_inloggebeurtenis"]
)
def test_de_trigger_weigert_bijwerken_en_verwijderen(werk, tabel, beroepskracht):
    Inloggebeurtenis.objects.create(
        gebruiker=beroepskracht.user, gebruikersnaam="bea", soort="ingelogd"
    )
    for sql in (f"UPDATE {tabel} SET tijdstip = tijdstip", f"DELETE FROM {tabel}"):
        with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic():
            _sql(sql)


def test_de_ketenkop_is_alleen_een_cursor(werk):
    """The app appends through the kop; verifying recomputes from the rows themselves."""
    kop = Ketenkop.objects.get(organisatie_id=werk.organisatie_id, keten="gebeurtenissen")
    laatste = Gebeurtenis.objects.filter(organisatie_id=werk.organisatie_id).latest("volgnummer")
    assert (kop.volgnummer, kop.hash) == (laatste.volgnummer, laatste.keten_hash)


def test_ook_een_rechtstreeks_gemaakte_rij_wordt_versleuteld_en_geketend(werk, beroepskracht):
    """However a row is created (not only through leg_vast): ciphertext and a link in the chain."""
    rij = Gebeurtenis.objects.create(
        organisatie_id=werk.organisatie_id,
        casus=werk,
        actor=beroepskracht.user,
        soort="test.direct",
        nieuw={"tekst": "RECHTSTREEKS-GEHEIM"},
        reden="RECHTSTREEKSE-REDEN",
    )
    assert rij.volgnummer and rij.keten_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT nieuw, reden FROM audit_gebeurtenis WHERE id = %s", [rij.pk])
        assert "RECHTSTREEKS" not in str(cursor.fetchone())
    assert Gebeurtenis.objects.get(pk=rij.pk).nieuw == {"tekst": "RECHTSTREEKS-GEHEIM"}
    toegang = Toegang.objects.create(
        organisatie_id=werk.organisatie_id,
        gebruiker=beroepskracht.user,
        rol="beroepskracht",
        actie="inzien",
        onderdeel="test",
    )
    assert toegang.volgnummer == Toegang.objects.filter(organisatie_id=werk.organisatie_id).count()
    assert keten.verifieer().in_orde
