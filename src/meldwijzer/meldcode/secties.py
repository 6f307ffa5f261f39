"""The sections of the meldcode document the beheerder writes: what Meldwijzer cannot know
(docs/meldcode.md, 'Wat de beheerder schrijft')."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class EigenSectie:
    sleutel: str
    titel: _StrPromise
    uitleg: _StrPromise


EIGEN_SECTIES: tuple[EigenSectie, ...] = (
    EigenSectie(
        "taakverdeling",
        _("Wie in onze organisatie welke stap zet"),
        _(
            "Wie signaleert, wie consulteert, wie voert het gesprek, wie weegt en wie beslist "
            "over melden en hulp; wie de eindverantwoordelijkheid draagt."
        ),
    ),
    EigenSectie(
        "ondersteuning",
        _("Hoe de organisatie medewerkers ondersteunt"),
        _(
            "Scholing en training, intervisie, tijd en ruimte voor de meldcode, hulp bij "
            "moeilijke gesprekken en nazorg voor medewerkers."
        ),
    ),
    EigenSectie(
        "instrumenten",
        _("Instrumenten voor risicotaxatie en veiligheidstaxatie"),
        _(
            "Welke instrumenten medewerkers in stap 4 gebruiken en hoe zij de uitkomst "
            "interpreteren (Basisdocument, hoofdstuk 2, De plaats van een afwegingskader in "
            "het stappenplan van een meldcode)."
        ),
    ),
)

SECTIE_SLEUTELS = tuple(s.sleutel for s in EIGEN_SECTIES)
MAX_TEKST = 10_000


def sectie(sleutel: str) -> EigenSectie | None:
    return next((s for s in EIGEN_SECTIES if s.sleutel == sleutel), None)
