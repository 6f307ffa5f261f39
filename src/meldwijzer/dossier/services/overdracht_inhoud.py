"""Casus transfer (services.transfer): refusing an unreadable file, and the references inside a
row's content that are renumbered between the file and the database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from meldwijzer.dossier.models import Antwoord, Besluit, Correctie


def onleesbaar(reden: str = "") -> ValidationError:
    tekst = _(
        "Dit bestand is geen leesbare casus-overdracht van Meldwijzer, of het wachtwoord klopt "
        "niet. Controleer het wachtwoord en vraag anders de afzender om een nieuw bestand. Er is "
        "niets opgeslagen."
    )
    if reden:
        tekst = f"{tekst} ({reden})"
    return ValidationError(tekst)


def hernummer(bronnen: Any, nummers: Mapping[int, int]) -> dict[str, list[int]]:
    """The signalen behind each ticked item, by their numbers in the file (or back)."""
    if not isinstance(bronnen, dict):
        raise onleesbaar("bronnen")
    try:
        return {str(item): [nummers[i] for i in ids] for item, ids in bronnen.items()}
    except (KeyError, TypeError) as fout:
        raise onleesbaar("bronnen") from fout


def binnen_de_inhoud(
    model: type[models.Model],
    waarden: dict[str, Any],
    nieuwe_ids: dict[str, dict[int, int]],
    *,
    van: str,
    naam: str | None,
) -> None:
    """References inside a row's content: who answered (the sending organisation), the
    signalen behind ticked items, the record a correction is about."""
    signalen = nieuwe_ids.get("signaal", {})
    if model is Besluit:
        waarden["antwoorden"] = [
            {
                **a,
                "beantwoord_door": van,
                **({"bronnen": hernummer(a["bronnen"], signalen)} if "bronnen" in a else {}),
            }
            if isinstance(a, dict)
            else a
            for a in waarden.get("antwoorden") or []
        ]
    elif model is Antwoord and "bronnen" in waarden:
        waarden["bronnen"] = hernummer(waarden["bronnen"], signalen)
    elif model is Correctie:
        doel = nieuwe_ids.get(str(waarden.get("soort")), {})
        if waarden.get("object_id") not in doel:
            raise onleesbaar(f"{naam}: verwijzing object_id")
        waarden["object_id"] = doel[waarden["object_id"]]
