"""Reading the history of what was recorded: corrections, withdrawals, and where each ticked
signal comes from (docs/adr/0019). The timeline, the dossier PDF, the inzage export, the
Veilig Thuis sheet and the besluit read it; nothing here writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldwijzer.dossier import invoer, selectors
from meldwijzer.dossier.models import (
    Besluit,
    Betrokkene,
    Casus,
    Consultatie,
    Correctie,
    GegevenSoort,
    Gesprek,
    Handeling,
    Hulpplan,
    Melding,
    Signaal,
    Weging,
    Zienswijze,
)
from meldwijzer.dossier.models.casus import Vastlegging
from meldwijzer.gedeeld import rijen

MODELLEN: dict[GegevenSoort, type[Vastlegging]] = {
    GegevenSoort.SIGNAAL: Signaal,
    GegevenSoort.BETROKKENE: Betrokkene,
    GegevenSoort.ZIENSWIJZE: Zienswijze,
    GegevenSoort.CONSULTATIE: Consultatie,
    GegevenSoort.GESPREK: Gesprek,
    GegevenSoort.WEGING: Weging,
    GegevenSoort.MELDING: Melding,
    GegevenSoort.HULPPLAN: Hulpplan,
}

DECLARATIES = {
    GegevenSoort.SIGNAAL: invoer.SIGNAAL,
    GegevenSoort.BETROKKENE: invoer.BETROKKENE,
    GegevenSoort.ZIENSWIJZE: invoer.ZIENSWIJZE,
    GegevenSoort.CONSULTATIE: invoer.CONSULTATIE,
    GegevenSoort.GESPREK: invoer.GESPREK,
    GegevenSoort.WEGING: invoer.WEGING,
    GegevenSoort.MELDING: invoer.MELDING,
    GegevenSoort.HULPPLAN: invoer.HULPPLAN,
}

# What a record keeps beside its declared fields, kept with every version too.
NAAST_DE_DECLARATIE: dict[GegevenSoort, tuple[str, ...]] = {
    GegevenSoort.SIGNAAL: ("aangevinkt", "vormen"),
    GegevenSoort.HULPPLAN: ("evaluatiedata",),
}

# The records a besluit of stap 5 rests on: stappen 1 to 4 and who is involved.
GRONDSLAG = frozenset(
    {
        GegevenSoort.SIGNAAL,
        GegevenSoort.BETROKKENE,
        GegevenSoort.CONSULTATIE,
        GegevenSoort.GESPREK,
        GegevenSoort.WEGING,
    }
)

_NAAST = {
    "aangevinkt": gettext_lazy("Aangevinkte signalen"),
    "vormen": gettext_lazy("Vormen van geweld"),
    "evaluatiedata": gettext_lazy("Evaluatiedata"),
}


def correcties(casus: Casus) -> QuerySet[Correctie]:
    return Correctie.objects.filter(casus=casus).select_related("door").order_by("op", "pk")


@dataclass(frozen=True)
class Wijziging:
    """One field of a correction: its question, the value before and after."""

    vraag: str
    oud: str
    nieuw: str


@dataclass(frozen=True)
class Gebeurd:
    """One correction or withdrawal, readable: what it was about, the fields it changed."""

    correctie: Correctie
    wijzigingen: list[Wijziging]

    @property
    def ingetrokken(self) -> bool:
        return self.correctie.handeling == Handeling.INGETROKKEN


def per_sleutel(casus: Casus) -> dict[str, list[Correctie]]:
    """Every item's corrections and withdrawals in order, keyed ``"<soort>:<id>"`` (the key
    ``sleutel`` gives a record): one query for the whole casus."""
    uit: dict[str, list[Correctie]] = defaultdict(list)
    for c in correcties(casus):
        uit[f"{c.soort}:{c.object_id}"].append(c)
    return dict(uit)


def per_item(casus: Casus) -> dict[str, list[Gebeurd]]:
    """As ``per_sleutel``, each change readable: the fields it changed, old and new."""
    items = dict(casus.kader_versie.kader().items)
    return {
        k: [Gebeurd(c, _wijzigingen(c, items)) for c in lijst]
        for k, lijst in per_sleutel(casus).items()
    }


def sleutel(obj: Any) -> str:
    """The key of a recorded item in ``per_item``: its kind and id."""
    return f"{obj._meta.model_name}:{obj.pk}"


def _wijzigingen(c: Correctie, items: dict[str, Any]) -> list[Wijziging]:
    declaratie = DECLARATIES.get(GegevenSoort(c.soort))
    uit = []
    for naam in c.gewijzigd:
        vraag = str(_NAAST[naam]) if naam in _NAAST else None
        if vraag is None and declaratie is not None and naam in declaratie.namen():
            vraag = str(declaratie.veld(naam).vraag)
        uit.append(
            Wijziging(
                vraag or naam,
                _tekst(c.vorige.get(naam), items),
                _tekst(c.nieuw.get(naam), items),
            )
        )
    return uit


def _tekst(waarde: Any, items: dict[str, Any]) -> str:
    if waarde is None or waarde == "":
        return "—"
    if isinstance(waarde, bool):
        return str(_("ja") if waarde else _("nee"))
    if isinstance(waarde, list):
        return "; ".join(str(items[v][1]) if v in items else str(v) for v in waarde) or "—"
    return str(waarde)


def bronnen_per_item(
    casus: Casus, signalen: Iterable[Signaal] | None = None
) -> dict[str, list[Signaal]]:
    """Each ticked catalogue item with the current signalen it rests on, in the order given
    (by default: the casus's current signalen, oldest first)."""
    if signalen is None:
        signalen = selectors.signalen(casus).order_by("datum", "pk")
    uit: dict[str, list[Signaal]] = defaultdict(list)
    for signaal in signalen:
        if signaal.ingetrokken_op is not None:
            continue
        for item in signaal.aangevinkt or []:
            uit[item].append(signaal)
    return dict(uit)


# What the casus overview uses of a correction to see that a besluit's basis changed.
_CORRECTIE_KORT = ("casus_id", "soort", "object_id", "handeling", "op")


def basis_gewijzigd(
    casus: Casus, besluit: Besluit | None, *, kort: bool = False
) -> list[Correctie]:
    """Corrections and withdrawals, made after this besluit, of what it rested on (recorded
    before it): the casus then says the basis changed and offers to decide again. An item
    ticked at an afweging is an addition, not a change of the basis. ``kort``: the corrections
    without their texts or who made them (the casus overview only says that there are any),
    by a fixed statement (gedeeld.rijen)."""
    if besluit is None:
        return []
    if kort:
        soorten = sorted(s.value for s in GRONDSLAG)
        gevonden = rijen.lees(
            Correctie,
            "casus_id = %s AND op > %s AND handeling <> %s AND soort IN ("
            + ", ".join(["%s"] * len(soorten))
            + ")",
            [
                casus.pk,
                connection.ops.adapt_datetimefield_value(besluit.vastgelegd_op),
                Handeling.AANGEVULD.value,
                *soorten,
            ],
            volgorde="op, id",
            velden=_CORRECTIE_KORT,
        )
    else:
        gevonden = list(
            correcties(casus)
            .filter(op__gt=besluit.vastgelegd_op, soort__in=GRONDSLAG)
            .exclude(handeling=Handeling.AANGEVULD)
        )
    per_soort: dict[str, set[int]] = defaultdict(set)
    for c in gevonden:
        per_soort[c.soort].add(c.object_id)
    eerder: set[tuple[str, int]] = set()
    for soort, ids in per_soort.items():  # one query per kind, not per correction
        eerder.update(
            (soort, pk)
            for pk in MODELLEN[GegevenSoort(soort)]
            ._default_manager.filter(pk__in=ids, vastgelegd_op__lte=besluit.vastgelegd_op)
            .values_list("pk", flat=True)
        )
    return [c for c in gevonden if (c.soort, c.object_id) in eerder]


def bronnen_van_besluit(
    casus: Casus, besluit: Besluit, signalen: Iterable[Signaal] | None = None
) -> dict[str, list[Signaal]]:
    """The signalen each ticked item of a besluit rests on: those recorded before it that carry
    the tick, and those its answers named. Withdrawn ones stay in the list (``ingetrokken_op``
    set), so the besluit's basis can be read as it was and as it is now. ``signalen``: the
    casus's signalen, withdrawn ones included, when the caller has them already."""
    genoemd: dict[str, set[int]] = defaultdict(set)
    for antwoord in besluit.antwoorden or []:
        for item, ids in (antwoord.get("bronnen") or {}).items():
            genoemd[item].update(ids)
    if signalen is None:
        signalen = selectors.signalen(casus, ook_ingetrokken=True).order_by("datum", "pk")
    alle = list(signalen)
    return {
        item: [
            s
            for s in alle
            if s.pk in genoemd[item]
            or (item in (s.aangevinkt or []) and s.vastgelegd_op <= besluit.vastgelegd_op)
        ]
        for item in besluit.signalen or []
    }
