"""PyYAML's and libyaml's syntax errors in Dutch, for the loader (:mod:`meldwijzer.kader.laden`).

Their messages are English and sometimes technical ("did not find expected key"); a kaderbeheerder
needs a Dutch sentence that says what is probably wrong and what to do. Each known message maps to
one; an unknown one gets a general sentence, never the English.
"""

from __future__ import annotations

import yaml

# libyaml's message (or its start, for messages with a detail after it) → what it means.
_BETEKENIS: tuple[tuple[str, str], ...] = (
    (
        "cannot start any token",
        "een teken waarmee geen waarde kan beginnen: vaak een tab (spring in met spaties) of een "
        "tekst die met @, ` of % begint (zet die tussen aanhalingstekens)",
    ),
    (
        "found a tab character",
        "een tab in de inspringing: spring in met spaties",
    ),
    (
        "mapping values are not allowed",
        "een dubbele punt die hier niet kan: staat er ': ' in een tekst, zet die tekst dan tussen "
        "aanhalingstekens",
    ),
    (
        "mapping keys are not allowed",
        "een veldnaam op een plek waar dat niet kan: controleer de inspringing",
    ),
    (
        "block sequence entries are not allowed",
        "een lijstitem ('- ') op een plek waar dat niet kan: controleer de inspringing",
    ),
    (
        "did not find expected key",
        "hier hoort een veld (naam: waarde) op dezelfde inspringing als de velden erboven",
    ),
    (
        "did not find expected '-' indicator",
        "hier hoort een lijstitem ('- ') op dezelfde inspringing als de items erboven",
    ),
    (
        "',' or ']'",
        "een lijst tussen [ ] die niet gesloten wordt, of waarin een komma ontbreekt",
    ),
    (
        "',' or '}'",
        "een mapping tussen { } die niet gesloten wordt, of waarin een komma ontbreekt",
    ),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    (
        "did not find expected comment or line break",
        "tekst achter een waarde, na een sluitend aanhalingsteken of haakje",
    ),
    ("could not find expected ':'", "een veld zonder dubbele punt (naam: waarde)"),
    ("found unexpected ':'", "een dubbele punt op een onverwachte plek"),
    (
        "found unexpected end of stream",
        "het bestand houdt op midden in een waarde: wordt een aanhalingsteken of haakje niet "
        "gesloten?",
    ),
    ("found unexpected document indicator", "'---' of '...' midden in een tekst"),
    (
        "found undefined alias",
        "een verwijzing (*naam) naar een anker (&naam) dat er niet (eerder) is",
    ),
    ("second occurrence", "hetzelfde anker (&naam) voor de tweede keer"),
    ("found duplicate anchor", "hetzelfde anker (&naam) voor de tweede keer"),
    (
        "expected alphabetic or numeric character",
        "een anker of verwijzing (& of *) zonder naam",
    ),
    (
        "could not determine a constructor for the tag",
        "een YAML-tag (!…) die een afwegingskader niet kent: haal de tag weg",
    ),
    (
        "but found another document",
        "meer dan één document ('---'): een kaderbestand is één document",
    ),
    (
        "expected a single document",
        "meer dan één document ('---'): een kaderbestand is één document",
    ),
    (
        "Unicode character escape code",
        "een ongeldige \\u-code in een tekst tussen dubbele aanhalingstekens",
    ),
    (
        "hex",
        "een ongeldige \\u- of \\x-code in een tekst tussen dubbele aanhalingstekens",
    ),
    (
        "expected <block end>",
        "een blok dat hier niet goed eindigt: controleer de inspringing",
    ),
    ("found undefined tag handle", "een YAML-tag (!…) die niet bestaat: haal de tag weg"),
    ("found unknown directive name", "een regel die met % begint en die YAML niet kent"),
    ("indentation indicator", "een tekstblok (| of >) met inspringing 0"),
    (
        "found unknown escape character",
        "een onbekende \\-code in een tekst tussen dubbele aanhalingstekens: schrijf een \\ als "
        "\\\\, of gebruik enkele aanhalingstekens",
    ),
    (
        "control characters are not allowed",
        "een onzichtbaar stuurteken: haal het weg (het komt vaak mee bij kopiëren uit een ander "
        "programma)",
    ),
    ("special characters are not allowed", "een onzichtbaar stuurteken: haal het weg"),
    ("unacceptable character", "een onzichtbaar stuurteken: haal het weg"),
    ("invalid", "tekens die geen geldige UTF-8 zijn: sla het bestand op als UTF-8"),
    ("incomplete", "tekens die geen geldige UTF-8 zijn: sla het bestand op als UTF-8"),
)

_ALGEMEEN = "de opbouw klopt hier niet"


def betekenis(fout: yaml.YAMLError) -> str:
    """What a YAML error means, in Dutch."""
    teksten = [
        str(x) for x in (getattr(fout, "problem", None), getattr(fout, "context", None), fout) if x
    ]
    for tekst in teksten:
        for engels, nederlands in _BETEKENIS:
            if engels in tekst:
                return nederlands
    return _ALGEMEEN


def regel(fout: yaml.YAMLError, tekst: str) -> int | None:
    """The line (1-based) the error is on, if it says."""
    mark = getattr(fout, "problem_mark", None) or getattr(fout, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    positie = getattr(fout, "position", None)  # a ReaderError knows its character
    if isinstance(positie, int):
        return tekst.count("\n", 0, positie) + 1
    return None


def melding(fout: yaml.YAMLError, tekst: str, bestand: str | None) -> str:
    """The whole Dutch message: where, what, and what to check."""
    naam = bestand or "invoer"
    nummer = regel(fout, tekst)
    waar = naam if nummer is None else f"{naam}:{nummer}"
    wat = betekenis(fout)
    punt = "" if wat.endswith("?") else "."
    return (
        f"{waar}: geen geldige YAML: {wat}{punt} Controleer inspringing, dubbele punten en "
        "aanhalingstekens rond deze regel."
    )
