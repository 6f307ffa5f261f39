"""Retention: a closed casus is erased when its organisation's retention period has passed.

Erasing deletes every row of the casus (in every app that refers to it), destroys its data key —
so what the audit trail and old backups still hold of it is ciphertext nobody can read — and
leaves a deletion record in the audit chain: which casus, when, by which rule; no content. The
chain still verifies: it covers ciphertext and ids, not text (audit.keten).

A deleted key row can survive as old bytes (a PostgreSQL heap page or WAL segment, a SQLite
WAL, a physical backup, a replica). So after the erasures the run replaces the generation key of
every organisation that lost a casus — the remaining data keys re-wrapped under a new one, the
old one deleted — and follows the key files of backups to it: the erased casus's wrapped data
key then unwraps with no key the deployment still holds
(docs/adr/0012-wissen-door-sleutelrotatie.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership, Organisatie
from meldwijzer.accounts.permissions import mag_bewaartermijn_instellen
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.audit.services import (
    leg_systeemgebeurtenis_vast,
    leg_vast,
    leg_verwijdering_vast,
)
from meldwijzer.dossier.models import STANDAARD_JAREN, Bewaartermijn, Casus, Fase
from meldwijzer.dossier.signalen import casus_wordt_gewist
from meldwijzer.sleutels import herverpakken, sleutelbestand, sleutelring

REGEL = "bewaartermijn"


def termijn_jaren(organisatie_id: int) -> int:
    gevonden = (
        Bewaartermijn.objects.filter(organisatie_id=organisatie_id)
        .values_list("jaren", flat=True)
        .first()
    )
    return gevonden or STANDAARD_JAREN


@transaction.atomic
def stel_bewaartermijn_in(*, actor: Membership, jaren: int) -> Bewaartermijn:
    """The beheerder sets how many years after closing the organisation keeps a casus."""
    if not mag_bewaartermijn_instellen(actor):
        raise PermissionDenied(_("Alleen de functioneel beheerder stelt de bewaartermijn in."))
    if not 1 <= jaren <= 100:
        raise ValidationError({"jaren": [_("Kies een bewaartermijn van 1 tot en met 100 jaar.")]})
    termijn, _nieuw = Bewaartermijn.objects.select_for_update().get_or_create(
        organisatie_id=actor.organisatie_id
    )
    oud = termijn.jaren if not _nieuw else STANDAARD_JAREN
    termijn.jaren = jaren
    termijn.gewijzigd_op = timezone.now()
    termijn.gewijzigd_door = actor.user
    termijn.save()
    leg_vast(
        actor=actor,
        soort="organisatie.bewaartermijn",
        obj=termijn,
        oud={"jaren": oud},
        nieuw={"jaren": jaren},
    )
    return termijn


def _jaren_terug(moment: dt.datetime, jaren: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - jaren)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - jaren, day=28)


@dataclass(frozen=True)
class Verlopen:
    casus_id: int
    kenmerk: str
    organisatie_id: int
    afgesloten_op: dt.datetime
    jaren: int


def verlopen_casussen(nu: dt.datetime | None = None) -> list[Verlopen]:
    """Closed casussen whose retention period has passed, per organisation's own period."""
    nu = nu or timezone.now()
    verlopen: list[Verlopen] = []
    for organisatie_id in Organisatie.objects.order_by("pk").values_list("pk", flat=True):
        jaren = termijn_jaren(organisatie_id)
        rijen = (
            Casus.objects.filter(
                organisatie_id=organisatie_id,
                fase=Fase.AFGESLOTEN,
                afgesloten_op__isnull=False,
                afgesloten_op__lte=_jaren_terug(nu, jaren),
            )
            .order_by("afgesloten_op", "pk")
            .values_list("pk", "kenmerk", "afgesloten_op")
        )
        verlopen.extend(
            Verlopen(pk, kenmerk, organisatie_id, op, jaren)
            for pk, kenmerk, op in rijen
            if op is not None  # filtered above; says so to the type checker
        )
    return verlopen


def _rijen_van_de_casus() -> list[tuple[type[models.Model], str]]:
    """Every model whose rows belong to a casus, with the filter path to the casus id — found
    from the model graph, so a model added later (in any app) is erased too. References kept on
    purpose (the audit and access rows: no database constraint, DO_NOTHING) are skipped."""
    paden: dict[type[models.Model], str] = {Casus: "pk"}
    volgorde: list[tuple[type[models.Model], str]] = []
    gewijzigd = True
    while gewijzigd:
        gewijzigd = False
        for model in apps.get_models():
            if model in paden:
                continue
            for veld in model._meta.concrete_fields:
                doel = veld.related_model if veld.is_relation else None
                if doel is None or doel not in paden or doel is model:
                    continue
                if getattr(veld.remote_field, "on_delete", None) is models.DO_NOTHING:
                    continue
                pad = veld.name if doel is Casus else f"{veld.name}__{paden[doel]}"
                paden[model] = pad
                volgorde.append((model, pad))
                gewijzigd = True
                break
    return list(reversed(volgorde))  # the furthest from the casus first


def _wis(casus_id: int) -> None:
    for model, pad in _rijen_van_de_casus():
        qs = model._base_manager.filter(**{pad: casus_id})
        qs._raw_delete(qs.db)  # past Besluit's guard and PROTECT: erasure is the one exception


