"""Writes of framework versions: stored once per content hash, published with a validity
period that never overlaps another version's (DESIGN.md, 'Layers'; docs/adr/0006).

The operator's side lives here (the shipped frameworks, ``meldwijzer kader importeer`` and
``publiceer``); what a kaderbeheerder and an organisation's beheerder do in the app is in
:mod:`meldwijzer.catalogus.beheer`, on top of these.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Organisatie, User
from meldwijzer.catalogus import geldigheid
from meldwijzer.catalogus.models import Kaderkeuze, KaderStatus, KaderVersie
from meldwijzer.kader import (
    BASIS,
    Afwegingskader,
    Ernst,
    Probleem,
    controleer_tekst,
    laad_kader,
    meegeleverde_kaders,
)
from meldwijzer.kader.export import als_json
from meldwijzer.kader.model import Status


def kader_inhoud(kader: Afwegingskader) -> dict[str, Any]:
    """The full content to store: the framework file format as JSON (without the export's
    extra top-level ``hash``, which has its own column)."""
    inhoud: dict[str, Any] = json.loads(als_json(kader))
    inhoud.pop("hash", None)
    return inhoud


def _fout(tekst: str, veld: str | None = None) -> ValidationError:
    return ValidationError({veld: [tekst]} if veld else [tekst])


@transaction.atomic
def laad_kaderversie(
    kader: Afwegingskader,
    *,
    status: KaderStatus = KaderStatus.CONCEPT,
    bestandsnaam: str = "",
    door: User | None = None,
    beroepsorganisatie: Organisatie | None = None,
) -> KaderVersie:
    """Store a framework version (keyed by content hash) as a concept; idempotent.

    With ``status=VASTGESTELD`` a new row is published at once, valid from the file's own date:
    only for the frameworks shipped as vastgesteld (``laadkaders``), which are the first version
    of their id. Refuses a different text under an id@versie that is already published.
    """
    bestaand = KaderVersie.objects.filter(hash=kader.hash).first()
    if bestaand is not None:
        return bestaand
    andere = KaderVersie.objects.filter(kader_id=kader.id, versie=kader.versie).first()
    if andere is not None:
        if andere.is_vastgesteld:
            raise _fout(
                _(
                    "Versie %(versie)s van kader %(kader)s is al vastgesteld, met andere inhoud. "
                    "Een vastgestelde versie verandert nooit: geef het bestand een nieuw "
                    "versienummer."
                )
                % {"versie": kader.versie, "kader": kader.id}
            )
        verwijder_concept(andere)  # a concept is replaced by its corrected text
    vastgesteld = status == KaderStatus.VASTGESTELD
    if vastgesteld:
        _controleer_periode(kader.id, kader.model.geldig_vanaf, None, terugwerkend=True)
    try:
        with transaction.atomic():
            return KaderVersie.objects.create(
                kader_id=kader.id,
                versie=kader.versie,
                titel=kader.model.titel,
                hash=kader.hash,
                inhoud=kader_inhoud(kader),
                status=status,
                geldig_vanaf=kader.model.geldig_vanaf if vastgesteld else None,
                vastgesteld_op=timezone.now() if vastgesteld else None,
                geimporteerd_door=door,
                beroepsorganisatie=beroepsorganisatie,
                bestandsnaam=bestandsnaam[:255],
            )
    except IntegrityError:
        return KaderVersie.objects.get(hash=kader.hash)


def laad_meegeleverd_kader(kader_id: str) -> KaderVersie:
    """A shipped framework in the versions table, with the status its file states: `basis` is
    vastgesteld from its own date; the examples stay concept until someone publishes them."""
    kader = laad_kader(kader_id)
    status = (
        KaderStatus.VASTGESTELD
        if kader.model.status is Status.VASTGESTELD
        and not KaderVersie.objects.filter(kader_id=kader.id, status=KaderStatus.VASTGESTELD)
        .exclude(hash=kader.hash)
        .exists()
        else KaderStatus.CONCEPT
    )
    return laad_kaderversie(kader, status=status, bestandsnaam=f"{kader_id}.yaml")


# --- validity ----------------------------------------------------------------------------------


def perioden(kader_id: str) -> list[geldigheid.Periode[int]]:
    rijen = KaderVersie.objects.filter(kader_id=kader_id, status=KaderStatus.VASTGESTELD)
    return [
        geldigheid.Periode(r.pk, r.geldig_vanaf, r.geldig_tot)
        for r in rijen.only("pk", "geldig_vanaf", "geldig_tot")
        if r.geldig_vanaf is not None
    ]


def geldige_kaderversie(kader_id: str, datum: dt.date | None = None) -> KaderVersie | None:
    """The published version of this framework that is valid on ``datum`` (today)."""
    pk = geldigheid.geldig_op(perioden(kader_id), datum or timezone.localdate())
    return None if pk is None else KaderVersie.objects.get(pk=pk)


def _datum(datum: dt.date) -> str:
    return datumtekst.datum(datum)


def _periode_tekst(versie: KaderVersie, g: geldigheid.Geldigheid[int]) -> str:
    if g.tot is None:
        return _("versie %(versie)s, geldig vanaf %(vanaf)s") % {
            "versie": versie.versie,
            "vanaf": _datum(g.vanaf),
        }
    return _("versie %(versie)s, geldig van %(vanaf)s tot en met %(tot)s") % {
        "versie": versie.versie,
        "vanaf": _datum(g.vanaf),
        "tot": _datum(g.tot),
    }


def _controleer_periode(
    kader_id: str,
    vanaf: dt.date | None,
    tot: dt.date | None,
    *,
    terugwerkend: bool = False,
) -> None:
    """Refuse a validity period that is incomplete, retroactive or overlapping (Dutch, per
    field). ``terugwerkend`` allows a first day in the past (the shipped frameworks)."""
    if vanaf is None:
        raise _fout(_("Vul de datum in vanaf wanneer deze versie geldt."), "geldig_vanaf")
    if tot is not None and tot < vanaf:
        raise _fout(
            _("De einddatum ligt vóór de begindatum; kies een latere einddatum."), "geldig_tot"
        )
    vandaag = timezone.localdate()
    if vanaf < vandaag and not terugwerkend:
        raise _fout(
            _(
                "Een versie wordt nooit met terugwerkende kracht vastgesteld: casussen die al "
                "liepen, hielden hun versie. Kies vandaag of een latere datum."
            ),
            "geldig_vanaf",
        )
    bestaand = perioden(kader_id)
    botsing = geldigheid.overlap(bestaand, geldigheid.Periode(None, vanaf, tot))
    if botsing is not None:
        andere = KaderVersie.objects.get(pk=botsing.sleutel)
        if botsing.tot is None:
            advies = _("Kies een datum na %(datum)s.") % {"datum": _datum(botsing.vanaf)}
        else:
            advies = _("Kies een periode die daar niet in valt, bijvoorbeeld vanaf %(datum)s.") % {
                "datum": _datum(botsing.tot + geldigheid.EEN_DAG)
            }
        raise _fout(
            _("Deze geldigheid overlapt met %(andere)s. %(advies)s")
            % {"andere": _periode_tekst(andere, botsing), "advies": advies},
            "geldig_vanaf",
        )


@transaction.atomic
def publiceer_kaderversie(
    versie: KaderVersie,
    *,
    geldig_vanaf: dt.date | None,
    geldig_tot: dt.date | None = None,
    door: User | None = None,
) -> KaderVersie:
    """Publish (vaststellen) a concept version with its validity period; from now on it never
    changes. The versions of the same framework are locked while the period is checked, so two
    publications at once cannot both take the same days."""
    list(KaderVersie.objects.select_for_update().filter(kader_id=versie.kader_id).values("pk"))
    vast = KaderVersie.objects.get(pk=versie.pk)
    if vast.is_vastgesteld:
        raise _fout(
            _("Versie %(versie)s van %(kader)s is al vastgesteld.")
            % {"versie": vast.versie, "kader": vast.kader_id}
        )
    vast.kader()  # the stored content still compiles and validates (and matches its hash)
    _controleer_periode(vast.kader_id, geldig_vanaf, geldig_tot)
    vast.status = KaderStatus.VASTGESTELD
    vast.geldig_vanaf = geldig_vanaf
    vast.geldig_tot = geldig_tot
    vast.vastgesteld_op = timezone.now()
    vast.vastgesteld_door = door
    vast.save()
    return vast


# --- importing a file ----------------------------------------------------------------------


@dataclass
class Importuitslag:
    """What importing a framework file did: the stored version, or every problem found."""

    versie: KaderVersie | None = None
    problemen: list[Probleem] = field(default_factory=list)
    bestond_al: bool = False

    @property
    def fouten(self) -> list[Probleem]:
        """The errors, in the order of the file's lines."""
        return _op_regel([p for p in self.problemen if p.ernst is Ernst.FOUT])

    @property
    def opmerkingen(self) -> list[Probleem]:
        return _op_regel([p for p in self.problemen if p.ernst is not Ernst.FOUT])


