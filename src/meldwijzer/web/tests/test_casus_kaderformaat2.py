"""A casus under a framework in kaderformaat 2 (tests/kader/kaders/formaat2.yaml) over HTTP:
stap 5 follows a route handover and stores the answers under the engine's keys; a ticked
signal that decides shows what it decides; afwegingen carry their short labels on every page
that names them (docs/handleiding-casus.md, 'Routes die overdragen en signalen die beslissen')."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.catalogus.tests.bouwers import vastgesteld_kader
from meldwijzer.catalogus.tests.kadervarianten import als_yaml, zelfde_afweging_id_in_twee_routes
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Antwoord, Casus
from meldwijzer.dossier.tests.bouwers import GISTEREN, maak_klaar_voor_stap5

pytestmark = pytest.mark.django_db

THUIS = "Zorgen over de thuissituatie"
VERTELT = "Het kind vertelt uit zichzelf over geweld thuis."


@pytest.fixture
def formaat2(maak_lid: Callable[..., Membership]) -> KaderVersie:
    kb = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Opvangvereniging"), "karin")
    return vastgesteld_kader(kb)


def casus_in(actor: Membership, versie: KaderVersie, route: str, signalen=()) -> Casus:
    casus = services.open_casus(actor=actor, titel="Opvang", kader_versie=versie, route=route)
    return maak_klaar_voor_stap5(actor, casus, signalen=signalen)


def test_stap5_volgt_de_overdracht_naar_de_route_thuissituatie(beroepskracht, formaat2, client_van):
    casus = casus_in(beroepskracht, formaat2, "acuut")
    c = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    start = c.get(url).content.decode()
    assert "Afweging a1 · ACUUT" in start
    assert "verder in route ‘Zorgen over de thuissituatie’" in start  # the option's consequence
    antwoord = c.post(url, {"afweging": "a1", "antwoord": "ja", "versie": casus.versie})
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]

    pagina = c.get(url).content.decode()
    assert f"Verder in route ‘{THUIS}’" in pagina
    assert "Overgedragen vanuit route ‘Acute onveiligheid in de opvang’" in pagina
    assert "Afweging 3 · HULP" in pagina
    assert 'name="afweging" value="thuissituatie/3"' in pagina
    assert "Kan de opvang passende hulp organiseren?" in pagina

    casus.refresh_from_db()
    antwoord = c.post(
        url,
        {
            "afweging": "thuissituatie/3",
            "antwoord": "nee",
            "vt_contact": "Veilig Thuis, de heer Jansen",
            "vt_datum": GISTEREN.isoformat(),
            "versie": casus.versie,
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert list(
        Antwoord.objects.filter(casus=casus).order_by("pk").values_list("afweging", "antwoord")
    ) == [("a1", "ja"), ("thuissituatie/3", "nee")]
    stand = selectors.stap5_stand(casus)
    assert stand.beslissing.afgerond and stand.beslissing.route_nu == "thuissituatie"
    assert stand.besluit is not None
    assert stand.besluit.uitkomst["route_nu"] == "thuissituatie"
    assert stand.besluit.antwoorden_dict == {"a1": "ja", "thuissituatie/3": "nee"}
    assert stand.besluit.herbereken() == stand.besluit.uitkomst

    klaar = c.get(url).content.decode()
    assert f"Route ‘{THUIS}’</span> — Afweging 3 · HULP: <strong>Nee</strong>" in klaar
    assert "Afweging a1 · ACUUT: <strong>Ja</strong>" in klaar
    assert f"verder in route ‘{THUIS}’" in klaar  # the besluiten table
    detail = c.get(reverse("web:besluit_detail", args=[casus.uuid, 2])).content.decode()
    assert "3 · HULP" in detail and THUIS in detail


def test_een_antwoord_van_een_andere_route_wordt_geweigerd(beroepskracht, formaat2, client_van):
    """Before the handover, afweging 3 of the route handed over to is not yet its turn."""
    casus = casus_in(beroepskracht, formaat2, "acuut")
    c = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    pagina = c.post(
        url, {"afweging": "thuissituatie/3", "antwoord": "ja", "versie": casus.versie}
    ).content.decode()
    assert "Afweging thuissituatie/3 is nu niet aan de beurt; beantwoord afweging a1." in pagina
    assert not Antwoord.objects.filter(casus=casus).exists()


def test_een_beslissend_signaal_toont_melden_norm_en_uitleg(beroepskracht, formaat2, client_van):
    casus = casus_in(beroepskracht, formaat2, "thuissituatie", signalen=["opvang.vertelt"])
    c = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    pagina = c.get(url).content.decode()
    # Before any answer: what the signal decides, the norm it rests on, why, and the source.
    assert "Een aangevinkt signaal beslist" in pagina
    assert f"U vinkte ‘{VERTELT}’ aan." in pagina
    assert "<strong>Melden bij Veilig Thuis</strong>" in pagina
    assert "Bij acute of structurele onveiligheid meldt de medewerker altijd." in pagina
    assert "Meldnorm onveiligheid — Bron: Testkader, Meldnormen" in pagina
    assert "vertelt een kind, dan meldt de opvang nu." in pagina
    assert "Melden is dan een professionele norm" in pagina

    c.post(url, {"afweging": "1", "antwoord": "ja", "versie": casus.versie})
    casus.refresh_from_db()
    volgende = c.get(url).content.decode()
    assert "Afweging 2 · VEILIGHEID" in volgende
    assert f"Het signaal ‘{VERTELT}’ beslist zelf" in volgende  # beside the tick box
    antwoord = c.post(
        url,
        {
            "afweging": "2",
            "antwoord": "nee",
            "toelichting": "Geen acuut gevaar.",
            "versie": casus.versie,
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    stand = selectors.stap5_stand(casus)
    assert stand.besluit is not None
    uitkomst = stand.besluit.uitkomst
    assert uitkomst["beslissende_signalen"] == ["opvang.vertelt"]
    assert "melden" in uitkomst["acties"]
    assert [n["id"] for n in uitkomst["normen"]] == ["M1"]
    # The melding the signal decides is asked for, as any melding is.
    assert stand.meldingen_nodig == 1
    detail = c.get(reverse("web:besluit_detail", args=[casus.uuid, 1])).content.decode()
    assert "Een aangevinkt signaal beslist" in detail and VERTELT in detail


def _na_overdracht(beroepskracht, formaat2) -> Casus:
    """a1 = ja in the acute route, then 3 = ja and 4 = nee in the route handed over to."""
    casus = casus_in(beroepskracht, formaat2, "acuut")
    services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="a1", antwoord="ja")
    for sleutel, antwoord in (("thuissituatie/3", "ja"), ("thuissituatie/4", "nee")):
        casus.refresh_from_db()
        services.beantwoord_afweging(
            actor=beroepskracht,
            casus=casus,
            afweging=sleutel,
            antwoord=antwoord,
            vt_contact="Veilig Thuis, de heer Jansen",
            vt_datum=GISTEREN,
        )
    casus.refresh_from_db()
    return casus


def test_dossier_pdf_en_meldingsformulier_noemen_route_en_korte_labels(
    beroepskracht, formaat2, client_van, tmp_path
):
    from meldwijzer.rapportage.tests.test_documenten import pdftekst

    casus = _na_overdracht(beroepskracht, formaat2)
    c = client_van(beroepskracht)
    dossier = pdftekst(c.get(reverse("web:dossier_pdf", args=[casus.uuid])).content, tmp_path)
    assert "Afweging a1 · ACUUT: Ja" in dossier
    assert f"Route ‘{THUIS}’ — Afweging 3 · HULP: Ja" in dossier
    assert f"Route ‘{THUIS}’ — Afweging 4 · AANVAARDING: Nee" in dossier
    assert f"Verder in route ‘{THUIS}’, vanaf afweging 3 · HULP." in dossier
    assert "Overgedragen vanuit route ‘Acute onveiligheid in de opvang’" in dossier
    blad = pdftekst(
        c.get(reverse("web:melding_voorbereiden_pdf", args=[casus.uuid])).content, tmp_path
    )
    assert f"Route ‘{THUIS}’ — Afweging 4 · AANVAARDING: Nee" in blad
    # The acute question is what the sheet says about onveiligheid.
    assert "Is het kind nu of de komende dagen in direct gevaar? Ja" in blad


def test_tijdlijn_en_evaluatie_noemen_de_afweging_in_haar_route(
    beroepskracht, formaat2, client_van
):
    casus = _na_overdracht(beroepskracht, formaat2)
    c = client_van(beroepskracht)
    tijdlijn = c.get(reverse("web:tijdlijn", args=[casus.uuid])).content.decode()
    assert "afweging a1 · ACUUT = ja" in tijdlijn
    assert f"afweging {THUIS}: 4 · AANVAARDING = nee" in tijdlijn


def test_opnieuw_beslissen_loopt_de_route_opnieuw(beroepskracht, formaat2, client_van):
    """After a correction the afwegingen are answered afresh: a1 = nee now hands over to the
    start of the route thuissituatie, and the answers before the handover no longer count."""
    casus = _na_overdracht(beroepskracht, formaat2)
    services.beslis_opnieuw(
        actor=beroepskracht, casus=casus, toelichting="Het letsel bleek een val."
    )
    casus.refresh_from_db()
    c = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    assert 'name="afweging" value="a1"' in c.get(url).content.decode()
    c.post(
        url,
        {
            "afweging": "a1",
            "antwoord": "nee",
            "toelichting": "Geen direct gevaar.",
            "versie": casus.versie,
        },
    )
    pagina = c.get(url).content.decode()
    assert 'name="afweging" value="thuissituatie/1"' in pagina
    assert "Afweging 1 · VERMOEDEN" in pagina
    assert f"Verder in route ‘{THUIS}’</strong>, vanaf afweging 1 · VERMOEDEN." in pagina
    assert list(
        Antwoord.objects.filter(casus=casus, ingetrokken_op__isnull=True).values_list(
            "afweging", "antwoord"
        )
    ) == [("a1", "nee")]


def test_meldingsformulier_noemt_de_onveiligheid_van_de_route_na_de_overdracht(
    beroepskracht, formaat2, client_van
):
    """No acute danger (a1 = nee) hands over to the start of the route thuissituatie, where
    afweging 2 finds structural onveiligheid: the sheet for Veilig Thuis names both answers."""
    casus = casus_in(beroepskracht, formaat2, "acuut")
    antwoorden = (("a1", "nee"), ("thuissituatie/1", "ja"), ("thuissituatie/2", "ja"))
    for sleutel, antwoord in antwoorden:
        services.beantwoord_afweging(
            actor=beroepskracht,
            casus=casus,
            afweging=sleutel,
            antwoord=antwoord,
            toelichting="Structureel onveilig." if sleutel.endswith("2") else "",
        )
        casus.refresh_from_db()
    c = client_van(beroepskracht)
    blad = c.get(reverse("web:melding_voorbereiden", args=[casus.uuid])).content.decode()
    assert "Is het kind nu of de komende dagen in direct gevaar? Nee" in blad
    assert "Is er acute of structurele onveiligheid? Ja. Structureel onveilig." in blad


def test_inzage_noemt_de_afweging_in_woorden_ook_na_de_overdracht(
    beroepskracht, formaat2, client_van, tmp_path
):
    """The export a person receives on request names each answered afweging in words — its
    short label, and after a handover its route — beside the engine's key (seen failing: the
    PDF said 'Afweging thuissituatie/3')."""
    import json

    from meldwijzer.web.tests.test_inzage import pdf_tekst

    casus = _na_overdracht(beroepskracht, formaat2)
    c = client_van(beroepskracht)
    url = reverse("web:inzage_bestand", args=[casus.uuid])
    data = json.loads(c.get(url, {"doel": "inzage", "formaat": "json"}).content)
    antwoorden = data["besluiten"][-1]["antwoorden"]
    assert [a["afweging"] for a in antwoorden] == ["a1", "thuissituatie/3", "thuissituatie/4"]
    assert [a["afweging_naam"] for a in antwoorden] == [
        "a1 · ACUUT",
        f"{THUIS}: 3 · HULP",
        f"{THUIS}: 4 · AANVAARDING",
    ]
    pdf = pdf_tekst(c.get(url, {"doel": "inzage", "formaat": "pdf"}).content, tmp_path)
    assert "thuissituatie/3" not in pdf and "AANVAARDING" in pdf
    # The actions in words as well, not the framework's ids.
    assert "naar_standaard" not in pdf and "leidinggevende_informeren" not in pdf
    assert data["besluiten"][-1]["acties"] == [
        "melden",
        "leidinggevende_informeren",
        "naar_standaard",
    ]
    assert "naar_standaard" not in data["besluiten"][-1]["acties_namen"]


@pytest.fixture
def zelfde_id(maak_lid: Callable[..., Membership], tmp_path) -> KaderVersie:
    """The test framework with an afweging "2" in the acute route and in the route it hands
    over to (catalogus.tests.kadervarianten)."""
    kb = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Opvangvereniging"), "karin")
    pad = tmp_path / "formaat2-zelfde-id.yaml"
    pad.write_text(als_yaml(zelfde_afweging_id_in_twee_routes()), encoding="utf-8")
    return vastgesteld_kader(kb, pad)


def test_een_waarschuwing_in_de_eerste_route_vraagt_geen_toelichting_in_de_volgende(
    beroepskracht, zelfde_id, client_van
):
    """Nee at the acute route's afweging "2" with injury ticked is warned against (and
    explained); answering afweging "2" of the route handed over to is a new answer that the
    warning is not about."""
    casus = casus_in(beroepskracht, zelfde_id, "acuut", signalen=["opvang.letsel"])
    c = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    zonder = c.post(url, {"afweging": "2", "antwoord": "nee", "versie": casus.versie})
    assert "De aangevinkte signalen spreken dit antwoord tegen" in zonder.content.decode()
    services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus,
        afweging="2",
        antwoord="nee",
        toelichting="Het letsel is bij de huisarts gezien en verklaard.",
    )
    casus.refresh_from_db()
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus, afweging="thuissituatie/1", antwoord="ja"
    )
    casus.refresh_from_db()
    pagina = c.get(url).content.decode()
    assert 'name="afweging" value="thuissituatie/2"' in pagina
    # The warning shows once, under the answers given (the acute route's nee); the preview of
    # the option nee here carries none.
    assert pagina.count("maar antwoordt nee") == 1
    assert pagina.index("maar antwoordt nee") > pagina.index("Waarschuwingen bij de gegeven")
    antwoord = c.post(
        url, {"afweging": "thuissituatie/2", "antwoord": "nee", "versie": casus.versie}
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert list(
        Antwoord.objects.filter(casus=casus).order_by("pk").values_list("afweging", "antwoord")
    ) == [("2", "nee"), ("thuissituatie/1", "ja"), ("thuissituatie/2", "nee")]
