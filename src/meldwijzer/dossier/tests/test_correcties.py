"""Corrections and withdrawals that keep the original (docs/adr/0019)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import historie, invoer, selectors, services
from meldwijzer.dossier.models import Correctie, Fase, GegevenSoort, Handeling, Signaal
from meldwijzer.dossier.services.correcties import SOORTEN
from meldwijzer.dossier.tests.bouwers import (
    GISTEREN,
    beantwoord,
    leg_hulpplan_vast,
    maak_klaar_voor_stap5,
)
from meldwijzer.dossier.tests.test_vervolg import melding

pytestmark = pytest.mark.django_db

SIGNAAL = {"datum": GISTEREN, "bron": "eigen", "aard": "feit", "tekst": "Blauwe plek."}


def _signaal(actor, casus, **extra):
    return services.leg_signaal_vast(actor=actor, casus=casus, **{**SIGNAAL, **extra})


def _corrigeer(actor, casus, item, reden="onjuist", waarom="Verkeerd overgenomen.", **w):
    return services.corrigeer(
        actor=actor,
        casus=casus,
        soort=item._meta.model_name,
        item_id=item.pk,
        reden=reden,
        toelichting=waarom,
        waarden=w,
    )


def test_een_correctie_houdt_de_eerdere_versie(beroepskracht, casus):
    signaal = _signaal(beroepskracht, casus, tekst="Blauwe plek op de arm.")
    _corrigeer(beroepskracht, casus, signaal, **{**SIGNAAL, "tekst": "Blauwe plek op de rug."})
    signaal.refresh_from_db()
    assert signaal.tekst == "Blauwe plek op de rug." and signaal.gecorrigeerd_op is not None
    correctie = Correctie.objects.get()
    assert correctie.handeling == Handeling.GECORRIGEERD
    assert correctie.gewijzigd == ["tekst"]
    assert correctie.vorige["tekst"] == "Blauwe plek op de arm."
    assert correctie.nieuw == {"tekst": "Blauwe plek op de rug."}
    gebeurtenis = Gebeurtenis.objects.get(soort="signaal.gecorrigeerd")
    assert gebeurtenis.reden == "Verkeerd overgenomen."
    assert gebeurtenis.oud == {"tekst": "Blauwe plek op de arm."}
    (gebeurd,) = historie.per_item(casus)[historie.sleutel(signaal)]
    assert [(w.oud, w.nieuw) for w in gebeurd.wijzigingen] == [
        ("Blauwe plek op de arm.", "Blauwe plek op de rug.")
    ]


def test_een_reden_is_verplicht_en_niets_wijzigen_kan_niet(beroepskracht, casus):
    signaal = _signaal(beroepskracht, casus)
    with pytest.raises(ValidationError) as fout:
        _corrigeer(beroepskracht, casus, signaal, waarom=" ", **SIGNAAL)
    assert "toelichting" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        _corrigeer(beroepskracht, casus, signaal, reden="zomaar", **SIGNAAL)
    assert "reden" in fout.value.message_dict
    with pytest.raises(ValidationError, match="niets"):
        _corrigeer(beroepskracht, casus, signaal, **SIGNAAL)
    # The same checks as when it was recorded: a speculative fact is refused.
    with pytest.raises(ValidationError) as fout:
        _corrigeer(
            beroepskracht, casus, signaal, **{**SIGNAAL, "tekst": "Vader slaat hem waarschijnlijk."}
        )
    assert "tekst" in fout.value.message_dict
    assert not Correctie.objects.exists()


def test_intrekken_houdt_het_gegeven_maar_het_telt_nergens_meer(beroepskracht, casus):
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["factor.herhaling"])
    signaal = selectors.signalen(casus).get()
    assert selectors.aangevinkte_signalen(casus) == ["factor.herhaling"]
    services.trek_in(
        actor=beroepskracht,
        casus=casus,
        soort="signaal",
        item_id=signaal.pk,
        reden="verkeerde_casus",
        toelichting="Hoort bij een ander kind.",
    )
    assert Signaal.objects.filter(pk=signaal.pk).exists()
    assert not selectors.signalen(casus).exists()
    assert list(selectors.signalen(casus, ook_ingetrokken=True)) == [signaal]
    assert selectors.aangevinkte_signalen(casus) == []
    assert selectors.aantallen(casus)["signalen"] == 0
    # Stap 5 rests on recorded signalen: without a current one it cannot begin.
    assert [o.stap for o in selectors.ontbrekend_voor_stap5(casus)] == [1]
    with pytest.raises(ValidationError, match="geen signaal"):
        services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="1", antwoord="ja")
    # A withdrawn item changes no more.
    with pytest.raises(ValidationError, match="al ingetrokken"):
        _corrigeer(beroepskracht, casus, signaal, **{**SIGNAAL, "tekst": "Anders."})
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.trek_in(
            actor=beroepskracht,
            casus=casus,
            soort="signaal",
            item_id=signaal.pk,
            reden="onjuist",
            toelichting="Nog eens.",
        )


def test_vinkje_weghalen_is_een_correctie(beroepskracht, casus):
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["factor.herhaling"])
    signaal = selectors.signalen(casus).get()
    _corrigeer(beroepskracht, casus, signaal, reden="onjuist", **SIGNAAL, aangevinkt=[])
    assert selectors.aangevinkte_signalen(casus) == []
    assert Correctie.objects.get().vorige["aangevinkt"] == ["factor.herhaling"]


def test_een_ander_zijn_casus_en_een_alleen_lezer(beroepskracht, casus, buitenstaander, collega):
    signaal = _signaal(beroepskracht, casus)
    with pytest.raises(PermissionDenied):
        _corrigeer(buitenstaander, casus, signaal, **{**SIGNAAL, "tekst": "x"})
    andere = services.open_casus(actor=beroepskracht, titel="Andere casus")
    with pytest.raises(ValidationError, match="hoort niet bij deze casus"):
        services.trek_in(
            actor=beroepskracht,
            casus=andere,
            soort="signaal",
            item_id=signaal.pk,
            reden="onjuist",
            toelichting="x",
        )
    with pytest.raises(ValidationError, match="kan niet worden gecorrigeerd"):
        services.trek_in(
            actor=beroepskracht,
            casus=casus,
            soort="besluit",
            item_id=1,
            reden="onjuist",
            toelichting="x",
        )


def test_na_afsluiten_kan_een_correctie_nog(beroepskracht, casus_stap5):
    """A betrokkene's request (AVG, artikel 16) cannot wait for a new traject."""
    beantwoord(beroepskracht, casus_stap5, {"1": "nee"}, toelichting="Geen zorgen.")
    assert casus_stap5.fase == Fase.AFGESLOTEN
    signaal = selectors.signalen(casus_stap5).get()
    _corrigeer(
        beroepskracht,
        casus_stap5,
        signaal,
        reden="verzoek_betrokkene",
        waarom="Moeder vroeg op 3 december om correctie van de datum.",
        **{**SIGNAAL, "datum": GISTEREN - dt.timedelta(days=1), "tekst": signaal.tekst},
    )
    assert Correctie.objects.get().reden == "verzoek_betrokkene"


