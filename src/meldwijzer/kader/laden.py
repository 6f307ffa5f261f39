"""Reading framework files: YAML with line numbers, Dutch errors, and the content hash.

PyYAML's composer keeps the position of every node; we build the plain data ourselves from the
node tree so that each value's path (``("routes", 0, "afwegingen", 1)``) maps to its line. That
lets both the schema errors of pydantic and the graph checks of the validator say where to look.

Before anything is built, :func:`meldwijzer.kader.grenzen.meet` measures what the text asks for
(its values with every alias written out, its nesting, its aliases) and refuses too much.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from meldwijzer.kader import yamlfouten
from meldwijzer.kader.fouten import OngeldigKader, OnleesbaarKader, Probleem
from meldwijzer.kader.grenzen import MAX_TEKENS, meet
from meldwijzer.kader.model import Kader
from meldwijzer.kader.overname import FOUTSOORT

Pad = tuple[str | int, ...]

# libyaml's loader is ten times faster than the pure-Python one and gives the same nodes and marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Regels:
    """Maps the path of a value in the file to the line it starts on (1-based)."""

    def __init__(self, regels: dict[Pad, int] | None = None) -> None:
        self._regels = regels or {}

    def regel(self, pad: Pad) -> int | None:
        # A missing field has no line of its own: fall back to its nearest parent.
        for lengte in range(len(pad), -1, -1):
            gevonden = self._regels.get(pad[:lengte])
            if gevonden is not None:
                return gevonden
        return None


def pad_als_tekst(pad: Pad) -> str:
    tekst = ""
    for deel in pad:
        tekst += f"[{deel}]" if isinstance(deel, int) else (f".{deel}" if tekst else deel)
    return tekst


def _bouw(
    node: yaml.Node,
    pad: Pad,
    regels: dict[Pad, int],
    loader: yaml.SafeLoader,
    problemen: list[Probleem],
) -> Any:
    regels[pad] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        resultaat: dict[str, Any] = {}
        for sleutel_node, waarde_node in node.value:
            sleutel = _waarde(loader, sleutel_node)
            if not isinstance(sleutel, str):
                sleutel = str(sleutel)
            if sleutel in resultaat:
                problemen.append(
                    Probleem(
                        f"Het veld '{sleutel}' staat hier twee keer; verwijder een van beide.",
                        pad_als_tekst((*pad, sleutel)),
                        sleutel_node.start_mark.line + 1,
                    )
                )
                continue
            resultaat[sleutel] = _bouw(waarde_node, (*pad, sleutel), regels, loader, problemen)
        return resultaat
    if isinstance(node, yaml.SequenceNode):
        return [
            _bouw(kind, (*pad, i), regels, loader, problemen) for i, kind in enumerate(node.value)
        ]
    return _waarde(loader, node)


class _GeenDatum(Exception):
    """A scalar that looks like a date but is none (2026-13-45): YAML's constructor fails on it
    with Python's own ValueError, not with a YAML error."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__(node.value)
        self.regel = node.start_mark.line + 1
        self.waarde = str(node.value)


