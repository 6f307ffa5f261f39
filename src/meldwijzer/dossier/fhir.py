"""A stored besluit as an HL7 FHIR R4 ``QuestionnaireResponse`` of its framework version.

A thin layer over :mod:`meldwijzer.kader.fhir`: the besluit's own answers, ticked signals and
stored outcome, against the exact framework version (``questionnaire = url|version``) it was taken
under. The caller checks the permission to read the casus and records the export in the access
log, as for every export of casus data.
"""

from __future__ import annotations

from typing import Any

from meldwijzer.dossier.models import Besluit
from meldwijzer.kader import fhir


def besluit_als_questionnaire_response(besluit: Besluit) -> dict[str, Any]:
    kader = besluit.kader_versie.kader()
    return fhir.questionnaire_response(
        kader,
        besluit.uitkomst,
        besluit.antwoorden_dict,
        besluit.signalen,
        authored=besluit.vastgelegd_op.isoformat(),
        identifier={
            "system": f"{fhir.FHIR_BASIS}/sid/besluit",
            "value": f"{besluit.casus.uuid}/{besluit.volgnummer}",
        },
    )
