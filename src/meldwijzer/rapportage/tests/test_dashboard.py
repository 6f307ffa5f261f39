"""The dashboard's counts against a generated data set: what the generator did, counted here in
plain Python, must be what the SQL aggregates say — for the whole organisation, per
beroepskracht, and never including another organisation."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Rol
from meldwijzer.dossier.models import Fase
from meldwijzer.dossier.werkdagen import plus_werkdagen
from meldwijzer.rapportage.dashboard import DOORLOOPTIJD_KLASSEN, Filter, dashboard
from meldwijzer.rapportage.tests.gegevens import Verloop, genereer

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
BEGIN = VANDAAG - dt.timedelta(days=240)


@pytest.fixture
def gegevens(organisatie, maak_lid, buitenstaander) -> tuple[list[Membership], list[Verloop]]:
    leden = [maak_lid(Rol.BEROEPSKRACHT, organisatie, f"bk{i}") for i in range(3)]
    verlopen = genereer(leden, 19, begin=BEGIN)
    # Another organisation's casussen, in the same period: never counted for this one.
    bk_b = maak_lid(Rol.BEROEPSKRACHT, buitenstaander.organisatie, "bk_b")
    genereer([bk_b], 8, begin=BEGIN)
    return leden, verlopen


def verwacht(verlopen: list[Verloop], van: dt.date, tot: dt.date) -> dict:
    binnen = lambda d: van <= d <= tot  # noqa: E731
    binnenkort_tot = plus_werkdagen(VANDAAG, 5)
    dagen = [
        (v.eerste_besluit - v.eerste_signaal).days
        for v in verlopen
        if v.eerste_besluit and v.eerste_signaal and binnen(v.eerste_besluit)
    ]
    return {
        "per_stap": Counter(v.fase for v in verlopen),
        "besluiten": Counter(v.besluit[1] for v in verlopen if v.besluit and binnen(v.besluit[0])),
        "meldingen": Counter(
            (d.replace(day=1), spoed) for v in verlopen for d, spoed in v.meldingen if binnen(d)
        ),
        "geopend": sum(1 for v in verlopen if binnen(v.geopend)),
        "afgesloten": sum(1 for v in verlopen if v.afsluiting and binnen(v.afsluiting[0])),
        "advies": sum(1 for v in verlopen for d in v.adviesvragen if binnen(d)),
        "verlopen": Counter(s for v in verlopen for s, d in v.termijnen if d < VANDAAG),
        "binnenkort": Counter(
            s for v in verlopen for s, d in v.termijnen if VANDAAG <= d <= binnenkort_tot
        ),
        "dagen": dagen,
    }


def vergelijk(d, e) -> None:
    assert {t.sleutel: t.aantal for t in d.per_stap if t.aantal} == dict(e["per_stap"])
    assert {t.sleutel: t.aantal for t in d.besluiten} == dict(e["besluiten"])
    gemeten: Counter[tuple[dt.date, bool]] = Counter()
    for m in d.meldingen:
        gemeten[(m.maand, False)] += m.regulier
        gemeten[(m.maand, True)] += m.spoed
    assert +gemeten == e["meldingen"]
    assert (d.geopend, d.afgesloten, d.adviesvragen) == (e["geopend"], e["afgesloten"], e["advies"])
    assert {t.sleutel: t.aantal for t in d.verlopen if t.aantal} == dict(e["verlopen"])
    assert {t.sleutel: t.aantal for t in d.binnenkort if t.aantal} == dict(e["binnenkort"])
    assert d.verlopen_totaal == len(d.verlopen_lijst) == sum(e["verlopen"].values())
    assert d.doorlooptijd.aantal == len(e["dagen"])
    if e["dagen"]:
        assert d.doorlooptijd.mediaan == statistics.median(e["dagen"])
        assert d.doorlooptijd.gemiddelde == pytest.approx(statistics.mean(e["dagen"]))
    klassen: Counter[str] = Counter()
    for dagen in e["dagen"]:
        i = next(i for i, (b, _l) in enumerate(DOORLOOPTIJD_KLASSEN) if b is None or dagen <= b)
        klassen[f"k{i}"] += 1
    assert {k.sleutel: k.aantal for k in d.doorlooptijd.klassen if k.aantal} == dict(klassen)


def test_de_hele_organisatie(gegevens, organisatie):
    _leden, verlopen = gegevens
    d = dashboard(Filter(organisatie.pk, BEGIN, VANDAAG))
    e = verwacht(verlopen, BEGIN, VANDAAG)
    vergelijk(d, e)
    # the data set exercises every figure
    assert d.verlopen_totaal and d.besluiten_totaal >= 4 and d.spoed_totaal and d.afgesloten
    assert len({t.sleutel for t in d.besluiten}) >= 4
    assert d.open_casussen == sum(1 for v in verlopen if v.fase != Fase.AFGESLOTEN)


def test_per_beroepskracht_en_periode(gegevens, organisatie):
    leden, verlopen = gegevens
    van, tot = BEGIN + dt.timedelta(days=40), VANDAAG - dt.timedelta(days=60)
    eigen = [v for v in verlopen if v.eigenaar == leden[1]]
    d = dashboard(Filter(organisatie.pk, van, tot, eigenaar_id=leden[1].user_id))
    vergelijk(d, verwacht(eigen, van, tot))
    assert all(t.verantwoordelijke_id == leden[1].user_id for t in d.verlopen_lijst)


def test_een_vast_aantal_queries(gegevens, organisatie, django_assert_max_num_queries):
    """However many casussen: the same handful of queries, no query per row — the position of
    the audit chain (the cache key), the running totals and the milestones of the months the
    period cuts (one each), four counts of casussen and termijnen, the overdue list."""
    with django_assert_max_num_queries(8):
        d = dashboard(Filter(organisatie.pk, BEGIN, VANDAAG))
        [
            (t.casus.kenmerk, t.casus.uuid, t.get_soort_display(), t.verantwoordelijke.weergavenaam)
            for t in d.verlopen_lijst
        ]


def test_standaardperiode_is_twaalf_maanden():
    f = Filter.standaard(1, dt.date(2025, 3, 18))
    assert (f.van, f.tot) == (dt.date(2024, 4, 1), dt.date(2025, 3, 18))
    f = Filter.standaard(1, dt.date(2025, 12, 5))
    assert f.van == dt.date(2025, 1, 1)


def test_uitkomst_telt_naar_soort_van_de_acties():
    """A profession's framework names its own actions; the dashboard counts their soorten."""
    from meldwijzer.rapportage.labels import uitkomst
    from meldwijzer.rapportage.mijlpalen import uitkomst_code

    eigen = {
        "acties": ["patient_geinformeerd", "melden_vt_kinderopvang", "hulp_zorgteam"],
        "acties_soort": {
            "patient_geinformeerd": "overig",
            "melden_vt_kinderopvang": "melden",
            "hulp_zorgteam": "hulp",
        },
    }
    basis = {"acties_soort": {"melden": "melden", "hulp": "hulp"}}
    assert uitkomst_code(eigen) == "melden+hulp+overig"
    assert uitkomst_code(basis) == "melden+hulp"
    assert uitkomst("melden+hulp") == "Melden + Hulp bieden of organiseren"
    assert uitkomst("") == "Nog geen actie"


