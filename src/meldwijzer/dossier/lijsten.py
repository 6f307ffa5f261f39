"""The casus list's rows, the search by betrokkene and the use of framework versions: reads of
several casussen, each scoped by the reader's visible casussen (selectors.zichtbare_casussen)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, ExpressionWrapper, F, QuerySet, TextField

from meldwijzer.accounts.models import Membership, User
from meldwijzer.accounts.permissions import (
    ziet_alle_casussen,
    ziet_casusinhoud,
)
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.dossier.models import (
    Besluit,
    Betrokkene,
    Casus,
    Fase,
)
from meldwijzer.dossier.selectors import zichtbare_casussen
from meldwijzer.sleutels import sleutelring
from meldwijzer.sleutels.zoekindex import zoekwaarde


class Lijstrij(NamedTuple):
    """One row of the casus list: only what the list shows (docs/performance.md, "Minder ORM
    op de casuspagina's")."""

    uuid: uuid.UUID
    kenmerk: str
    titel: str
    fase: str
    eigenaar: str  # the owner's display name (User.weergavenaam)
    bijgewerkt_op: dt.datetime

    def get_fase_display(self) -> str:
        return str(Fase(self.fase).label)


# The columns of a list row; the title as its stored token (decrypted once its key is loaded).
_LIJSTKOLOMMEN = (
    "uuid",
    "kenmerk",
    "titel_token",
    "fase",
    "eigenaar__first_name",
    "eigenaar__last_name",
    "eigenaar__username",
    "bijgewerkt_op",
    "sleutel_id",
)


def lijstwaarden(casussen: QuerySet[Casus]) -> QuerySet[Casus, tuple[Any, ...]]:
    """A page of the casus list (a slice of ``casussen_lijst``) as tuples of the few columns it
    shows (``lijstrijen`` makes its rows): building 25 casus instances with their owner and
    framework version was most of the list's ORM time. Filters, order and slice stay those of
    ``casussen``; the count for the pages is taken from ``casussen`` itself, without the join."""
    return (
        casussen.select_related(None)
        .annotate(titel_token=ExpressionWrapper(F("titel"), output_field=TextField()))
        .values_list(*_LIJSTKOLOMMEN)
    )


def lijstrijen(waarden: Iterable[tuple[Any, ...]]) -> list[Lijstrij]:
    """Rows from ``lijstwaarden``: the keys of the page's titles loaded in one query (none when
    cached), then each title decrypted as the model field would."""
    waarden = list(waarden)
    sleutelring.vooraf_laden(w[-1] for w in waarden)
    titelveld = Casus._meta.get_field("titel")
    rijen = []
    for w in waarden:
        casus_uuid, kenmerk, token, fase, voornaam, achternaam, gebruiker, bijgewerkt = w[:8]
        naam = User.naam_uit(voornaam, achternaam, gebruiker)
        titel = titelveld.from_db_value(token, None, connection)
        rijen.append(Lijstrij(casus_uuid, kenmerk, titel, fase, naam, bijgewerkt))
    return rijen


@dataclass(frozen=True)
class Zoekresultaat:
    """Casussen of the organisation with the same betrokkene: those this user may open, and how
    many others exist (so the professional knows to ask the aandachtsfunctionaris)."""

    zichtbaar: list[Casus]
    niet_zichtbaar: int


def casussen_met_betrokkene(
    membership: Membership | None, naam: str, geboortedatum: dt.date | None
) -> Zoekresultaat:
    """Find a casus of the same person (name + birth date) in the own organisation through the
    keyed blind index (sleutels.zoekindex): no name is compared or stored readably."""
    if membership is None or not ziet_casusinhoud(membership):
        return Zoekresultaat([], 0)
    waarde = zoekwaarde(membership.organisatie_id, naam, geboortedatum)
    if not waarde:
        return Zoekresultaat([], 0)
    ids = Betrokkene.objects.filter(
        zoekindex=waarde,
        casus__organisatie_id=membership.organisatie_id,
        ingetrokken_op__isnull=True,
    ).values("casus_id")
    zichtbaar = list(zichtbare_casussen(membership).filter(pk__in=ids).order_by("-bijgewerkt_op"))
    overig = (
        Casus.objects.filter(organisatie_id=membership.organisatie_id, pk__in=ids)
        .exclude(pk__in=[c.pk for c in zichtbaar])
        .count()
    )
    return Zoekresultaat(zichtbaar, overig)


# --- the framework versions in use ---------------------------------------------------------------


@dataclass
class Gebruik:
    versie: KaderVersie
    casussen: int
    besluiten: int


def gebruik_per_versie(membership: Membership | None) -> list[Gebruik]:
    """For the aandachtsfunctionaris: per version, how many casussen of the organisation pin it
    and how many besluiten were decided under it (numbers only, no casus content)."""
    if not ziet_alle_casussen(membership):
        return []
    assert membership is not None
    org = membership.organisatie_id
    casussen = dict(
        Casus.objects.filter(organisatie_id=org)
        .values("kader_versie_id")
        .annotate(n=Count("pk"))
        .values_list("kader_versie_id", "n")
    )
    besluiten = dict(
        Besluit.objects.filter(casus__organisatie_id=org)
        .values("kader_versie_id")
        .annotate(n=Count("pk"))
        .values_list("kader_versie_id", "n")
    )
    versies = KaderVersie.objects.filter(pk__in=set(casussen) | set(besluiten)).order_by(
        "kader_id", "-geladen_op"
    )
    return [Gebruik(v, casussen.get(v.pk, 0), besluiten.get(v.pk, 0)) for v in versies]