def _waarde(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as fout:
        raise _GeenDatum(node) from fout


def lees_yaml(tekst: str, bestand: str | None = None) -> tuple[Any, Regels, list[Probleem]]:
    """Parse a framework file into plain data plus a line map; syntax errors raise
    OnleesbaarKader, and so does a file that is not a mapping."""
    data, regels, problemen = lees_yaml_boom(tekst, bestand)
    if not isinstance(data, dict):
        raise OnleesbaarKader(
            f"{bestand or 'invoer'}: een afwegingskader is een YAML-mapping met velden als "
            "'id', 'titel' en 'routes', geen losse waarde of lijst."
        )
    return data, regels, problemen


def lees_yaml_boom(tekst: str, bestand: str | None = None) -> tuple[Any, Regels, list[Probleem]]:
    """Parse any YAML document (also a list) into plain data plus a line map.

    Raises OnleesbaarKader for a text that is not YAML, or that asks more than the limits in
    :mod:`meldwijzer.kader.grenzen` allow."""
    loader = _Loader(tekst)
    try:
        meet(tekst, bestand, _Loader)
        node = loader.get_single_node()
        if node is None:
            raise OnleesbaarKader(f"{bestand or 'invoer'}: het bestand is leeg.")
        regels: dict[Pad, int] = {}
        problemen: list[Probleem] = []
        data = _bouw(node, (), regels, loader, problemen)
    except yaml.YAMLError as fout:
        raise OnleesbaarKader(yamlfouten.melding(fout, tekst, bestand)) from fout
    except _GeenDatum as fout:
        raise OnleesbaarKader(
            f"{bestand or 'invoer'}:{fout.regel}: '{fout.waarde}' lijkt een datum, maar die "
            "bestaat niet. Schrijf een bestaande datum (JJJJ-MM-DD), of zet de waarde tussen "
            "aanhalingstekens als het tekst is."
        ) from fout
    finally:
        loader.dispose()
    for probleem in problemen:
        object.__setattr__(probleem, "bestand", bestand)
    return data, Regels(regels), problemen


_MELDINGEN: dict[str, str] = {
    "missing": "Het veld '{veld}' ontbreekt; voeg het toe.",
    "extra_forbidden": "Onbekend veld '{veld}'; verwijder het of controleer de spelling.",
    "string_type": 'Hier hoort tekst; zet de waarde tussen aanhalingstekens (bijvoorbeeld "2").',
    "string_too_short": "Deze tekst mag niet leeg zijn.",
    "string_too_long": "Deze tekst is te lang (ten hoogste {max_length} tekens).",
    "string_pattern_mismatch": (
        "'{invoer}' is geen geldige id: gebruik letters, cijfers, punt, liggend streepje of "
        "minteken, zonder spaties."
    ),
    "enum": "'{invoer}' is hier niet toegestaan; kies uit {expected}.",
    "too_short": "Deze lijst moet ten minste {min_length} onderdeel/onderdelen hebben.",
    "list_type": "Hier hoort een lijst (regels die met '- ' beginnen).",
    "model_type": "Hier hoort een mapping met velden (sleutel: waarde).",
    "dict_type": "Hier hoort een mapping met velden (sleutel: waarde).",
    "model_attributes_type": "Hier hoort een mapping met velden (sleutel: waarde).",
    "date_type": "Hier hoort een datum in de vorm JJJJ-MM-DD.",
    "date_parsing": "Hier hoort een datum in de vorm JJJJ-MM-DD.",
    "date_from_datetime_parsing": "Hier hoort een datum in de vorm JJJJ-MM-DD.",
    "date_from_datetime_inexact": "Hier hoort een datum zonder tijd (JJJJ-MM-DD).",
    "int_type": "Hier hoort een geheel getal.",
    "int_parsing": "Hier hoort een geheel getal.",
    "int_from_float": "Hier hoort een geheel getal.",
    "bool_type": "Hier hoort true of false.",
    "bool_parsing": "Hier hoort true of false.",
    "greater_than_equal": "De waarde moet ten minste {ge} zijn.",
    "less_than_equal": "De waarde mag ten hoogste {le} zijn.",
}


def _dutch(fout: Mapping[str, Any], pad: Pad) -> str:
    soort = str(fout.get("type", ""))
    ctx = dict(fout.get("ctx") or {})
    veld = str(pad[-1]) if pad else ""
    invoer = fout.get("input")
    if soort == FOUTSOORT:
        return str(fout.get("msg", ""))
    sjabloon = _MELDINGEN.get(soort)
    if sjabloon is None:
        return f"Ongeldige waarde: {fout.get('msg', soort)}."
    # pydantic joins enum choices with an English 'or'.
    waarden = {k: str(v).replace("' or '", "' of '") for k, v in ctx.items()}
    return sjabloon.format(veld=veld, invoer=invoer, **waarden)


def problemen_uit_validatie(
    fout: ValidationError, regels: Regels, bestand: str | None
) -> list[Probleem]:
    problemen: list[Probleem] = []
    for item in fout.errors():
        pad: Pad = tuple(item["loc"])
        problemen.append(
            Probleem(_dutch(item, pad), pad_als_tekst(pad), regels.regel(pad), bestand)
        )
    return problemen


def inhoud_hash(kader: Kader) -> str:
    """Content hash: SHA-256 of the canonical JSON of the model, so formatting never counts."""
    canoniek = json.dumps(
        kader.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canoniek.encode("utf-8")).hexdigest()


def model_uit_tekst(tekst: str, bestand: str | None = None) -> tuple[Kader, Regels]:
    """Parse and schema-check a framework; raises OnleesbaarKader or OngeldigKader."""
    data, regels, problemen = lees_yaml(tekst, bestand)
    try:
        kader = Kader.model_validate(data)
    except ValidationError as fout:
        raise OngeldigKader(problemen + problemen_uit_validatie(fout, regels, bestand)) from fout
    if problemen:
        raise OngeldigKader(problemen)
    return kader, regels


def lees_bestand(pad: Path) -> str:
    """The text of a file, read no further than one character past MAX_TEKENS: the loader
    refuses a longer text anyway, so a huge file never has to fit in memory."""
    try:
        with pad.open(encoding="utf-8") as bestand:
            return bestand.read(MAX_TEKENS + 1)
    except FileNotFoundError as fout:
        raise OnleesbaarKader(f"{pad}: bestand niet gevonden.") from fout
    except IsADirectoryError as fout:
        raise OnleesbaarKader(f"{pad}: dit is een map, geen bestand.") from fout
    except UnicodeDecodeError as fout:
        raise OnleesbaarKader(f"{pad}: het bestand is geen UTF-8-tekst.") from fout
    except OSError as fout:
        raise OnleesbaarKader(f"{pad}: kan het bestand niet lezen ({fout.strerror}).") from fout
