"""Less retyping around Veilig Thuis: the contact named once is offered again, and closing
after a melding records the missing feedback and agreement together with the closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services, veilig_thuis, vervolg
from meldwijzer.dossier.models import (
    Afsluiting,
    AfsluitSoort,
    AfspraakVeiligThuis,
    Fase,
    Melding,
    TerugkoppelingVeiligThuis,
)
from meldwijzer.dossier.tests.bouwers import (
    GISTEREN,
    VT,
    beantwoord,
    maak_klaar_voor_stap5,
    open_casus,
)

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def meld(actor, casus, **extra):
    velden = {
        "datum": GISTEREN,
        "wijze": "telefoon",
        "vt_organisatie": "Veilig Thuis Utrecht",
        "vt_contact": "mevrouw De Vries",
        "vt_kenmerk": "VT-2026-0042",
        "vooraf_geinformeerd": True,
        "hoe_geinformeerd": "Moeder vooraf gebeld.",
        **extra,
    }
    return services.leg_melding_vast(actor=actor, casus=casus, **velden)


def afspraak_velden(**extra):
    return {
        "datum": GISTEREN,
        "vt_contact": "de heer Jansen",
        "wie_doet_wat": "Veilig Thuis spreekt vader; school volgt Sam.",
        "resultaten": "Geen nieuw geweld.",
        "termijn_aantal": 6,
        "termijn_eenheid": "weken",
        **extra,
    }


def afsluit_velden(**extra):
    return {
        "datum": VANDAAG,
        "conclusie": "Veilig Thuis volgt de veiligheid.",
        "casusregie_door": "Veilig Thuis",
        "afspraken": [
            {
                "wat": "Signalen bij Sam",
                "wie": "Mentor",
                "partners": "",
                "tot_wanneer": VANDAAG + dt.timedelta(days=60),
            }
        ],
        **VT,
        **extra,
    }


@pytest.fixture
def gemeld(beroepskracht, casus_stap5):
    """Besluit 1 ja, 2 ja, 3 nee: melden, together with Veilig Thuis; the melding made."""
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "nee"})
    return meld(beroepskracht, casus_stap5)


# --- the contact offered again ------------------------------------------------------------


def test_zonder_iets_vastgelegd_is_er_geen_contact(casus):
    assert veilig_thuis.laatste_contact(casus) == veilig_thuis.VeiligThuisContact()
    assert veilig_thuis.laatste_contact(casus).als_initial("vt_contact", "vt_kenmerk") == {}


def test_het_laatst_vastgelegde_contact_telt(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    # The answer of afweging 2 = ja does not yet name Veilig Thuis; afweging 3 does (VT).
    beantwoord(beroepskracht, casus_stap5, {"3": "nee"})
    assert veilig_thuis.laatste_contact(casus_stap5).contact == VT["vt_contact"]
    m = meld(beroepskracht, casus_stap5)
    contact = veilig_thuis.laatste_contact(casus_stap5)
    assert contact == veilig_thuis.VeiligThuisContact(
        contact="mevrouw De Vries", organisatie="Veilig Thuis Utrecht", kenmerk="VT-2026-0042"
    )
    services.leg_afspraak_veilig_thuis_vast(
        actor=beroepskracht, casus=casus_stap5, melding=m, **afspraak_velden()
    )
    contact = veilig_thuis.laatste_contact(casus_stap5)
    assert contact.contact == "de heer Jansen"  # the agreement is newer than the melding
    assert contact.kenmerk == "VT-2026-0042"  # the kenmerk stays the melding's
    assert contact.als_initial("vt_contact", "vt_organisatie") == {
        "vt_contact": "de heer Jansen",
        "vt_organisatie": "Veilig Thuis Utrecht",
    }


def test_contact_blijft_binnen_de_casus_en_ingetrokken_telt_niet(
    beroepskracht, casus_stap5, gemeld
):
    andere = open_casus(beroepskracht, "Andere casus")
    assert veilig_thuis.laatste_contact(andere).contact == ""
    Melding.objects.filter(pk=gemeld.pk).update(ingetrokken_op=timezone.now())
    contact = veilig_thuis.laatste_contact(casus_stap5)
    assert contact.kenmerk == "" and contact.organisatie == ""
    assert contact.contact == VT["vt_contact"]  # from the answer together with Veilig Thuis


# --- closing after a melding on one page --------------------------------------------------


def test_afsluiten_legt_terugkoppeling_afspraak_en_afsluiting_samen_vast(
    beroepskracht, casus_stap5, gemeld
):
    stand = vervolg.vervolg(casus_stap5)
    assert not stand.afsluiten.kan
    assert veilig_thuis.aan_te_vullen(stand).melding == gemeld
    afsluiting = services.sluit_af_na_melding(
        actor=beroepskracht,
        casus=casus_stap5,
        terugkoppeling={"datum": VANDAAG, "uitkomst": "voorwaarden", "toelichting": ""},
        afspraak_veilig_thuis=afspraak_velden(),
        versie=casus_stap5.versie,
        **afsluit_velden(),
    )
    assert afsluiting.soort == AfsluitSoort.NA_MELDING
    assert gemeld.terugkoppelingen.get().uitkomst == "voorwaarden"
    assert gemeld.afspraken.get().vt_contact == "de heer Jansen"
    assert casus_stap5.fase == Fase.AFGESLOTEN
    soorten = set(Gebeurtenis.objects.values_list("soort", flat=True))
    assert {"terugkoppeling_vt.vastgelegd", "afspraak_vt.vastgelegd", "casus.afgesloten"} <= soorten


def test_alleen_wat_ontbreekt_wordt_gevraagd(beroepskracht, casus_stap5, gemeld):
    services.leg_afspraak_veilig_thuis_vast(
        actor=beroepskracht, casus=casus_stap5, melding=gemeld, **afspraak_velden()
    )
    stand = veilig_thuis.aan_te_vullen(vervolg.vervolg(casus_stap5))
    assert stand is not None and stand.afspraken and not stand.terugkoppelingen
    services.sluit_af_na_melding(
        actor=beroepskracht,
        casus=casus_stap5,
        terugkoppeling={"datum": VANDAAG, "uitkomst": "onderzoek"},
        **afsluit_velden(),
    )
    assert AfspraakVeiligThuis.objects.count() == 1
    assert TerugkoppelingVeiligThuis.objects.get().uitkomst == "onderzoek"


def test_fouten_van_alle_delen_samen_en_niets_opgeslagen(beroepskracht, casus_stap5, gemeld):
    with pytest.raises(ValidationError) as fout:
        services.sluit_af_na_melding(
            actor=beroepskracht,
            casus=casus_stap5,
            terugkoppeling={"datum": VANDAAG, "uitkomst": "anders", "toelichting": ""},
            afspraak_veilig_thuis=afspraak_velden(wie_doet_wat=""),
            **afsluit_velden(),
        )
    fouten = fout.value.message_dict
    assert "Beschrijf wat Veilig Thuis besloot." in fouten["terugkoppeling-toelichting"]
    assert "Beschrijf wie wat doet" in fouten["afspraak_vt-wie_doet_wat"][0]
    assert not TerugkoppelingVeiligThuis.objects.exists()
    assert not AfspraakVeiligThuis.objects.exists() and not Afsluiting.objects.exists()


def test_fout_in_de_afsluiting_bewaart_ook_de_terugkoppeling_niet(
    beroepskracht, casus_stap5, gemeld
):
    with pytest.raises(ValidationError) as fout:
        services.sluit_af_na_melding(
            actor=beroepskracht,
            casus=casus_stap5,
            terugkoppeling={"datum": VANDAAG, "uitkomst": "onderzoek"},
            afspraak_veilig_thuis=afspraak_velden(),
            **afsluit_velden(afspraken=[]),
        )
    assert "afspraak-0-wat" in fout.value.message_dict
    assert not TerugkoppelingVeiligThuis.objects.exists()
    assert not AfspraakVeiligThuis.objects.exists() and not Afsluiting.objects.exists()
    casus_stap5.refresh_from_db()
    assert casus_stap5.fase != Fase.AFGESLOTEN


def test_een_verouderd_formulier_wordt_geweigerd(beroepskracht, casus_stap5, gemeld):
    oud = casus_stap5.versie - 1
    with pytest.raises(services.VerouderdFormulier):
        services.sluit_af_na_melding(
            actor=beroepskracht,
            casus=casus_stap5,
            terugkoppeling={"datum": VANDAAG, "uitkomst": "onderzoek"},
            afspraak_veilig_thuis=afspraak_velden(),
            versie=oud,
            **afsluit_velden(),
        )
    assert not TerugkoppelingVeiligThuis.objects.exists()


def test_na_hulp_niets_aan_te_vullen(beroepskracht, casus):
    maak_klaar_voor_stap5(beroepskracht, casus)
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
    assert veilig_thuis.aan_te_vullen(vervolg.vervolg(casus)) is None
