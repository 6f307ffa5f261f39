"""How much a framework file may ask of the loader, measured before anything is built.

A few hundred bytes of nested anchors and aliases (a "billion laughs") expand to millions of
values: building them took a minute and gigabytes. ``meet`` walks the parser's events once, as a
stream, and counts the values as they would be with every alias written out — without writing
them out: an anchor's size and height are known when its mapping or list ends. A text past a
limit is refused there, in the memory of the text itself (docs/kader-formaat.md, 'Grenzen').

The bounds also keep every later step small: the loader's recursion, pydantic, the validator.
"""

from __future__ import annotations

from typing import Protocol

import yaml

from meldwijzer.kader.fouten import OnleesbaarKader

# The basis framework has about 1,200 values, nests 8 deep and uses no anchors; a chain of
# 3,000 afwegingen has about 84,000 values. A stored version is read back from its JSON, which
# may be longer than the YAML uploaded (at most 2 MB): hence the room in MAX_TEKENS.
MAX_TEKENS = 8_000_000
MAX_KNOPEN = 200_000  # values (mappings, lists, keys, scalars) with every alias written out
MAX_DIEPTE = 50  # mappings and lists inside each other
MAX_VERWIJZINGEN = 50  # aliases (*naam)

_GEEN_ANKERS = (
    "Een afwegingskader heeft geen ankers (&naam) en verwijzingen (*naam) nodig: schrijf de "
    "gegevens gewoon uit op elke plek waar ze horen."
)


class _Plek(Protocol):
    """A position in the text (PyYAML's and libyaml's marks both have one)."""

    @property
    def line(self) -> int: ...


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class _Open:
    """A mapping or list whose end event has not come yet."""

    __slots__ = ("anker", "begin", "hoogte")

    def __init__(self, anker: str | None, begin: int) -> None:
        self.anker = anker
        self.begin = begin  # values counted before this one
        self.hoogte = 1  # levels of mappings and lists, this one included


class _Meter:
    def __init__(self, bestand: str | None) -> None:
        self.naam = bestand or "invoer"
        self.knopen = 0
        self.verwijzingen = 0
        self.open: list[_Open] = []
        self.ankers: dict[str, tuple[int, int]] = {}  # anchor: (values, height)
        self.open_ankers: set[str] = set()

    def waar(self, mark: _Plek | None) -> str:
        return f"{self.naam}:{mark.line + 1}" if mark else self.naam

    def te_diep(self, mark: _Plek | None) -> OnleesbaarKader:
        return OnleesbaarKader(
            f"{self.waar(mark)}: het bestand is dieper genest dan {MAX_DIEPTE} niveaus "
            "(mappings en lijsten in elkaar); een afwegingskader heeft er hooguit een stuk of "
            "tien nodig. Controleer de inspringing."
        )

    def erbij(self, aantal: int, hoogte: int, event: yaml.Event) -> None:
        """``aantal`` values of ``hoogte`` levels at the current place."""
        self.knopen += aantal
        if self.knopen > MAX_KNOPEN:
            if self.verwijzingen:
                uitleg = (
                    " (met de verwijzingen uitgeschreven): het gebruikt verwijzingen (aliassen, "
                    f"*naam) die steeds weer hele stukken herhalen. {_GEEN_ANKERS}"
                )
            else:
                uitleg = ", waar een afwegingskader er enkele duizenden heeft. Controleer of dit "
                uitleg += "het goede bestand is."
            raise OnleesbaarKader(
                f"{self.waar(event.start_mark)}: het bestand is te groot: meer dan "
                f"{_getal(MAX_KNOPEN)} waarden{uitleg}"
            )
        if self.open:
            if len(self.open) + hoogte > MAX_DIEPTE:
                raise self.te_diep(event.start_mark)
            self.open[-1].hoogte = max(self.open[-1].hoogte, 1 + hoogte)

    def alias(self, event: yaml.AliasEvent) -> None:
        self.verwijzingen += 1
        anker = event.anchor or ""
        if self.verwijzingen > MAX_VERWIJZINGEN:
            raise OnleesbaarKader(
                f"{self.waar(event.start_mark)}: het bestand gebruikt meer dan "
                f"{MAX_VERWIJZINGEN} verwijzingen (aliassen, *naam). {_GEEN_ANKERS}"
            )
        if anker in self.open_ankers:
            raise OnleesbaarKader(
                f"{self.waar(event.start_mark)}: de verwijzing *{anker} staat binnen het anker "
                f"&{anker} zelf en verwijst zo eindeloos naar zichzelf. {_GEEN_ANKERS}"
            )
        # An unknown anchor is the composer's error to report; count it as one value.
        aantal, hoogte = self.ankers.get(anker, (1, 0))
        self.erbij(aantal, hoogte, event)

    def begin(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.open) >= MAX_DIEPTE:
            raise self.te_diep(event.start_mark)
        begin = self.knopen
        self.erbij(1, 0, event)
        self.open.append(_Open(event.anchor, begin))
        if event.anchor is not None:
            self.open_ankers.add(event.anchor)

    def einde(self) -> None:
        klaar = self.open.pop()
        if self.open:
            self.open[-1].hoogte = max(self.open[-1].hoogte, 1 + klaar.hoogte)
        if klaar.anker is not None:
            self.open_ankers.discard(klaar.anker)
            self.ankers[klaar.anker] = (self.knopen - klaar.begin, klaar.hoogte)

    def event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self.erbij(1, 0, event)
            if event.anchor is not None:
                self.ankers[event.anchor] = (1, 0)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.begin(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.einde()
        elif isinstance(event, yaml.DocumentStartEvent):
            self.ankers.clear()  # an anchor holds within its own document


def meet(tekst: str, bestand: str | None, loader: type[yaml.SafeLoader]) -> None:
    """Raise OnleesbaarKader when ``tekst`` passes one of the limits. YAML syntax errors are
    raised as they are (``yaml.YAMLError``), for the caller's own message."""
    meter = _Meter(bestand)
    if len(tekst) > MAX_TEKENS:
        raise OnleesbaarKader(
            f"{meter.naam}: het bestand is groter dan {MAX_TEKENS // 1_000_000} MB; een "
            "afwegingskader is veel kleiner. Controleer of dit het goede bestand is."
        )
    try:
        for event in yaml.parse(tekst, Loader=loader):
            meter.event(event)
    except yaml.MarkedYAMLError as fout:
        # libyaml gives up at 1,000 levels by itself, while reading ahead of its events.
        if "maximum nesting depth" in str(fout.problem):
            raise meter.te_diep(fout.problem_mark) from fout
        raise
