"""Stap 5 through its service: preconditions, the decision table of DESIGN.md, besluiten."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Antwoord, Besluit, BesluitOnveranderlijk, Fase
from meldwijzer.dossier.tests.bouwers import (
    GISTEREN,
    VOORWAARDEN,
    beantwoord,
    maak_klaar_voor_stap5,
)

pytestmark = pytest.mark.django_db

# --- preconditions --------------------------------------------------------------------------


def test_stap5_noemt_wat_ontbreekt(beroepskracht, casus):
    ontbrekend = selectors.ontbrekend_voor_stap5(casus)
    assert [o.stap for o in ontbrekend] == [1, 2, 3, 4]
    with pytest.raises(ValidationError) as fout:
        services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="1", antwoord="ja")
    tekst = " ".join(fout.value.messages)
    assert "signaal" in tekst
    assert "consultatie" in tekst and "gesprek" in tekst and "weging" in tekst
    assert not Antwoord.objects.exists()


def _signaal(actor, casus):
    return services.leg_signaal_vast(
        actor=actor, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst="Blauwe plek."
    )


@pytest.mark.parametrize("zonder", ["signaal", "consultatie", "gesprek", "weging"])
def test_elke_voorwaarde_telt(beroepskracht, casus, zonder):
    if zonder != "signaal":
        _signaal(beroepskracht, casus)
    if zonder != "consultatie":
        services.leg_consultatie_vast(
            actor=beroepskracht,
            casus=casus,
            met_wie="collega",
            datum=GISTEREN,
            advies="Overleg met AF.",
        )
    if zonder != "gesprek":
        services.leg_gesprek_vast(
            actor=beroepskracht,
            casus=casus,
            gevoerd=False,
            reden_geen_gesprek="veiligheid_kind",
            toelichting="Disclosure door het kind; eerst afstemmen.",
        )
    if zonder != "weging":
        services.leg_weging_vast(
            actor=beroepskracht, casus=casus, datum=GISTEREN, aard_en_ernst="Ernstig."
        )
    ontbrekend = selectors.ontbrekend_voor_stap5(casus)
    assert len(ontbrekend) == 1
    assert zonder in str(ontbrekend[0].tekst)


def test_reden_zonder_gesprek_is_genoeg(beroepskracht, casus):
    _signaal(beroepskracht, casus)
    services.leg_consultatie_vast(
        actor=beroepskracht,
        casus=casus,
        met_wie="veilig_thuis",
        datum=GISTEREN,
        advies="Anoniem advies: niet eerst met vader.",
    )
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_anderen",
        toelichting="Eergerelateerd geweld: gesprek brengt zus in gevaar.",
    )
    services.leg_weging_vast(
        actor=beroepskracht, casus=casus, datum=GISTEREN, aard_en_ernst="Acuut."
    )
    assert selectors.ontbrekend_voor_stap5(casus) == []


# --- the decision table (DESIGN.md, 'The afwegingskader, exactly') -------------------------

TABEL = [
    ({"1": "nee"}, ["afsluiten"], None, [], False),
    ({"1": "ja", "2": "nee", "3": "nee"}, ["melden"], None, ["N3"], False),
    ({"1": "ja", "2": "nee", "3": "ja", "4": "nee"}, ["melden"], None, ["N4"], False),
    ({"1": "ja", "2": "nee", "3": "ja", "4": "ja"}, ["hulp"], "5", [], False),
    (
        {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "nee"},
        ["hulp", "melden"],
        None,
        ["N5"],
        False,
    ),
    (
        {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"},
        ["hulp", "hulp_afsluiten"],
        None,
        [],
        False,
    ),
    ({"1": "ja", "2": "ja"}, ["melden"], "3", ["N2"], True),
    ({"1": "ja", "2": "ja", "3": "nee"}, ["melden"], None, ["N2"], True),
    ({"1": "ja", "2": "ja", "3": "ja", "4": "nee"}, ["melden"], None, ["N2", "N4"], True),
    ({"1": "ja", "2": "ja", "3": "ja", "4": "ja"}, ["melden", "hulp"], "5", ["N2"], True),
    (
        {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "nee"},
        ["melden", "hulp"],
        None,
        ["N2", "N5"],
        True,
    ),
    (
        {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "ja"},
        ["melden", "hulp", "hulp_afsluiten"],
        None,
        ["N2"],
        True,
    ),
]


@pytest.mark.parametrize(
    ("antwoorden", "acties", "volgende", "normen", "samen"),
    TABEL,
    ids=[" ".join(f"{k}{v}" for k, v in r[0].items()) for r in TABEL],
)
def test_beslistabel_via_de_stap5_service(
    beroepskracht, casus_stap5, antwoorden, acties, volgende, normen, samen
):
    beantwoord(beroepskracht, casus_stap5, antwoorden)
    besluit = selectors.huidig_besluit(casus_stap5)
    assert besluit is not None
    uitkomst = besluit.uitkomst
    assert uitkomst["acties"] == acties
    assert uitkomst["volgende_afweging"] == volgende
    assert [n["id"] for n in uitkomst["normen"]] == normen
    assert uitkomst["samen_met_veilig_thuis"] is samen
    assert uitkomst["opnieuw_melden"] is (antwoorden.get("5") == "nee")
    assert besluit.antwoorden_dict == antwoorden
    assert besluit.kader_versie_id == casus_stap5.kader_versie_id
    # The stored outcome is exactly what the engine computes again from the stored answers.
    assert besluit.herbereken() == uitkomst
    # One besluit per answer from afweging 2 on (or the single one after 1 = nee).
    verwacht = 1 if antwoorden == {"1": "nee"} else len(antwoorden) - 1
    assert Besluit.objects.filter(casus=casus_stap5).count() == verwacht
    assert casus_stap5.fase == (Fase.AFGESLOTEN if acties == ["afsluiten"] else Fase.BESLISSEN)


# --- besluiten: when stored, immutable, superseded -----------------------------------------


def test_na_afweging_1_ja_nog_geen_besluit(beroepskracht, casus_stap5):
    resultaat = beantwoord(beroepskracht, casus_stap5, {"1": "ja"})
    assert resultaat.besluit is None
    assert not Besluit.objects.exists()
    stand = selectors.stap5_stand(casus_stap5)
    assert stand.concept and stand.volgende.id == "2"


def test_concept_intrekken_en_opnieuw_antwoorden(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja"})
    assert services.trek_concept_in(actor=beroepskracht, casus=casus_stap5) == 1
    assert selectors.stap5_stand(casus_stap5).volgende.id == "1"
    beantwoord(beroepskracht, casus_stap5, {"1": "nee"})
    assert selectors.huidig_besluit(casus_stap5).antwoorden_dict == {"1": "nee"}


def test_een_vastgelegd_besluit_kan_niet_worden_ingetrokken(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    with pytest.raises(ValidationError, match="nooit gewijzigd"):
        services.trek_concept_in(actor=beroepskracht, casus=casus_stap5)


def test_besluit_is_onveranderlijk(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    besluit = Besluit.objects.get()
    besluit.uitkomst = {"acties": []}
    with pytest.raises(BesluitOnveranderlijk):
        besluit.save()
    with pytest.raises(BesluitOnveranderlijk):
        Besluit.objects.filter(pk=besluit.pk).update(uitkomst={})
    with pytest.raises(BesluitOnveranderlijk):
        besluit.delete()
    with pytest.raises(BesluitOnveranderlijk):
        Besluit.objects.all().delete()
    besluit.refresh_from_db()
    assert besluit.uitkomst["acties"] == ["melden"]


def test_elk_later_antwoord_vervangt_het_besluit(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    eerste, tweede, derde = Besluit.objects.order_by("volgnummer")
    assert (eerste.volgnummer, tweede.volgnummer, derde.volgnummer) == (1, 2, 3)
    assert eerste.vervangt is None
    assert tweede.vervangt == eerste and derde.vervangt == tweede
    assert eerste.antwoorden_dict == {"1": "ja", "2": "nee"}
    assert derde.antwoorden_dict == {"1": "ja", "2": "nee", "3": "ja", "4": "ja"}
    assert selectors.huidig_besluit(casus_stap5) == derde
    # Earlier besluiten keep what they said.
    assert eerste.uitkomst["volgende_afweging"] == "3"


def test_besluit_na_afweging_2_en_weken_later_voltooid(beroepskracht, casus):
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC), tick=False):
        maak_klaar_voor_stap5(beroepskracht, casus, signalen=["acuut.wapen"])
        beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
        stand = selectors.stap5_stand(casus)
        assert stand.beslissing_2_open
        assert stand.melding_open
        assert stand.samen_met_veilig_thuis
    with time_machine.travel(dt.datetime(2025, 3, 24, 14, 30, tzinfo=dt.UTC), tick=False):
        # Three weeks later, answered together with Veilig Thuis.
        with pytest.raises(ValidationError) as fout:
            services.beantwoord_afweging(
                actor=beroepskracht, casus=casus, afweging="3", antwoord="ja"
            )
        assert "vt_contact" in fout.value.message_dict
        services.beantwoord_afweging(
            actor=beroepskracht,
            casus=casus,
            afweging="3",
            antwoord="ja",
            voorwaarden=VOORWAARDEN,
            vt_contact="Veilig Thuis regio Utrecht, dhr. Jansen",
            vt_datum=dt.date(2025, 3, 21),
        )
        stand = selectors.stap5_stand(casus)
        assert not stand.beslissing_2_open
    eerste, tweede = Besluit.objects.order_by("volgnummer")
    assert timezone.localtime(eerste.vastgelegd_op).date() == dt.date(2025, 3, 3)
    assert timezone.localtime(tweede.vastgelegd_op).date() == dt.date(2025, 3, 24)
    assert tweede.vervangt == eerste
    drie = tweede.antwoorden[-1]
    assert drie["afweging"] == "3" and drie["samen_met_veilig_thuis"] is True
    assert drie["vt_contact"] == "Veilig Thuis regio Utrecht, dhr. Jansen"
    assert drie["vt_datum"] == "2025-03-21"
    assert tweede.signalen == ["acuut.wapen"]
    assert eerste.antwoorden[0]["samen_met_veilig_thuis"] is False


def test_volgorde_wordt_afgedwongen(beroepskracht, casus_stap5):
    with pytest.raises(ValidationError, match="niet aan de beurt"):
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="2", antwoord="ja"
        )
    with pytest.raises(ValidationError):
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="misschien"
        )
    assert not Antwoord.objects.exists()


def test_waarschuwing_vraagt_toelichting(beroepskracht, casus):
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["acuut.verwurging"])
    beantwoord(beroepskracht, casus, {"1": "ja"})
    stand = selectors.stap5_stand(casus)
    nee = next(o for o in stand.opties if o.id == "nee")
    assert any("Poging tot verwurging" in w for w in nee.waarschuwingen)
    with pytest.raises(ValidationError) as fout:
        services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="2", antwoord="nee")
    assert "toelichting" in fout.value.message_dict
    assert Antwoord.objects.count() == 1 and not Besluit.objects.exists()
    resultaat = services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus,
        afweging="2",
        antwoord="nee",
        toelichting="Verwurging door een klasgenoot op school, niet thuis; school handelt.",
    )
    assert resultaat.besluit.uitkomst["waarschuwingen"][0]["norm"] == "N2"


def test_signalen_in_stap5_aanvinken(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja"})
    with pytest.raises(ValidationError, match="Onbekend signaal"):
        services.beantwoord_afweging(
            actor=beroepskracht,
            casus=casus_stap5,
            afweging="2",
            antwoord="ja",
            signalen=["bestaat.niet"],
        )
    with pytest.raises(ValidationError) as zonder_bron:
        services.beantwoord_afweging(
            actor=beroepskracht,
            casus=casus_stap5,
            afweging="2",
            antwoord="ja",
            signalen=["factor.herhaling"],
        )
    assert "bronnen" in zonder_bron.value.message_dict
    signaal = selectors.signalen(casus_stap5).get()
    resultaat = services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus_stap5,
        afweging="2",
        antwoord="ja",
        signalen=["factor.herhaling"],
        bronnen=[signaal.pk],
    )
    assert resultaat.besluit.signalen == ["factor.herhaling"]
    assert resultaat.antwoord.bronnen == {"factor.herhaling": [signaal.pk]}
    signaal.refresh_from_db()
    assert signaal.aangevinkt == ["factor.herhaling"]


def test_afsluiten_vraagt_een_conclusie(beroepskracht, casus_stap5):
    with pytest.raises(ValidationError) as fout:
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="nee"
        )
    assert "toelichting" in fout.value.message_dict
    assert casus_stap5.fase == Fase.WEGEN


def test_meldingen_nodig(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "nee"})
    stand = selectors.stap5_stand(casus_stap5)
    assert stand.meldingen_nodig == 2  # after 2 = ja, and again after 5 = nee
    services.leg_melding_vast(
        actor=beroepskracht,
        casus=casus_stap5,
        datum=GISTEREN,
        wijze="telefoon",
        vt_contact="dhr. Jansen",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Telefonisch, moeder.",
    )
    assert selectors.stap5_stand(casus_stap5).melding_open


def test_geen_melding_zonder_besluit_met_melden(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    with pytest.raises(ValidationError, match="geen melding nodig"):
        services.leg_melding_vast(
            actor=beroepskracht,
            casus=casus_stap5,
            datum=GISTEREN,
            wijze="telefoon",
            vt_contact="x",
            vooraf_geinformeerd=True,
            hoe_geinformeerd="y",
        )


def test_melding_open_melden_tenzij(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    with pytest.raises(ValidationError) as fout:
        services.leg_melding_vast(
            actor=beroepskracht,
            casus=casus_stap5,
            datum=GISTEREN,
            wijze="formulier",
            vt_contact="mw. De Vries",
            vooraf_geinformeerd=False,
        )
    assert "reden_niet_geinformeerd" in fout.value.message_dict
    melding = services.leg_melding_vast(
        actor=beroepskracht,
        casus=casus_stap5,
        datum=GISTEREN,
        wijze="formulier",
        vt_contact="mw. De Vries",
        vt_kenmerk="VT-2025-123",
        vooraf_geinformeerd=False,
        reden_niet_geinformeerd="veiligheid_kind",
        toelichting_niet_geinformeerd="Vader dreigde het kind iets aan te doen.",
    )
    assert melding.besluit == selectors.huidig_besluit(casus_stap5)
    assert not selectors.stap5_stand(casus_stap5).melding_open


def test_hulp_buiten_meldcode_na_afweging_1_nee(beroepskracht, casus_stap5):
    with pytest.raises(ValidationError, match="afgesloten"):
        services.noteer_hulp_buiten_meldcode(
            actor=beroepskracht,
            casus=casus_stap5,
            datum=GISTEREN,
            omschrijving="Opvoedondersteuning",
        )
    beantwoord(beroepskracht, casus_stap5, {"1": "nee"})
    hulp = services.noteer_hulp_buiten_meldcode(
        actor=beroepskracht,
        casus=casus_stap5,
        datum=GISTEREN,
        omschrijving="Verwijzing naar opvoedondersteuning via het wijkteam.",
    )
    assert hulp.casus == casus_stap5
