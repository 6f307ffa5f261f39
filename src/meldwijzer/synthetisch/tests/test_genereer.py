"""`meldwijzer demo genereer` on small data: proportions, data the app can read (decryption,
engine outcomes, projections), valid hash chains, usable logins, and the free-space refusal."""

from __future__ import annotations

import json
import stat
from collections import Counter

import pytest
from django.db.models import Count
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from meldwijzer.accounts.models import Membership, User
from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.cli import main
from meldwijzer.dossier.models import Besluit, Betrokkene, Casus, Hulpplan, Melding, Signaal
from meldwijzer.rapportage.mijlpalen import gewenste_mijlpalen
from meldwijzer.rapportage.models import Mijlpaal, Termijn
from meldwijzer.rapportage.termijnen import gewenste_termijnen
from meldwijzer.synthetisch import genereer

pytestmark = pytest.mark.django_db
CASUSSEN = 50


@pytest.fixture
def gegenereerd(tmp_path, capsys):
    pad = tmp_path / "inlog.json"
    code = main(
        [
            "demo", "genereer", "--organisaties", "2", "--casussen", str(CASUSSEN),
            "--inloggegevens", str(pad), "--processen", "1",
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    return pad


def test_verhoudingen(gegenereerd):
    assert Casus.objects.count() == CASUSSEN
    per_casus = CASUSSEN
    assert 2 <= Betrokkene.objects.count() / per_casus <= 4
    assert 6 <= Signaal.objects.count() / per_casus <= 10
    met_besluit = Casus.objects.filter(besluiten__isnull=False).distinct().count()
    assert met_besluit >= CASUSSEN * 0.6
    besluiten = Counter(
        Besluit.objects.values("casus").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert set(besluiten) <= {1, 2}
    assert 0.15 <= Melding.objects.values("casus").distinct().count() / per_casus <= 0.55
    assert 0.3 <= Hulpplan.objects.values("casus").distinct().count() / per_casus <= 0.7
    assert Termijn.objects.exists()
    assert Gebeurtenis.objects.count() >= 10 * CASUSSEN
    assert Toegang.objects.count() >= 2 * CASUSSEN


def test_de_app_leest_het_als_eigen_gegevens(gegenereerd):
    casus = Casus.objects.filter(besluiten__isnull=False).first()
    assert casus.titel.endswith("(synthetisch)")  # decrypted under the casus's own key
    assert all(s.tekst.startswith("Fictief") for s in casus.signaal_set.all())
    namen = [b.naam for b in Betrokkene.objects.exclude(naam="")]
    assert namen and all(n.endswith("(fictief)") for n in namen)
    for besluit in Besluit.objects.all():
        # The stored outcome is the engine's for the stored answers, under the pinned version.
        assert besluit.herbereken() == besluit.uitkomst
        assert besluit.antwoorden[0]["afweging"] == "1"
    geopend = Gebeurtenis.objects.filter(casus=casus, soort="casus.geopend").get()
    assert geopend.nieuw["kenmerk"] == casus.kenmerk
    assert geopend.ruw("nieuw").startswith("mw1:")  # ciphertext at rest


def test_projecties_kloppen_met_het_dossier(gegenereerd):
    for casus in Casus.objects.all():
        mijlpalen = {
            (m.sleutel, m.soort, m.datum, m.uitkomst, m.dagen)
            for m in Mijlpaal.objects.filter(casus=casus)
        }
        assert mijlpalen == {
            (g.sleutel, g.soort, g.datum, g.uitkomst, g.dagen) for g in gewenste_mijlpalen(casus)
        }, casus.kenmerk
        termijnen = {(t.sleutel, t.uiterlijk) for t in Termijn.objects.filter(casus=casus)}
        assert termijnen == {(g.sleutel, g.uiterlijk) for g in gewenste_termijnen(casus)}


def test_ketens_kloppen(gegenereerd, capsys):
    verslag = keten.verifieer()
    assert verslag.in_orde, [b.tekst for b in verslag.bevindingen]
    assert verslag.rijen == Gebeurtenis.objects.count() + Toegang.objects.count()
    capsys.readouterr()
    assert main(["audit", "verifieer"]) == 0


def test_gewone_accounts_met_tweestaps(gegenereerd):
    assert stat.S_IMODE(gegenereerd.stat().st_mode) == 0o600
    gebruikers = json.loads(gegenereerd.read_text())["gebruikers"]
    assert len(gebruikers) == User.objects.count()
    eerste = gebruikers[0]
    user = User.objects.get(username=eerste["gebruikersnaam"])
    assert not user.is_demo and user.check_password(eerste["wachtwoord"])
    assert Membership.objects.filter(user=user, organisatie_id=eerste["organisatie"]).exists()
    apparaat = TOTPDevice.objects.get(user=user, confirmed=True)
    import base64

    code = TOTP(base64.b32decode(eerste["totp_geheim"])).token()
    assert apparaat.verify_token(f"{code:06d}")


def test_weigert_bij_te_weinig_ruimte(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(genereer.ruimte, "vrije_ruimte", lambda pad=None: 10_000_000)
    code = main(
        ["demo", "genereer", "--casussen", "1000000", "--inloggegevens", str(tmp_path / "x")]
    )
    assert code == 2
    fout = capsys.readouterr().err
    assert "Te weinig vrije schijfruimte" in fout and "GB nodig" in fout
    assert not Casus.objects.exists() and not (tmp_path / "x").exists()


def test_schatting_groeit_met_het_aantal():
    assert genereer.benodigde_ruimte(1_000_000, "sqlite") > 10 * genereer.benodigde_ruimte(
        10_000, "sqlite"
    )
    # PostgreSQL: the data plus its write-ahead log, which stops growing at max_wal_size
    klein, groot = (genereer.benodigde_ruimte(n, "postgresql") for n in (10_000, 1_000_000))
    assert klein < 1_000_000_000 and 45e9 < groot < 50e9


def _indexen() -> set[tuple[str, str, tuple[str, ...]]]:
    """Indexes and foreign keys (PostgreSQL drops both while loading)."""
    from django.db import connection

    with connection.cursor() as cur:
        return {
            (tabel, naam, tuple(c["columns"]))
            for tabel in connection.introspection.table_names(cur)
            for naam, c in connection.introspection.get_constraints(cur, tabel).items()
            if c["index"] or c["foreign_key"]
        }


def test_indexen_weg_tijdens_laden_en_daarna_terug(tmp_path, capsys):
    voor = _indexen()
    code = main(
        [
            "demo", "genereer", "--organisaties", "1", "--casussen", "5",
            "--inloggegevens", str(tmp_path / "inlog.json"), "--processen", "1",
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert _indexen() == voor


def test_indexen_terug_ook_als_het_genereren_faalt(monkeypatch) -> None:
    voor = _indexen()
    tijdens: list[set] = []

    def faal(self, org, volgnummer):
        tijdens.append(_indexen())
        raise RuntimeError("halverwege gestopt")

    monkeypatch.setattr(genereer.Generator, "_casus", faal)
    with pytest.raises(RuntimeError, match="halverwege"):
        genereer.Generator(organisaties=1, casussen=3).draai(processen=1)
    # While loading, the secondary indexes of the generated tables were gone ...
    weg = voor - tijdens[0]
    assert {tabel for tabel, _naam, _k in weg} >= {"dossier_signaal", "audit_gebeurtenis"}
    assert all(tabel != "accounts_user" for tabel, _naam, _k in weg)
    from django.db import connection

    if connection.vendor == "postgresql":  # and so were their foreign keys
        assert any(t == "dossier_signaal" and "_fk_" in naam for t, naam, _k in weg)
    # ... and they are all back.
    assert _indexen() == voor


def _vingerafdruk() -> str:
    """A hash over what the random source decides in the generated casussen (no ids, which
    differ per database): profiles, moments, owners' choices of values, decrypted texts, and
    the order of the audit and access rows."""
    import hashlib

    from meldwijzer.dossier.models import Antwoord

    regels: list[str] = []
    for c in Casus.objects.order_by("id"):
        regels.append(
            f"casus {c.kenmerk} {c.fase} {c.titel} {c.aangemaakt_op.isoformat()} "
            f"{c.afgesloten_op and c.afgesloten_op.isoformat()} {c.versie}"
        )
    for b in Betrokkene.objects.order_by("id"):
        regels.append(f"betrokkene {b.rol} {b.leeftijd} {b.relatie} {b.naam} {b.geboortedatum}")
    for s in Signaal.objects.order_by("id"):
        regels.append(f"signaal {s.datum} {s.bron} {s.bron_wie} {s.aard} {s.tekst}")
    for a in Antwoord.objects.order_by("id"):
        regels.append(f"antwoord {a.afweging} {a.antwoord} {a.beantwoord_op.isoformat()}")
    for g in Gebeurtenis.objects.order_by("id"):
        nieuw = {k: v for k, v in (g.nieuw or {}).items() if k not in ("kader_versie",)}
        regels.append(
            f"gebeurtenis {g.volgnummer} {g.soort} {g.tijdstip.isoformat()} "
            f"{json.dumps(nieuw, sort_keys=True) if g.soort != 'besluit.vastgelegd' else ''}"
        )
    for t in Toegang.objects.order_by("id"):
        ip = t.ip_adres.split(".", 2)[2]  # its second number is the organisation's id
        regels.append(f"toegang {t.volgnummer} {t.onderdeel} {ip} {t.tijdstip.isoformat()}")
    for m in Mijlpaal.objects.order_by("id"):
        regels.append(f"mijlpaal {m.soort} {m.datum} {m.uitkomst} {m.dagen}")
    return hashlib.sha256("\n".join(regels).encode()).hexdigest()


def test_zelfde_seed_geeft_dezelfde_gegevens():
    """The same seed and moment give the same casussen as before any speed-up: the hash was
    taken from the generator before its per-casus work was made faster (docs/performance.md,
    'Genereren'), on SQLite and PostgreSQL alike."""
    import datetime as dt

    nu = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    genereer.Generator(organisaties=2, casussen=40, seed=7, nu=nu).draai(processen=1)
    afdruk = _vingerafdruk()
    assert afdruk == VINGERAFDRUK, afdruk


VINGERAFDRUK = "a98d6f6488754de78b897de7c942ecffa434846dd6d92ec2954d0e13b9e70949"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda kind: (
        st.lists(kind, max_size=4) | st.dictionaries(st.text(max_size=8), kind, max_size=4)
    ),
    max_leaves=12,
)


@given(_json)
def test_json_gesorteerd_schrijft_wat_de_encoder_schrijft(waarde):
    """The reused C encoder writes byte for byte what ``JSONEncoder.encode`` writes."""
    from meldwijzer.synthetisch.genereer.tabellen import JSON_GESORTEERD, json_gesorteerd

    assert json_gesorteerd(waarde) == JSON_GESORTEERD.encode(waarde)


def test_sqlite_instellingen_van_het_laden_weer_terug(tmp_path, capsys):
    """The index builds' sort threads and ANALYZE's sample limit hold for the generator's own
    steps only: the connection gets SQLite's defaults back."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("instellingen van SQLite")
    code = main(
        [
            "demo", "genereer", "--organisaties", "1", "--casussen", "5",
            "--inloggegevens", str(tmp_path / "inlog.json"), "--processen", "1",
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    with connection.cursor() as cur:
        cur.execute("PRAGMA threads")
        assert cur.fetchone()[0] == 0
        cur.execute("PRAGMA analysis_limit")
        assert cur.fetchone()[0] == 0
    assert Gebeurtenis.objects.exists()