def test_tellingen_uit_de_cache_tot_de_volgende_schrijfactie(
    gegevens, organisatie, django_assert_max_num_queries
):
    """The counts come from the cache while nothing is written; an audited write to a dossier
    (here: a new casus) makes the very next view count again, and so does a new day."""
    from django.test import override_settings

    from meldwijzer.dossier import services

    leden, _verlopen = gegevens
    f = Filter(organisatie.pk, BEGIN, VANDAAG)
    with override_settings(MELDWIJZER_DASHBOARD_CACHE_SECONDEN=120):
        eerst = dashboard(f)
        # the chain position and the overdue list: no count is made again
        with django_assert_max_num_queries(2):
            weer = dashboard(f)
        assert weer.per_stap == eerst.per_stap and weer.verlopen_lijst == eerst.verlopen_lijst
        services.open_casus(actor=leden[0], titel="Nieuwe zorg")
        na = dashboard(f)
        assert na.open_casussen == eerst.open_casussen + 1
        assert na.geopend == eerst.geopend + 1
        morgen = dashboard(f, VANDAAG + dt.timedelta(days=1))
        assert morgen.vandaag != na.vandaag
    with override_settings(MELDWIJZER_DASHBOARD_CACHE_SECONDEN=0):
        uit = dashboard(f)  # uncached: counted every time, the same figures
    assert uit.per_stap == na.per_stap and uit.geopend == na.geopend
