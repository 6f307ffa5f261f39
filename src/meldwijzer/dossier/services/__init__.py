"""Every write to a casus goes through here (DESIGN.md, 'Layers').

Each function runs in one transaction, locks the casus row (``select_for_update``; a no-op on
SQLite, whose immediate transactions already serialise writers), checks permission, validates,
writes, moves the step along the transition table and records the change in the audit trail.
Errors a person sees are Dutch ``ValidationError``s keyed by field; nothing is half-stored.
"""

from meldwijzer.dossier.services.besluit import Stap5Resultaat, beantwoord_afweging, trek_concept_in
from meldwijzer.dossier.services.casus import (
    heropen_casus,
    noteer_hulp_buiten_meldcode,
    open_casus,
    voeg_betrokkene_toe,
)
from meldwijzer.dossier.services.kaders import actuele_kaderversie, kader_inhoud, laad_kaderversie
from meldwijzer.dossier.services.melding import leg_melding_vast
from meldwijzer.dossier.services.stappen import (
    leg_consultatie_vast,
    leg_gesprek_vast,
    leg_signaal_vast,
    leg_weging_vast,
)

__all__ = [
    "Stap5Resultaat",
    "actuele_kaderversie",
    "beantwoord_afweging",
    "heropen_casus",
    "kader_inhoud",
    "laad_kaderversie",
    "leg_consultatie_vast",
    "leg_gesprek_vast",
    "leg_melding_vast",
    "leg_signaal_vast",
    "leg_weging_vast",
    "noteer_hulp_buiten_meldcode",
    "open_casus",
    "trek_concept_in",
    "voeg_betrokkene_toe",
]
