"""Reads of framework versions (docs/adr/0006): which versions exist and who may see them, their
validity periods and which frameworks an organisation can choose. How many casussen use each
version is the dossier's to count (``dossier.lijsten.gebruik_per_versie``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import ziet_conceptkaders
from meldwijzer.catalogus import geldigheid
from meldwijzer.catalogus.models import KaderStatus, KaderVersie
from meldwijzer.catalogus.services import gekozen_kader_id, perioden
from meldwijzer.ids import id_uit
from meldwijzer.kader import meegeleverde_kaders


def zichtbare_kaderversies(membership: Membership | None) -> QuerySet[KaderVersie]:
    """Published versions for every logged-in user; concepts for kaderbeheerders too."""
    qs = KaderVersie.objects.select_related("beroepsorganisatie", "vastgesteld_door")
    if not ziet_conceptkaders(membership):
        qs = qs.filter(status=KaderStatus.VASTGESTELD)
    return qs


def zichtbare_kaderversie(membership: Membership | None, pk: object) -> KaderVersie | None:
    """The version with this id if this membership may see it, else None (also for an id that
    is no id at all: text, a sign, or beyond the database's range)."""
    getal = id_uit(pk)
    if getal is None:
        return None
    return zichtbare_kaderversies(membership).filter(pk=getal).first()


def kaderversie_voor(membership: Membership | None, pk: object) -> KaderVersie:
    """One version this membership may see; 404 otherwise (a concept is not revealed)."""
    versie = zichtbare_kaderversie(membership, pk)
    if versie is None:
        raise Http404("Kaderversie niet gevonden")
    return versie


def geldigheden(kader_id: str) -> dict[int, geldigheid.Geldigheid[int]]:
    """The effective validity period of each published version of a framework, by pk."""
    return {g.sleutel: g for g in geldigheid.effectief(perioden(kader_id))}


@dataclass
class Versieregel:
    versie: KaderVersie
    geldigheid: geldigheid.Geldigheid[int] | None
    vandaag_geldig: bool


@dataclass
class Kaderregel:
    kader_id: str
    titel: str
    beroepsorganisatie: str
    meegeleverd: bool
    versies: list[Versieregel] = field(default_factory=list)

    @property
    def geldige_versie(self) -> KaderVersie | None:
        return next((r.versie for r in self.versies if r.vandaag_geldig), None)


def kaderoverzicht(membership: Membership | None) -> list[Kaderregel]:
    """Every framework with its visible versions, newest first; the validity period of each
    published version and which one is valid today."""
    vandaag = timezone.localdate()
    regels: dict[str, Kaderregel] = {}
    versies = zichtbare_kaderversies(membership).order_by("kader_id", "-geladen_op", "-pk")
    for versie in versies:
        regel = regels.get(versie.kader_id)
        if regel is None:
            regel = regels[versie.kader_id] = Kaderregel(
                kader_id=versie.kader_id,
                titel=versie.titel,
                beroepsorganisatie=(
                    versie.beroepsorganisatie.naam if versie.beroepsorganisatie else ""
                ),
                meegeleverd=versie.kader_id in meegeleverde_kaders(),
            )
        regel.versies.append(Versieregel(versie, None, False))
    for regel in regels.values():
        perioden_ = geldigheden(regel.kader_id)
        for r in regel.versies:
            r.geldigheid = perioden_.get(r.versie.pk)
            r.vandaag_geldig = r.geldigheid is not None and r.geldigheid.bevat(vandaag)
        geldige = next((r for r in regel.versies if r.vandaag_geldig), None)
        if geldige is not None:
            regel.titel = geldige.versie.titel
    return sorted(regels.values(), key=lambda r: (r.kader_id != "basis", r.kader_id))


def kiesbare_kaders(datum: dt.date | None = None) -> list[tuple[str, KaderVersie]]:
    """The frameworks an organisation can choose: each with a published version valid today."""
    datum = datum or timezone.localdate()
    uit = []
    ids = (
        KaderVersie.objects.filter(status=KaderStatus.VASTGESTELD)
        .values_list("kader_id", flat=True)
        .distinct()
        .order_by("kader_id")
    )
    for kader_id in ids:
        pk = geldigheid.geldig_op(perioden(kader_id), datum)
        if pk is not None:
            uit.append((kader_id, KaderVersie.objects.get(pk=pk)))
    return sorted(uit, key=lambda t: (t[0] != "basis", t[0]))


def huidige_keuze(membership: Membership) -> str:
    return gekozen_kader_id(membership.organisatie_id)
