"""A stored besluit exported as a FHIR R4 QuestionnaireResponse and in the BDS JGZ fields."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from google.fhir.r4 import json_format
from google.fhir.r4.proto.core.resources import questionnaire_response_pb2

from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.fhir import besluit_als_questionnaire_response
from meldwijzer.dossier.jgz import besluit_als_bds
from meldwijzer.dossier.models import Besluit
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord
from meldwijzer.kader import beslis
from meldwijzer.kader.fhir import antwoorden_uit_response, questionnaire

pytestmark = pytest.mark.django_db

PADEN = [
    {"1": "nee"},
    {"1": "ja", "2": "ja"},
    {"1": "ja", "2": "nee", "3": "nee"},
    {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "nee"},
    {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "ja"},
]


@pytest.mark.parametrize(
    "antwoorden", PADEN, ids=[" ".join(f"{k}{v}" for k, v in p.items()) for p in PADEN]
)
def test_besluit_als_questionnaire_response(beroepskracht, casus_stap5, antwoorden):
    beantwoord(beroepskracht, casus_stap5, antwoorden)
    for besluit in Besluit.objects.filter(casus=casus_stap5):
        qr = besluit_als_questionnaire_response(besluit)
        json_format.json_fhir_string_to_proto(
            json.dumps(qr), questionnaire_response_pb2.QuestionnaireResponse, validate=True
        )
        kader = besluit.kader_versie.kader()
        q = questionnaire(kader)
        # The response names the exact framework version it was decided under.
        assert qr["questionnaire"] == f"{q['url']}|{q['version']}"
        assert q["version"] == besluit.kader_versie.versie
        assert qr["identifier"]["value"] == f"{casus_stap5.uuid}/{besluit.volgnummer}"
        # Its answers, fed back to the engine, give the stored outcome.
        invoer = antwoorden_uit_response(kader, qr)
        assert invoer["antwoorden"] == besluit.antwoorden_dict
        terug = beslis(kader, invoer["antwoorden"], invoer["signalen"], invoer["route"])
        assert terug.als_dict() == besluit.uitkomst


def test_signalen_gaan_mee(beroepskracht, casus):
    from meldwijzer.dossier.tests.bouwers import maak_klaar_voor_stap5

    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["acuut.wapen"])
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
    qr = besluit_als_questionnaire_response(selectors.huidig_besluit(casus))
    signalen = next(i for i in qr["item"] if i["linkId"] == "signalen")
    codes = [a["valueCoding"]["code"] for i in signalen["item"] for a in i["answer"]]
    assert codes == ["acuut.wapen"]


def _elementen(besluit: Besluit) -> dict[str, object]:
    return {e["element"]: e["waarde"] for e in besluit_als_bds(besluit)["elementen"]}


def test_bds_afwegingsvragen_en_gedeelde_zorgen(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
    bds = besluit_als_bds(selectors.huidig_besluit(casus_stap5))
    assert bds["rubriek"] == {"code": "R013", "codeSystem": "2.16.840.1.113883.2.4.4.40.391"}
    assert [e["element"] for e in bds["elementen"]] == [
        "1570",
        "1572",
        "1573",
        "1574",
        "1575",
        "1576",
    ]
    assert _elementen(selectors.huidig_besluit(casus_stap5)) == {
        "1570": True,  # the gesprek with moeder took place: the concerns were shared
        "1572": True,
        "1573": False,
        "1574": True,
        "1575": True,
        "1576": True,
    }
    for e in bds["elementen"]:
        assert e["codeSystem"] == "2.16.840.1.113883.2.4.4.40.267"
        assert e["templateId"] == f"2.16.840.1.113883.2.4.6.10.100.4{e['element']}"
        assert e["datatype"] == "BL"


def test_bds_afsluiten_na_afweging_1(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "nee"})
    assert _elementen(selectors.huidig_besluit(casus_stap5)) == {"1570": True, "1572": False}


def test_bds_reden_als_zorgen_niet_gedeeld(beroepskracht, casus):
    services.leg_signaal_vast(
        actor=beroepskracht, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst="Plek."
    )
    services.leg_consultatie_vast(
        actor=beroepskracht,
        casus=casus,
        met_wie="veilig_thuis",
        datum=GISTEREN,
        advies="Niet eerst met vader praten.",
    )
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_anderen",
        toelichting="Een gesprek brengt de zus in gevaar.",
    )
    services.leg_weging_vast(
        actor=beroepskracht, casus=casus, datum=GISTEREN, aard_en_ernst="Acuut."
    )
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
    bds = besluit_als_bds(selectors.huidig_besluit(casus))
    waarden = {e["element"]: e for e in bds["elementen"]}
    assert waarden["1570"]["waarde"] is False
    assert waarden["1571"]["datatype"] == "ST"
    assert waarden["1571"]["waarde"] == (
        "De veiligheid van anderen: Een gesprek brengt de zus in gevaar."
    )
    assert waarden["1573"]["waarde"] is True


def test_bds_twijfel_telt_als_ja_en_twee_resultaatvragen_zijn_niet_uit_te_drukken():
    """A profession's framework maps by rol; 5a and 5b both weigh 'resultaat' (no single value)."""
    from pathlib import Path
    from types import SimpleNamespace

    from meldwijzer.dossier.jgz import NietUitTeDrukken
    from meldwijzer.kader import laad_kader

    pad = Path(__file__).parents[4] / "tests" / "kader" / "kaders" / "beroep_voorbeeld.yaml"
    kader = laad_kader(pad)

    def besluit(antwoorden):
        uitkomst = beslis(kader, antwoorden, route="thuissituatie").als_dict()
        versie = SimpleNamespace(kader=lambda: kader)
        return SimpleNamespace(
            kader_versie=versie,
            uitkomst=uitkomst,
            volgnummer=1,
            casus_id=None,
            ronde=1,
            vastgelegd_op=timezone.now(),
        )

    elementen = {
        e["element"]: e["waarde"]
        for e in besluit_als_bds(besluit({"1": "ja", "2": "twijfel", "3": "nee"}))["elementen"]
    }
    assert elementen == {"1572": True, "1573": True, "1574": False}
    beide = {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5a": "ja", "5b": "ja"}
    with pytest.raises(NietUitTeDrukken, match="5a en 5b"):
        besluit_als_bds(besluit(beide))