def _maak(soort, actor, casus):
    """One recorded item of each kind, on a casus ready for stap 5."""
    if soort == "signaal":
        return selectors.signalen(casus).first()
    if soort == "consultatie":
        return selectors.consultaties(casus).first()
    if soort == "gesprek":
        return selectors.gesprekken(casus).first()
    if soort == "weging":
        return selectors.wegingen(casus).first()
    if soort == "betrokkene":
        return services.voeg_betrokkene_toe(
            actor=actor, casus=casus, rol="ouder", relatie="vader", leeftijd=40
        )
    if soort == "zienswijze":
        kind = services.voeg_betrokkene_toe(
            actor=actor, casus=casus, rol="kind", relatie="leerling", leeftijd=9
        )
        return services.leg_zienswijze_vast(
            actor=actor, casus=casus, betrokkene=kind, datum=GISTEREN, hoe="mondeling", tekst="x"
        )
    if soort == "melding":
        beantwoord(actor, casus, {"1": "ja", "2": "ja"})
        return melding(actor, casus)
    beantwoord(actor, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    return leg_hulpplan_vast(actor, casus)


def _huidige_waarden(soort, item):
    declaratie = historie.DECLARATIES[GegevenSoort(soort)]
    waarden = {n: getattr(item, n) for n in declaratie.namen()}
    if soort == "hulpplan":
        waarden["evaluatiedata"] = item.evaluatiedatums
    if soort == "gesprek":
        waarden["gevoerd"] = item.gevoerd
    return waarden


@pytest.mark.parametrize("soort", sorted(SOORTEN))
def test_elk_soort_gegeven_is_te_corrigeren_en_in_te_trekken(beroepskracht, casus, soort):
    maak_klaar_voor_stap5(beroepskracht, casus)
    item = _maak(soort, beroepskracht, casus)
    tekstveld = next(
        v.naam
        for v in historie.DECLARATIES[GegevenSoort(soort)]
        if historie.DECLARATIES[GegevenSoort(soort)].soort(v) in {invoer.TEKST, invoer.REGEL}
        and getattr(item, v.naam)
    )
    waarden = _huidige_waarden(soort, item)
    waarden[tekstveld] = "Gecorrigeerde tekst."
    _corrigeer(beroepskracht, casus, item, **waarden)
    item.refresh_from_db()
    assert getattr(item, tekstveld) == "Gecorrigeerde tekst."
    services.trek_in(
        actor=beroepskracht,
        casus=casus,
        soort=soort,
        item_id=item.pk,
        reden="onjuist",
        toelichting="Onjuist.",
    )
    item.refresh_from_db()
    assert item.ingetrokken_op is not None
    assert [c.handeling for c in Correctie.objects.filter(soort=soort)] == [
        Handeling.GECORRIGEERD,
        Handeling.INGETROKKEN,
    ]
    assert {g.soort for g in Gebeurtenis.objects.filter(soort__startswith=f"{soort}.")} >= {
        f"{soort}.gecorrigeerd",
        f"{soort}.ingetrokken",
    }


def test_de_basis_van_een_besluit_verandert_en_opnieuw_beslissen(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "nee"})
    besluit = selectors.huidig_besluit(casus_stap5)
    assert historie.basis_gewijzigd(casus_stap5, besluit) == []
    assert historie.basis_gewijzigd(casus_stap5, besluit, kort=True) == []
    signaal = selectors.signalen(casus_stap5).get()
    _corrigeer(beroepskracht, casus_stap5, signaal, **{**SIGNAAL, "tekst": "Blauwe plek, rug."})
    (gewijzigd,) = historie.basis_gewijzigd(casus_stap5, besluit)
    assert gewijzigd.soort == "signaal"
    # The overview's fixed read finds the same correction (without its texts).
    kort = selectors.huidig_besluit(casus_stap5, kort=True)
    assert [c.pk for c in historie.basis_gewijzigd(casus_stap5, kort, kort=True)] == [gewijzigd.pk]
    # A signaal recorded after the besluit is no part of its basis.
    later = _signaal(beroepskracht, casus_stap5, tekst="Nieuw signaal.")
    _corrigeer(beroepskracht, casus_stap5, later, **{**SIGNAAL, "tekst": "Nieuw signaal, beter."})
    assert len(historie.basis_gewijzigd(casus_stap5, besluit)) == 1
    assert len(historie.basis_gewijzigd(casus_stap5, kort, kort=True)) == 1
    with pytest.raises(ValidationError):
        services.beslis_opnieuw(actor=beroepskracht, casus=casus_stap5, toelichting="")
    assert (
        services.beslis_opnieuw(
            actor=beroepskracht, casus=casus_stap5, toelichting="De datum was fout."
        )
        == 3
    )
    assert selectors.huidige_antwoorden(casus_stap5) == []
    besluit.refresh_from_db()  # never edited
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    nieuw = selectors.huidig_besluit(casus_stap5)
    assert (
        selectors.besluiten(casus_stap5).get(volgnummer=besluit.volgnummer + 1).vervangt == besluit
    )
    assert historie.basis_gewijzigd(casus_stap5, nieuw) == []


