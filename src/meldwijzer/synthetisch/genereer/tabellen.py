"""The tables the generator fills: each with its columns (from the model's fields), the next id
and its rows in waiting, and values in the form each backend stores them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection, models

# Made once: ``json.dumps`` with options builds a new encoder every call, and the generator
# serialises a few hundred thousand values per 10,000 casussen.
JSON_GESORTEERD = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _json_gesorteerd() -> Callable[[Any], str]:
    """``JSON_GESORTEERD.encode`` without its cost per call: ``encode`` builds a new C encoder
    for every value (a third of its time for the generator's small dicts); this builds it once
    and reuses it. The same text (tested); no check for circular values, which the generator's
    plain dicts and lists never are."""
    maak = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if maak is None:  # a Python without the C accelerator
        return JSON_GESORTEERD.encode
    e = JSON_GESORTEERD
    encoder = maak(
        None, e.default, json.encoder.encode_basestring, None, e.key_separator,
        e.item_separator, True, False, True,
    )  # fmt: skip
    join = "".join

    def encode(waarde: Any) -> str:
        return join(encoder(waarde, 0))

    return encode


json_gesorteerd = _json_gesorteerd()


def _kolom(model: type[models.Model], naam: str) -> str:
    """The column of field ``naam`` (a field of the model's own: not a reverse relation)."""
    veld = model._meta.get_field(naam)
    assert isinstance(veld, models.Field), naam
    return veld.column


class Tabel:
    """One table: its columns (from the model's fields), the next id, and rows in waiting."""

    def __init__(self, model: type[models.Model], velden: list[str], *, id_zelf: bool = True):
        self.model = model
        self.naam = model._meta.db_table
        self.velden = velden
        self.kolommen = [_kolom(model, v) for v in velden]
        self.rijen: list[tuple[Any, ...]] = []
        self.id_zelf = id_zelf
        self.volgend_id = 1

    def start(self) -> None:
        if self.id_zelf:
            hoogste = self.model._base_manager.aggregate(m=models.Max("pk"))["m"]
            self.volgend_id = (hoogste or 0) + 1

    def nieuw_id(self) -> int:
        i = self.volgend_id
        self.volgend_id += self.stap
        return i

    stap = 1


class Waarden:
    """Python values in the form each backend stores them (as Django's fields would)."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        # The last moment formatted and its text: a record and its audit row share a moment.
        self._moment: Any = None
        self._moment_tekst = ""

    def moment(self, waarde: dt.datetime | None) -> Any:
        if waarde is None or self.pg:
            return waarde
        if waarde is self._moment:
            return self._moment_tekst
        if waarde.tzinfo is dt.UTC and not waarde.microsecond:
            # The generator's moments (whole seconds in UTC): the same text, one call.
            tekst = waarde.isoformat(sep=" ")[:19]
        else:
            tekst = waarde.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        self._moment, self._moment_tekst = waarde, tekst
        return tekst

    def datum(self, waarde: dt.date | None) -> Any:
        if waarde is None or self.pg:
            return waarde
        return waarde.isoformat()

    def uuid(self, waarde: uuid.UUID) -> Any:
        return waarde if self.pg else waarde.hex


# The fields every record of stappen 1-4 and the melding, hulpplan and afsluiting begin with.
VAST = ["casus", "ronde", "vastgelegd_door", "vastgelegd_op"]


def maak_tabellen() -> dict[str, Tabel]:
    """Every table the generator writes, in the order it writes them."""
    return {**_sleutel_en_casus(), **_dossier(), **_stap5(), **_projectie(), **_ketens()}


def _sleutel_en_casus() -> dict[str, Tabel]:
    from meldwijzer.dossier import models as d
    from meldwijzer.sleutels.models import DataSleutel

    return {
        "sleutel": Tabel(
            DataSleutel,
            ["id", "organisatie", "kek_id", "verpakt", "aangemaakt_op", "verpakt_op"],
            id_zelf=False,
        ),
        "casus": Tabel(
            d.Casus,
            [
                "id", "uuid", "organisatie", "eigenaar", "kenmerk", "sleutel", "titel",
                "kader_versie", "route", "fase", "ronde", "conclusie", "aangemaakt_op",
                "bijgewerkt_op", "afgesloten_op", "versie", "onderdeelversies",
                "tijdlijnstand",
            ],
        ),
    }  # fmt: skip


def _dossier() -> dict[str, Tabel]:
    """The records of stappen 1-4."""
    from meldwijzer.dossier import models as d

    return {
        "betrokkene": Tabel(
            d.Betrokkene,
            ["id", *VAST, "rol", "leeftijd", "geboortejaar", "relatie", "naam",
             "geboortedatum", "zoekindex"],
        ),
        "signaal": Tabel(
            d.Signaal,
            ["id", *VAST, "datum", "bron", "bron_wie", "aard", "tekst", "aangevinkt",
             "vormen", "speculatief_bevestigd"],
        ),
        "consultatie": Tabel(
            d.Consultatie, ["id", *VAST, "met_wie", "naam_functie", "datum", "advies"]
        ),
        "gesprek": Tabel(
            d.Gesprek,
            ["id", *VAST, "gevoerd", "met_wie", "datum", "reactie", "reden_geen_gesprek",
             "toelichting"],
        ),
        "weging": Tabel(
            d.Weging,
            ["id", *VAST, "datum", "aard_en_ernst", "risicofactoren",
             "beschermende_factoren"],
        ),
    }  # fmt: skip


def _stap5() -> dict[str, Tabel]:
    """Answers, besluiten and what follows them."""
    from meldwijzer.dossier import models as d

    return {
        "antwoord": Tabel(
            d.Antwoord,
            ["id", "casus", "ronde", "afweging", "antwoord", "toelichting", "signalen", "bronnen",
             "samen_met_veilig_thuis", "vt_contact", "vt_datum", "voorwaarden",
             "beantwoord_door", "beantwoord_op", "ingetrokken_op"],
        ),
        "besluit": Tabel(
            d.Besluit,
            ["id", "casus", "ronde", "volgnummer", "kader_versie", "antwoorden", "signalen",
             "uitkomst", "vervangt", "vastgelegd_door", "vastgelegd_op"],
        ),
        "melding": Tabel(
            d.Melding,
            ["id", *VAST, "besluit", "spoed", "spoed_reden", "datum", "wijze", "vt_contact",
             "vt_kenmerk", "vooraf_geinformeerd", "hoe_geinformeerd",
             "reden_niet_geinformeerd", "toelichting_niet_geinformeerd"],
        ),
        "hulpplan": Tabel(
            d.Hulpplan,
            ["id", *VAST, "volgnummer", "vervangt", "datum", "doelen", "resultaten",
             "wie_doet_wat", "monitoring", "meerdere_beroepskrachten", "casusregie",
             "evaluatiedata"],
        ),
        "afsluiting": Tabel(
            d.Afsluiting,
            ["id", *VAST, "besluit", "soort", "datum", "conclusie", "casusregie_door",
             "vt_contact", "vt_datum"],
        ),
    }  # fmt: skip


def _projectie() -> dict[str, Tabel]:
    """What rapportage.projectie derives from the dossier."""
    from meldwijzer.rapportage.models import Mijlpaal, Termijn

    return {
        "termijn": Tabel(
            Termijn,
            ["id", "organisatie", "casus", "ronde", "fase", "sleutel", "soort",
             "verantwoordelijke", "telwijze", "startdatum", "aantal", "eenheid", "uiterlijk",
             "open", "aangemaakt_op", "gesloten_op", "omschrijving"],
        ),
        "mijlpaal": Tabel(
            Mijlpaal,
            ["id", "organisatie", "casus", "eigenaar", "sleutel", "soort", "datum",
             "uitkomst", "dagen"],
        ),
    }  # fmt: skip


def _ketens() -> dict[str, Tabel]:
    """The audit trail and the access log, each an HMAC chain per organisation."""
    from meldwijzer.audit.models import Gebeurtenis, Toegang

    return {
        "gebeurtenis": Tabel(
            Gebeurtenis,
            ["id", "organisatie", "casus", "actor", "actor_naam", "actor_rol", "tijdstip",
             "soort", "object_type", "object_id", "oud", "nieuw", "reden", "volgnummer",
             "keten_hash"],
        ),
        "toegang": Tabel(
            Toegang,
            ["id", "organisatie", "gebruiker", "rol", "casus", "betrokkene_id", "actie",
             "uitkomst", "grondslag", "namens", "onderdeel", "details", "ip_adres",
             "tijdstip", "volgnummer", "keten_hash"],
        ),
    }  # fmt: skip
