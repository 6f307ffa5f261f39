"""The afwegingskader as validated, cited data, and the decision engine.

Pure Python: this package imports no Django, so the command line and other tools can use it on
its own (DESIGN.md, 'Layers').
"""

from meldwijzer.kader.engine import Afwegingskader, Beslissing, Regelbericht, Stap, beslis
from meldwijzer.kader.fouten import (
    BeslisFout,
    Ernst,
    KaderFout,
    OnbekendKader,
    OngeldigKader,
    OnleesbaarKader,
    Probleem,
)
from meldwijzer.kader.kaders import (
    BASIS,
    controleer_tekst,
    laad_bestand,
    laad_kader,
    laad_tekst,
    meegeleverde_kaders,
    registreer_kaderbron,
    zoek_kader,
)

__all__ = [
    "BASIS",
    "Afwegingskader",
    "BeslisFout",
    "Beslissing",
    "Ernst",
    "KaderFout",
    "OnbekendKader",
    "OngeldigKader",
    "OnleesbaarKader",
    "Probleem",
    "Regelbericht",
    "Stap",
    "beslis",
    "controleer_tekst",
    "laad_bestand",
    "laad_kader",
    "laad_tekst",
    "meegeleverde_kaders",
    "registreer_kaderbron",
    "zoek_kader",
]