# --- any sequence of corrections and withdrawals -------------------------------------------

TEKSTEN = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
STAPPEN = st.lists(
    st.one_of(
        st.tuples(st.just("corrigeer"), TEKSTEN, st.sampled_from(["feit", "mening"])),
        st.tuples(st.just("intrekken"), st.just(""), st.just("")),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(stappen=STAPPEN)
def test_elke_reeks_laat_de_laatste_versie_en_een_volledig_spoor(beroepskracht, casus, stappen):
    signaal = _signaal(beroepskracht, casus, tekst="Begin.")
    versies = [{"tekst": "Begin.", "aard": "feit"}]
    ingetrokken = False
    uitgevoerd = 0
    for actie, tekst, aard in stappen:
        if ingetrokken:
            break
        if actie == "intrekken":
            services.trek_in(
                actor=beroepskracht,
                casus=casus,
                soort="signaal",
                item_id=signaal.pk,
                reden="onjuist",
                toelichting="Weg.",
            )
            ingetrokken = True
            uitgevoerd += 1
            continue
        nieuw = {"tekst": tekst, "aard": aard}
        if nieuw == versies[-1]:
            with pytest.raises(ValidationError):
                _corrigeer(beroepskracht, casus, signaal, **{**SIGNAAL, **nieuw})
            continue
        _corrigeer(beroepskracht, casus, signaal, **{**SIGNAAL, **nieuw, "feit_bevestigd": True})
        versies.append(nieuw)
        uitgevoerd += 1
    signaal.refresh_from_db()
    # The current view is the last version; every earlier one is in the trail, in order.
    assert {"tekst": signaal.tekst, "aard": signaal.aard} == versies[-1]
    assert (signaal.ingetrokken_op is not None) == ingetrokken
    assert selectors.signalen(casus).filter(pk=signaal.pk).exists() == (not ingetrokken)
    spoor = list(Correctie.objects.filter(object_id=signaal.pk).order_by("op", "pk"))
    assert len(spoor) == uitgevoerd
    correcties = [c for c in spoor if c.handeling == Handeling.GECORRIGEERD]
    for i, c in enumerate(correcties):
        voor = {**versies[i], **{k: c.vorige[k] for k in c.gewijzigd}}
        assert voor == versies[i]
        assert {**versies[i], **c.nieuw} == versies[i + 1]
    assert (
        Gebeurtenis.objects.filter(object_id=str(signaal.pk), soort__startswith="signaal.").count()
        == 1 + uitgevoerd
    )
