"""Writes of framework versions: stored once per content hash (DESIGN.md, 'Layers')."""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, transaction

from meldwijzer.dossier.models import KaderVersie
from meldwijzer.kader import Afwegingskader, laad_kader
from meldwijzer.kader.export import als_json


def kader_inhoud(kader: Afwegingskader) -> dict[str, Any]:
    """The full content to store: the framework file format as JSON (without the export's
    extra top-level ``hash``, which has its own column)."""
    inhoud: dict[str, Any] = json.loads(als_json(kader))
    inhoud.pop("hash", None)
    return inhoud


def laad_kaderversie(kader: Afwegingskader) -> KaderVersie:
    """Store a framework version (keyed by content hash); idempotent."""
    bestaand = KaderVersie.objects.filter(hash=kader.hash).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            return KaderVersie.objects.create(
                kader_id=kader.id,
                versie=kader.versie,
                titel=kader.model.titel,
                hash=kader.hash,
                inhoud=kader_inhoud(kader),
            )
    except IntegrityError:
        return KaderVersie.objects.get(hash=kader.hash)


def actuele_kaderversie(kader_id: str = "basis") -> KaderVersie:
    """The version a new casus starts with: the shipped framework, loaded if needed."""
    return laad_kaderversie(laad_kader(kader_id))
