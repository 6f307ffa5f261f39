"""Exports in the formats Dutch care systems speak (docs/fhir-jgz.md): a published framework
version as an
HL7 FHIR R4 ``Questionnaire``, a besluit as a ``QuestionnaireResponse`` of that exact version, and
a besluit in the afwegingsvragen of the Basisdataset JGZ (rubriek R013).

The conversions live in ``kader.fhir`` (no Django), ``dossier.fhir`` and ``dossier.jgz``; this
module only checks the token and the acting user's right, and names the export in the access
record (``audit/toegang.py`` files the besluit exports as *exporteren*). Mappings: docs/fhir-jgz.md.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router

from meldwijzer.api import fouten
from meldwijzer.api.gemeen import KADER, LEZEN, casus_voor, details
from meldwijzer.api.kaders import gepubliceerd
from meldwijzer.dossier import selectors
from meldwijzer.dossier.fhir import besluit_als_questionnaire_response
from meldwijzer.dossier.jgz import NietUitTeDrukken, besluit_als_bds
from meldwijzer.dossier.models import Besluit
from meldwijzer.kader import fhir

router = Router(tags=["fhir en jgz"])


@router.get(
    "/kaders/{int:kaderversie_id}/fhir-questionnaire",
    response={200: dict[str, Any], **fouten.LEZEN},
    auth=KADER,
    url_name="kader_fhir",
    summary="Een vastgestelde kaderversie als FHIR R4 Questionnaire",
    description="De afwegingen als vragen met hun antwoordopties, enableWhen langs de "
    "beslisboom, de catalogi als ValueSets. Zie docs/fhir-jgz.md.",
)
def kader_questionnaire(
    request: HttpRequest, kaderversie_id: int = Path(..., ge=1, le=2**62)
) -> dict[str, Any]:
    versie = gepubliceerd(request).filter(pk=kaderversie_id).first()
    if versie is None:
        raise Http404
    return fhir.questionnaire(versie.kader())


def _besluit(request: HttpRequest, casus_id: uuid.UUID, volgnummer: int, formaat: str) -> Besluit:
    casus = casus_voor(request, casus_id)
    besluit = selectors.besluiten(casus).filter(volgnummer=volgnummer).first()
    if besluit is None:
        raise Http404
    details(request, formaat=formaat, besluit=volgnummer)
    return besluit


@router.get(
    "/casussen/{uuid:casus_id}/besluiten/{int:volgnummer}/fhir-questionnaireresponse",
    response={200: dict[str, Any], **fouten.LEZEN},
    auth=LEZEN,
    url_name="besluit_fhir",
    summary="Een besluit als FHIR R4 QuestionnaireResponse van zijn eigen kaderversie",
)
def besluit_response(
    request: HttpRequest, casus_id: uuid.UUID, volgnummer: int = Path(..., ge=1, le=2**31)
) -> dict[str, Any]:
    besluit = _besluit(request, casus_id, volgnummer, "fhir-questionnaireresponse")
    return besluit_als_questionnaire_response(besluit)


@router.get(
    "/casussen/{uuid:casus_id}/besluiten/{int:volgnummer}/bds-jgz",
    response={200: dict[str, Any], **fouten.LEZEN},
    auth=LEZEN,
    url_name="besluit_bds",
    summary="Een besluit in de afwegingsvragen van de Basisdataset JGZ (rubriek R013)",
    description="Elementen 1570–1576 met hun bron; 422 als het kader twee afwegingen met "
    "dezelfde rol op het pad heeft (de BDS kent er één vraag voor).",
)
def besluit_bds(
    request: HttpRequest, casus_id: uuid.UUID, volgnummer: int = Path(..., ge=1, le=2**31)
) -> Any:
    besluit = _besluit(request, casus_id, volgnummer, "bds-jgz")
    try:
        return besluit_als_bds(besluit)
    except NietUitTeDrukken as fout:
        return 422, {
            "detail": _("Dit besluit past niet in de BDS-afwegingsvragen: %(reden)s")
            % {"reden": fout},
            "velden": None,
        }
