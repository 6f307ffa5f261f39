"""The annual figures: counted right per quarter from a generated year, small counts suppressed
(with secondary suppression), no personal data in the export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import pytest

from meldwijzer.accounts.models import Rol
from meldwijzer.rapportage.geheimhouding import afleidbaar
from meldwijzer.rapportage.jaarcijfers import GEHEIM, KOLOMMEN, als_csv, bereken
from meldwijzer.rapportage.tests.gegevens import genereer

pytestmark = pytest.mark.django_db

JAAR = 2025


@pytest.fixture
def jaar(organisatie, maak_lid):
    leden = [maak_lid(Rol.BEROEPSKRACHT, organisatie, f"bk{i}") for i in range(2)]
    # 2024-12-20 … : the first casussen straddle the new year, the last ones the next.
    return genereer(leden, 44, begin=dt.date(2024, 12, 20))


def kwartaal(d: dt.date) -> str:
    return f"K{(d.month - 1) // 3 + 1}"


def test_tellingen_per_kwartaal(jaar, organisatie) -> None:
    cijfers = bereken(organisatie.pk, JAAR)
    rij = {r.sleutel: r.waarden for r in cijfers.rijen}
    in_jaar = lambda d: d.year == JAAR  # noqa: E731
    verwacht: Counter = Counter()
    for v in jaar:
        if in_jaar(v.geopend):
            verwacht[("geopend", kwartaal(v.geopend))] += 1
        if v.besluit and in_jaar(v.besluit[0]):
            verwacht[(f"besluit:{v.besluit[1]}", kwartaal(v.besluit[0]))] += 1
        for d, spoed in v.meldingen:
            if in_jaar(d):
                verwacht[(f"melding:{'spoed' if spoed else 'regulier'}", kwartaal(d))] += 1
        for d in v.adviesvragen:
            if in_jaar(d):
                verwacht[("adviesvragen", kwartaal(d))] += 1
        if v.afsluiting and in_jaar(v.afsluiting[0]):
            verwacht[(f"afsluiting:{v.afsluiting[1]}", kwartaal(v.afsluiting[0]))] += 1
    gemeten = Counter(
        {(s, k): w for s, waarden in rij.items() for k, w in waarden.items() if k != "totaal" and w}
    )
    gemeten = Counter(
        {
            c: w
            for c, w in gemeten.items()
            if not c[0].endswith(("besluiten", "meldingen", "afsluitingen"))
        }
    )
    assert +gemeten == verwacht
    for r in cijfers.rijen:
        assert r.waarden["totaal"] == sum(r.waarden[k] for k in KOLOMMEN[:4])
    assert (
        rij["meldingen"]["totaal"]
        == rij["melding:regulier"]["totaal"] + rij["melding:spoed"]["totaal"]
    )


def test_kleine_aantallen_en_wat_eruit_volgt_blijven_geheim(jaar, organisatie):
    cijfers = bereken(organisatie.pk, JAAR)
    tabel = cijfers.tabel()
    klein = [(r.sleutel, k) for r in cijfers.rijen for k in KOLOMMEN if 0 < r.waarden[k] < 5]
    assert klein, "the data set must have small counts to suppress"
    assert set(klein) <= cijfers.geheim
    assert len(cijfers.geheim) > len(klein) or len(klein) >= 2  # secondary where needed
    for r, waarden in tabel:
        for k, weergave in zip(KOLOMMEN, waarden, strict=True):
            assert (weergave == GEHEIM) == ((r.sleutel, k) in cijfers.geheim)
            if weergave != GEHEIM:
                assert int(weergave) == 0 or int(weergave) >= 5
    cellen = {(r.sleutel, k): r.waarden[k] for r in cijfers.rijen for k in KOLOMMEN}
    # Recompute the lines the table publishes and prove nothing hidden follows from them.
    from meldwijzer.rapportage.geheimhouding import Lijn
    from meldwijzer.rapportage.jaarcijfers import bereken as _b  # noqa: F401

    lijnen = [
        Lijn((r.sleutel, "totaal"), tuple((r.sleutel, k) for k in KOLOMMEN[:4]))
        for r in cijfers.rijen
    ]
    for groep in {r.groep for r in cijfers.rijen if r.totaal}:
        delen = [r.sleutel for r in cijfers.rijen if r.groep == groep and not r.totaal]
        totaal = next(r.sleutel for r in cijfers.rijen if r.groep == groep and r.totaal)
        lijnen += [Lijn((totaal, k), tuple((d, k) for d in delen)) for k in KOLOMMEN]
    assert afleidbaar(cellen, lijnen, cijfers.geheim) == set()


def test_csv_zonder_persoonsgegevens(jaar, organisatie):
    cijfers = bereken(organisatie.pk, JAAR)
    tekst = als_csv(cijfers)
    assert tekst.startswith("\ufeff")
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    assert rijen[0] == ["onderdeel", "uitsplitsing", "K1", "K2", "K3", "K4", "jaar"]
    assert len(rijen) == len(cijfers.rijen) + 1
    for rij in rijen[1:]:
        assert all(w == GEHEIM or w.isdigit() for w in rij[2:])
    for v in jaar:
        for geheim in (v.casus.kenmerk, v.casus.titel, v.eigenaar.user.username, "Blauwe plek"):
            assert geheim not in tekst


def test_een_leeg_jaar(organisatie):
    cijfers = bereken(organisatie.pk, 2019)
    assert all(w == 0 for r in cijfers.rijen for w in r.waarden.values())
    assert cijfers.geheim == set()
