"""The dossier keeps the history, the melding sheet only what holds now (docs/adr/0019).

The dossier PDF shows a corrected record in its current version with the correction (when, by
whom, why, the fields old → new) and a withdrawn one marked where it stood; each signal ticked
in a besluit with the signalen it rests on. The Veilig Thuis sheet shows current versions only,
and a ticked signal only with a current source signaal, each source with date, feit/mening
and bron. The timeline names the reason of a correction."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meldwijzer.dossier import services
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord, maak_klaar_voor_stap5
from meldwijzer.rapportage.tests import historie as h
from meldwijzer.rapportage.tests.test_documenten import in_volgorde, pdftekst

pytestmark = pytest.mark.django_db


@pytest.fixture
def geschiedenis(beroepskracht):
    return h.casus_met_geschiedenis(beroepskracht)


def _label(casus, item):
    return casus.kader_versie.kader().items[item][1]


def test_het_dossier_toont_correcties_en_intrekkingen(
    geschiedenis, beroepskracht, client_van, tmp_path
):
    g = geschiedenis
    antwoord = client_van(beroepskracht).get(reverse("web:dossier_pdf", args=[g.casus.uuid]))
    tekst = pdftekst(antwoord.content, tmp_path)
    naam = beroepskracht.user.weergavenaam
    # The corrected signaal: its current version, then the correction with the old text.
    in_volgorde(
        tekst,
        "Signalen (stap 1)",
        h.TEKST_A,
        f"Gecorrigeerd op {date_format(timezone.localtime(g.a.gecorrigeerd_op), 'j F Y')}",
        f"door {naam} — reden: Onjuist vastgelegd — {h.TOELICHTING_A}",
        h.TEKST_A_OUD,
        h.TEKST_A,
    )
    # The withdrawn signaal stays, marked, with its reason.
    in_volgorde(
        tekst,
        "Ingetrokken",
        h.TEKST_B,
        "Ingetrokken op",
        f"door {naam} — reden: In de verkeerde casus vastgelegd — {h.TOELICHTING_B}",
    )
    # Another kind: the consultatie corrected, the zienswijze withdrawn.
    in_volgorde(tekst, "Consultaties (stap 2)", h.ADVIES, "Gecorrigeerd op", h.ADVIES_OUD)
    in_volgorde(tekst, h.ZIENSWIJZE, "Ingetrokken op", h.TOELICHTING_Z)
    # The hulpplan: the changed fields old → new.
    in_volgorde(tekst, "Hulpplan en evaluaties", h.DOELEN, "Gecorrigeerd op", h.TOELICHTING_PLAN)
    # The tick added at afweging 2 shows on signaal A as an addition.
    in_volgorde(tekst, h.TEKST_A, "Aangevuld op", "Signaal aangevinkt bij een afweging")
    # Each ticked signal of the besluit with the signalen it rests on; B's marked withdrawn.
    datum = date_format(GISTEREN, "j F Y")
    in_volgorde(
        tekst,
        "Besluiten (stap 5)",
        "elk met de vastgelegde signalen waarop het rust",
        _label(g.casus, h.OP_A),
        f"{datum} · feit · Eigen waarneming — {h.TEKST_A} Gecorrigeerd",
    )
    in_volgorde(
        tekst,
        "Besluiten (stap 5)",
        _label(g.casus, h.OP_B),
        f"{datum} · feit · Verteld door een betrokkene: moeder — {h.TEKST_B} Ingetrokken",
    )
    in_volgorde(
        tekst,
        "Besluiten (stap 5)",
        _label(g.casus, h.BIJ_AFWEGING),
        f"{datum} · feit · Eigen waarneming",
    )


def test_het_meldblad_toont_alleen_wat_nu_geldt(geschiedenis, beroepskracht, client_van, tmp_path):
    """Fails on the code before: the sheet listed the ticked signals without their sources."""
    g = geschiedenis
    antwoord = client_van(beroepskracht).get(
        reverse("web:melding_voorbereiden_pdf", args=[g.casus.uuid])
    )
    tekst = pdftekst(antwoord.content, tmp_path)
    assert h.TEKST_A in tekst
    weg = (h.TEKST_A_OUD, h.TEKST_B, h.ZIENSWIJZE, h.ADVIES_OUD, "Ingetrokken", "Gecorrigeerd")
    assert [w for w in weg if w in tekst] == []
    # Only the items with a current source signaal, each with that source.
    assert _label(g.casus, h.OP_B) not in tekst
    bron = f"{date_format(GISTEREN, 'j F Y')} · feit · Eigen waarneming — SIGNAAL-A-NIEUW"
    for item in (h.OP_A, h.BIJ_AFWEGING):
        in_volgorde(tekst, "Aangevinkte signalen", _label(g.casus, item), bron)


def test_het_meldblad_laat_een_vinkje_zonder_huidige_bron_weg(beroepskracht, client_van, tmp_path):
    """An item ticked at an afweging on a signaal later withdrawn: no source, not on the sheet.
    Fails on the code before (the sheet listed the items without their sources)."""
    casus = services.open_casus(actor=beroepskracht, titel="Zorgen")
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=[h.OP_A])
    alleen = services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="derde",
        bron_wie="buurvrouw",
        aard="feit",
        tekst="ENIGE-BRON Geschreeuw gehoord.",
    )
    beantwoord(beroepskracht, casus, {"1": "ja"})
    services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus,
        afweging="2",
        antwoord="nee",
        toelichting="Moeder werkt mee; hulp door het wijkteam is mogelijk.",
        signalen=[h.BIJ_AFWEGING],
        bronnen=[alleen.pk],
    )
    services.trek_in(
        actor=beroepskracht,
        casus=casus,
        soort="signaal",
        item_id=alleen.pk,
        reden="verkeerde_casus",
        toelichting="Andere leerling.",
    )
    antwoord = client_van(beroepskracht).get(
        reverse("web:melding_voorbereiden_pdf", args=[casus.uuid])
    )
    tekst = pdftekst(antwoord.content, tmp_path)
    assert "ENIGE-BRON" not in tekst
    assert _label(casus, h.BIJ_AFWEGING) not in tekst
    in_volgorde(
        tekst,
        "Aangevinkte signalen",
        _label(casus, h.OP_A),
        f"{date_format(GISTEREN, 'j F Y')} · feit · Eigen waarneming — Blauwe plek",
    )


def test_de_tijdlijn_noemt_de_reden(geschiedenis, beroepskracht, client_van):
    adres = reverse("web:tijdlijn", args=[geschiedenis.casus.uuid])
    html = client_van(beroepskracht).get(adres).content.decode()
    for soort, toelichting in (
        ("Signaal gecorrigeerd", h.TOELICHTING_A),
        ("Signaal ingetrokken", h.TOELICHTING_B),
        ("Zienswijze ingetrokken", h.TOELICHTING_Z),
        ("Hulpplan gecorrigeerd", h.TOELICHTING_PLAN),
    ):
        in_volgorde(html, soort, toelichting)
