"""The pages: my termijnen (and the organisation's for the aandachtsfunctionaris), the
dashboard with its charts and tables, the annual figures and their CSV."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.dossier import services
from meldwijzer.rapportage.tests.gegevens import klok, spoedmelding

pytestmark = pytest.mark.django_db

DAG = dt.date(2025, 3, 3)


@pytest.fixture
def twee_casussen(beroepskracht, collega):
    with klok(DAG):
        eigen = services.open_casus(actor=beroepskracht, titel="Eigen casus")
        spoedmelding(beroepskracht, eigen, DAG)
        andere = services.open_casus(actor=collega, titel="Casus van een collega")
        spoedmelding(collega, andere, DAG)
    return eigen, andere


def test_mijn_termijnen(twee_casussen, beroepskracht, aandachtsfunctionaris, client_van):
    eigen, andere = twee_casussen
    tekst = client_van(beroepskracht).get(reverse("web:termijnen")).content.decode()
    assert eigen.kenmerk in tekst and andere.kenmerk not in tekst
    assert "verlopen" in tekst
    # ?alle=1 is only for who sees every casus of the organisation
    tekst = client_van(beroepskracht).get(reverse("web:termijnen") + "?alle=1").content.decode()
    assert andere.kenmerk not in tekst
    tekst = client_van(aandachtsfunctionaris).get(reverse("web:termijnen") + "?alle=1")
    tekst = tekst.content.decode()
    assert eigen.kenmerk in tekst and andere.kenmerk in tekst


def test_dashboard_met_grafieken_en_tabellen(twee_casussen, aandachtsfunctionaris, client_van):
    antwoord = client_van(aandachtsfunctionaris).get(
        reverse("web:dashboard"), {"van": "2025-01-01", "tot": "2025-12-31"}
    )
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    # five charts; the one of besluiten says in words that there are none in this period
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" role="img"') == 4
    assert "Geen besluiten in deze periode." in html
    assert html.count("<table") >= 5
    assert "<script" not in html
    # each chart is named and described for screen readers
    for naam in re.findall(r'aria-labelledby="(grafiek-[a-z]+)-titel', html):
        assert f'id="{naam}-titel"' in html and f'id="{naam}-uitleg"' in html
    for casus in twee_casussen:
        assert casus.kenmerk in html  # both overdue, listed


def test_dashboard_uit_de_cache_en_vers_na_een_schrijfactie(
    twee_casussen, beroepskracht, aandachtsfunctionaris, client_van
):
    """The second view is the same page, its counts' HTML from the cache (no chart drawn);
    a new casus shows at once, also in another language, which has its own cached HTML."""
    from unittest import mock

    from meldwijzer.dossier import services
    from meldwijzer.rapportage import grafieken

    client = client_van(aandachtsfunctionaris)

    def lopend(html: str) -> int:
        gevonden = re.search(r'kerncijfer__getal">(\d+)</span> <span class="kerncijfer__label">'
                             r"(lopende casussen|running cases)", html)  # fmt: skip
        assert gevonden is not None, "no count of running casussen on the dashboard"
        return int(gevonden[1])

    eerst = client.get(reverse("web:dashboard")).content.decode()
    with mock.patch.object(grafieken, "staven", side_effect=AssertionError("getekend")):
        weer = client.get(reverse("web:dashboard")).content.decode()
    strip = lambda h: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", h)  # noqa: E731
    assert strip(weer) == strip(eerst)
    services.open_casus(actor=beroepskracht, titel="Nieuwe zorg")
    na = client.get(reverse("web:dashboard")).content.decode()
    assert lopend(na) == lopend(eerst) + 1
    engels = client.get(reverse("web:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "running cases" in engels and "lopende casussen" not in engels
    assert lopend(engels) == lopend(na)


def test_lijst_van_verlopen_termijnen_uit_de_cache_en_vers_na_een_schrijfactie(
    twee_casussen, beroepskracht, aandachtsfunctionaris, client_van
):
    """The overdue list is cached under the counts' key: a second view does not read it, and
    a dossier write (here a casus with an overdue termijn) shows in the very next view."""
    from unittest import mock

    from meldwijzer.web.views import rapportage as pagina

    client = client_van(aandachtsfunctionaris)
    eerst = client.get(reverse("web:dashboard")).content.decode()
    with mock.patch.object(pagina, "verlopen_lijst", side_effect=AssertionError("gelezen")):
        assert client.get(reverse("web:dashboard")).status_code == 200
    with klok(DAG):
        nieuw = services.open_casus(actor=beroepskracht, titel="Nog een zorg")
        spoedmelding(beroepskracht, nieuw, DAG)
    assert nieuw.kenmerk not in eerst
    assert all(c.kenmerk in eerst for c in twee_casussen)  # the list was on the first view
    assert nieuw.kenmerk in client.get(reverse("web:dashboard")).content.decode()


def test_dashboard_filter_op_beroepskracht(
    twee_casussen, beroepskracht, aandachtsfunctionaris, client_van
):
    eigen, andere = twee_casussen
    html = (
        client_van(aandachtsfunctionaris)
        .get(
            reverse("web:dashboard"),
            {"beroepskracht": beroepskracht.user_id, "van": "2025-01-01", "tot": "2025-12-31"},
        )
        .content.decode()
    )
    assert eigen.kenmerk in html and andere.kenmerk not in html


def test_foute_periode_toont_de_fout_en_de_standaard(aandachtsfunctionaris, client_van):
    antwoord = client_van(aandachtsfunctionaris).get(
        reverse("web:dashboard"), {"van": "2025-12-31", "tot": "2025-01-01"}
    )
    assert antwoord.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in antwoord.content.decode()


@pytest.mark.parametrize("rol", [Rol.BEROEPSKRACHT, Rol.BEHEERDER, Rol.PRIVACY_OFFICER])
def test_dashboard_alleen_voor_de_aandachtsfunctionaris(rol, maak_lid, organisatie, client_van):
    lid = maak_lid(rol, organisatie)
    assert client_van(lid).get(reverse("web:dashboard")).status_code == 403


def test_jaarcijfers_en_csv(twee_casussen, maak_lid, organisatie, client_van):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie)
    client = client_van(beheerder)
    html = client.get(reverse("web:jaarcijfers"), {"jaar": 2025}).content.decode()
    assert "Jaarcijfers meldcode 2025" in html
    assert '<abbr title="niet gepubliceerd">x</abbr>' in html  # two casussen: suppressed
    for casus in twee_casussen:
        assert casus.kenmerk not in html
    antwoord = client.get(reverse("web:jaarcijfers_csv"), {"jaar": 2025})
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="meldcode-jaarcijfers-2025.csv"' in antwoord["Content-Disposition"]
    assert antwoord.content.decode("utf-8-sig").startswith("onderdeel;uitsplitsing;K1")