def _op_regel(problemen: list[Probleem]) -> list[Probleem]:
    return sorted(problemen, key=lambda p: (p.regel is None, p.regel or 0))


def importeer_kadertekst(
    tekst: str,
    bestandsnaam: str,
    *,
    door: User | None = None,
    beroepsorganisatie: Organisatie | None = None,
    meegeleverd_toegestaan: bool = True,
) -> Importuitslag:
    """Validate a framework file and store it as a concept version.

    Raises ``OnleesbaarKader`` when the text is not YAML at all; a file with errors returns
    every problem (with its line) and stores nothing; refusals about ids and versions are
    Dutch ``ValidationError``s. Without ``beroepsorganisatie`` a new version keeps the owner of
    the framework's earlier versions.
    """
    kader, problemen = controleer_tekst(tekst, bestandsnaam)
    if kader is None:
        return Importuitslag(None, problemen)
    if not meegeleverd_toegestaan and kader.id in meegeleverde_kaders():
        raise _fout(
            _(
                "Het id '%(id)s' hoort bij een kader dat met Meldwijzer wordt meegeleverd. Geef "
                "uw eigen kader een eigen id (het veld id bovenaan het bestand)."
            )
            % {"id": kader.id}
        )
    eigenaar_ids = set(
        KaderVersie.objects.filter(kader_id=kader.id).values_list(
            "beroepsorganisatie_id", flat=True
        )
    )
    if beroepsorganisatie is None:
        eigenaar_id = next(iter(eigenaar_ids), None)
    else:
        eigenaar_id = beroepsorganisatie.pk
        if eigenaar_ids - {eigenaar_id}:
            raise _fout(
                _(
                    "Kader '%(id)s' wordt niet door uw beroepsorganisatie beheerd. Geef uw "
                    "kader een eigen id (het veld id bovenaan het bestand)."
                )
                % {"id": kader.id}
            )
    bestaand = KaderVersie.objects.filter(hash=kader.hash).first()
    if bestaand is not None:
        return Importuitslag(bestaand, problemen, bestond_al=True)
    with transaction.atomic():
        versie = laad_kaderversie(
            kader,
            bestandsnaam=bestandsnaam,
            door=door,
            beroepsorganisatie=Organisatie.objects.get(pk=eigenaar_id) if eigenaar_id else None,
        )
    return Importuitslag(versie, problemen)