@transaction.atomic
def verwijder_casus(verlopen: Verlopen, nu: dt.datetime | None = None) -> str:
    """Erase one casus and destroy its data key; returns the key id (for the key files)."""
    nu = nu or timezone.now()
    rij = (
        Casus.objects.select_for_update()
        .filter(pk=verlopen.casus_id)
        .values("fase", "afgesloten_op", "sleutel_id", "uuid")
        .first()
    )
    if rij is None:
        raise ValueError(f"casus {verlopen.casus_id} bestaat niet (meer)")
    if rij["fase"] != Fase.AFGESLOTEN or rij["afgesloten_op"] is None:
        raise ValueError(f"casus {verlopen.kenmerk} is intussen heropend")
    casus_wordt_gewist.send(
        sender=Casus, casus_id=verlopen.casus_id, organisatie_id=verlopen.organisatie_id
    )
    _wis(verlopen.casus_id)
    Casus._base_manager.filter(pk=verlopen.casus_id)._raw_delete(Casus.objects.db)
    sleutel_id = rij["sleutel_id"]
    if sleutel_id is not None:
        sleutelring.vernietig([sleutel_id])
    leg_verwijdering_vast(
        organisatie_id=verlopen.organisatie_id,
        casus_id=verlopen.casus_id,
        gegevens={
            "kenmerk": verlopen.kenmerk,
            "uuid": str(rij["uuid"]),
            "afgesloten_op": verlopen.afgesloten_op.isoformat(),
            "verwijderd_op": nu.isoformat(),
            "regel": REGEL,
            "termijn_jaren": verlopen.jaren,
            "sleutel": sleutel_id.hex if sleutel_id is not None else None,
        },
        regel=(
            f"Bewaartermijn verstreken: {verlopen.jaren} jaar na afsluiten "
            f"({verlopen.afgesloten_op:%Y-%m-%d})."
        ),
    )
    return sleutel_id.hex if sleutel_id is not None else ""


def vernietigde_sleutels() -> set[str]:
    """Every data key retention destroyed, from the deletion records."""
    return {
        str(s)
        for s in Gebeurtenis.objects.filter(soort="casus.verwijderd")
        .values_list("nieuw__sleutel", flat=True)
        .iterator()
        if s
    }


@dataclass
class Bewaarresultaat:
    verwijderd: list[Verlopen] = field(default_factory=list)
    overgeslagen: list[tuple[Verlopen, str]] = field(default_factory=list)
    sleutelbestanden: dict[str, int] = field(default_factory=dict)
    fouten: list[str] = field(default_factory=list)
    generaties: herverpakken.Generatiewerk | None = None


def leg_generaties_vast(werk: herverpakken.Generatiewerk) -> None:
    """One audit record per organisation whose generation key was replaced (no key material:
    the ids of the new and deleted generations and how many data keys moved)."""
    for vervanging in werk.vervangen:
        if vervanging.nieuwe_generatie is None and not vervanging.vernietigd:
            continue
        leg_systeemgebeurtenis_vast(
            organisatie_id=vervanging.organisatie_id,
            soort="sleutels.generatie",
            nieuw={
                "generatie": vervanging.nieuwe_generatie.hex
                if vervanging.nieuwe_generatie
                else None,
                "vernietigd": [g.hex for g in vervanging.vernietigd],
                "datasleutels": vervanging.herverpakt,
            },
        )


def volg_sleutelbestanden(bestanden: Iterable[Path | str]) -> tuple[dict[str, int], list[str]]:
    """Follow each key file to the database (sleutelbestand.volg): destroyed keys out, the rest
    under the active generation keys. Returns (removed per file, Dutch error sentences)."""
    verwijderd: dict[str, int] = {}
    fouten: list[str] = []
    bestanden = list(dict.fromkeys(Path(b) for b in bestanden))
    if not bestanden:
        return verwijderd, fouten
    vernietigd = vernietigde_sleutels()
    for pad in bestanden:
        try:
            verwijderd[str(pad)], _herverpakt = sleutelbestand.volg(pad, vernietigd)
        except sleutelbestand.SleutelbestandFout as fout:
            fouten.append(str(fout))
    return verwijderd, fouten


def pas_bewaartermijn_toe(
    *,
    nu: dt.datetime | None = None,
    droog: bool = False,
    sleutelbestanden: Iterable[Path | str] = (),
    na_casus: Callable[[Verlopen], None] | None = None,
) -> Bewaarresultaat:
    """Erase every expired casus (one transaction each); replace the generation key of every
    organisation that lost one (also one left over from an interrupted run); follow the key
    files of backups (the configured ones and those given); and leave no bytes of the old
    generation keys where the database still reads them (herverpakken.schoon_opslag)."""
    resultaat = Bewaarresultaat()
    for verlopen in verlopen_casussen(nu):
        if droog:
            resultaat.verwijderd.append(verlopen)
            continue
        try:
            verwijder_casus(verlopen, nu)
        except ValueError as fout:
            resultaat.overgeslagen.append((verlopen, str(fout)))
            continue
        resultaat.verwijderd.append(verlopen)
        if na_casus is not None:
            na_casus(verlopen)
    if droog:
        return resultaat
    resultaat.generaties = herverpakken.werk_generaties_bij()
    leg_generaties_vast(resultaat.generaties)
    for kek, aantal in sorted(resultaat.generaties.onbekende_kek.items()):
        resultaat.fouten.append(
            f"{aantal} datasleutels zijn verpakt met omgevingssleutel {kek}, die niet in "
            "MELDWIJZER_SLEUTELS staat; ze konden niet onder de nieuwe generatiesleutel. Zet die "
            "sleutel erbij en draai 'meldwijzer bewaartermijn' opnieuw."
        )
    resultaat.sleutelbestanden, fouten = volg_sleutelbestanden(
        [*sleutelbestand.bestanden_uit_instellingen(), *map(Path, sleutelbestanden)]
    )
    resultaat.fouten.extend(fouten)
    opslag = herverpakken.schoon_opslag()
    if opslag:
        resultaat.fouten.append(opslag)
    return resultaat
