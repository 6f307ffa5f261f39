"""An adult's age may be unknown (a teacher rarely knows a father's age); a child's may not.
Nothing is guessed in its place; the API follows the service."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Betrokkene, BetrokkeneRol

pytestmark = pytest.mark.django_db

VOLWASSEN_ROLLEN = [r for r in BetrokkeneRol if r != BetrokkeneRol.KIND]


@pytest.mark.parametrize("rol", VOLWASSEN_ROLLEN)
def test_een_volwassene_zonder_leeftijd_of_geboortejaar(beroepskracht, casus, rol):
    b = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol=rol, relatie="vader van Sam", leeftijd=None
    )
    b.refresh_from_db()
    assert (b.leeftijd, b.geboortejaar, b.geboortedatum) == (None, None, None)
    assert b.is_volwassen  # unknown counts as adult for the Kindcheck question (H4)


def test_een_kind_heeft_nog_steeds_een_leeftijd_of_geboortejaar_nodig(beroepskracht, casus):
    with pytest.raises(ValidationError) as fout:
        services.voeg_betrokkene_toe(
            actor=beroepskracht, casus=casus, rol="kind", relatie="leerling", leeftijd=None
        )
    assert fout.value.message_dict == {"leeftijd": ["Vul een leeftijd of een geboortejaar in."]}
    assert not Betrokkene.objects.exists()


def test_de_api_volgt_de_dienst(beroepskracht, casus):
    api = Api(token_voor(beroepskracht))
    pad = f"/api/casussen/{casus.uuid}"

    def post(data):
        return api.post(f"{pad}/betrokkenen", data, versie=api.get(pad)["ETag"].strip('"'))

    r = post({"rol": "ouder", "relatie": "vader van Sam"})
    assert r.status_code == 201, r.content
    assert r.json()["leeftijd"] is None and r.json()["geboortejaar"] is None
    r = post({"rol": "kind", "relatie": "leerling"})
    assert r.status_code == 422
    assert r.json()["velden"] == {"leeftijd": ["Vul een leeftijd of een geboortejaar in."]}