# --- the organisation's framework --------------------------------------------------------------


def gekozen_kader_id(organisatie_id: int) -> str:
    """The framework an organisation chose (basis until its beheerder chooses another)."""
    keuze = (
        Kaderkeuze.objects.filter(organisatie_id=organisatie_id)
        .order_by("-gekozen_op", "-pk")
        .values_list("kader_id", flat=True)
        .first()
    )
    return keuze or BASIS


def kaderversie_voor_organisatie(organisatie_id: int, datum: dt.date | None = None) -> KaderVersie:
    """The version a new casus of this organisation starts with: the version of its chosen
    framework valid today (`basis` is loaded from the shipped file when the table lacks it)."""
    kader_id = gekozen_kader_id(organisatie_id)
    versie = geldige_kaderversie(kader_id, datum)
    if versie is None and kader_id in meegeleverde_kaders():
        laad_meegeleverd_kader(kader_id)
        versie = geldige_kaderversie(kader_id, datum)
    if versie is None:
        raise _fout(
            _(
                "Voor het afwegingskader '%(kader)s' van uw organisatie is vandaag geen "
                "vastgestelde versie geldig. Vraag uw functioneel beheerder een ander kader te "
                "kiezen."
            )
            % {"kader": kader_id}
        )
    return versie


def actuele_kaderversie(kader_id: str = BASIS) -> KaderVersie:
    """The published version of a framework valid today; a shipped one is loaded if needed."""
    versie = geldige_kaderversie(kader_id)
    if versie is None and kader_id in meegeleverde_kaders():
        laad_meegeleverd_kader(kader_id)
        versie = geldige_kaderversie(kader_id)
    if versie is None:
        raise _fout(
            _("Van kader '%(kader)s' is vandaag geen versie vastgesteld.") % {"kader": kader_id}
        )
    return versie


def verwijder_concept(versie: KaderVersie) -> None:
    """Delete a concept version; a Dutch ``ValidationError`` while anything refers to it.

    A casus never starts under a concept and a transfer file naming one is refused, but a
    database from before those checks may still hold such a casus: the concept then stays,
    and the kaderbeheerder is told why instead of meeting a server error."""
    try:
        with transaction.atomic():
            versie.delete()
    except ProtectedError as fout:
        raise _fout(
            _(
                "Concept %(kader)s wordt nog gebruikt door %(aantal)d casus(sen) en kan daarom "
                "niet weg. Vraag de beheerder van Meldwijzer om die casussen eerst onder een "
                "vastgestelde versie te brengen, of geef uw nieuwe tekst een ander "
                "versienummer."
            )
            % {"kader": versie.verwijzing, "aantal": len(fout.protected_objects)}
        ) from fout
