"""Every write to a casus goes through here (DESIGN.md, 'Layers').

Each function runs in one transaction, locks the casus row (``select_for_update``; a no-op on
SQLite, whose immediate transactions already serialise writers), checks permission, validates,
writes, moves the step along the transition table and records the change in the audit trail.
Errors a person sees are Dutch ``ValidationError``s keyed by field; nothing is half-stored. A
``versie`` argument (the casus version a form was opened with) makes a write refuse a casus that
changed in the meantime (``VerouderdFormulier``).
"""

from meldwijzer.dossier.services.afsluiting import sluit_af_na_melding, sluit_traject_af
from meldwijzer.dossier.services.besluit import (
    Stap5KanNietBeginnen,
    Stap5Resultaat,
    beantwoord_afweging,
    beslis_opnieuw,
    trek_concept_in,
)
from meldwijzer.dossier.services.casus import (
    heropen_casus,
    noteer_hulp_buiten_meldcode,
    open_casus,
    voeg_betrokkene_toe,
)
from meldwijzer.dossier.services.correcties import corrigeer, trek_in
from meldwijzer.dossier.services.gelijktijdig import VerouderdFormulier
from meldwijzer.dossier.services.hulpplan import leg_evaluatie_vast, leg_hulpplan_vast
from meldwijzer.dossier.services.kaderwissel import wissel_kaderversie, wisseldoel
from meldwijzer.dossier.services.melding import (
    leg_afspraak_veilig_thuis_vast,
    leg_melding_vast,
    leg_terugkoppeling_vast,
)
from meldwijzer.dossier.services.samenwerken import (
    deel_casus,
    mag_delen,
    trek_deling_in,
    wissel_eigenaar,
)
from meldwijzer.dossier.services.stappen import (
    leg_consultatie_vast,
    leg_gesprek_vast,
    leg_signaal_vast,
    leg_weging_vast,
)
from meldwijzer.dossier.services.transfer import exporteer_casus, importeer_casus
from meldwijzer.dossier.services.zorg import leg_kindcheck_vast, leg_zienswijze_vast

__all__ = [
    "Stap5KanNietBeginnen",
    "Stap5Resultaat",
    "VerouderdFormulier",
    "beantwoord_afweging",
    "beslis_opnieuw",
    "corrigeer",
    "deel_casus",
    "exporteer_casus",
    "heropen_casus",
    "importeer_casus",
    "leg_afspraak_veilig_thuis_vast",
    "leg_consultatie_vast",
    "leg_evaluatie_vast",
    "leg_gesprek_vast",
    "leg_hulpplan_vast",
    "leg_kindcheck_vast",
    "leg_melding_vast",
    "leg_signaal_vast",
    "leg_terugkoppeling_vast",
    "leg_weging_vast",
    "leg_zienswijze_vast",
    "mag_delen",
    "noteer_hulp_buiten_meldcode",
    "open_casus",
    "sluit_af_na_melding",
    "sluit_traject_af",
    "trek_concept_in",
    "trek_deling_in",
    "trek_in",
    "voeg_betrokkene_toe",
    "wissel_eigenaar",
    "wissel_kaderversie",
    "wisseldoel",
]
