"""A casus for inzage (AVG art. 15) or transfer: everything recorded, as one structure that the
PDF and the JSON export both render (web.views.inzage).

Two choices protect others (AVG art. 15(4), 23(1)(i)): leave out *who reported* — the names of the
professionals who recorded and decided, and of whoever told or passed on a signal — and leave
out *notes about third parties* — every betrokkene the request is not about, with their
kindcheck and zienswijze. Free text can still name others: the person who hands the export over
reads it first (the page and the document say so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from meldwijzer.dossier import invoer, selectors
from meldwijzer.dossier.invoer import (
    AFSLUITING,
    BETROKKENE,
    CONSULTATIE,
    EVALUATIE,
    GESPREK,
    HULPPLAN,
    KINDCHECK,
    MELDING,
    SIGNAAL,
    WEGING,
    ZIENSWIJZE,
    Invoer,
)
from meldwijzer.dossier.models import Casus

FORMAAT = "meldwijzer-inzage/1"
WEGGELATEN = "[weggelaten]"


@dataclass(frozen=True)
class InzageOpties:
    zonder_melder: bool = False
    zonder_derden: bool = False
    voor_betrokkenen: frozenset[int] = frozenset()
    doel: str = "inzage"


def _datum(waarde: dt.date | dt.datetime | None) -> str | None:
    if waarde is None:
        return None
    if isinstance(waarde, dt.datetime):
        return timezone.localtime(waarde).isoformat(timespec="minutes")
    return waarde.isoformat()


class _Opbouw:
    def __init__(self, casus: Casus, opties: InzageOpties) -> None:
        self.casus = casus
        self.opties = opties

    def persoon(self, naam: str | None) -> str | None:
        """A professional or informant: left out when the reporter's identity is."""
        if self.opties.zonder_melder and naam:
            return WEGGELATEN
        return naam or None

    def gebruiker(self, user: Any) -> str | None:
        return self.persoon(user.weergavenaam if user is not None else None)

    def betrokkene_telt(self, betrokkene_id: int) -> bool:
        return not self.opties.zonder_derden or betrokkene_id in self.opties.voor_betrokkenen

    def vastgelegd(self, rij: Any) -> dict[str, Any]:
        return {
            "vastgelegd_op": _datum(rij.vastgelegd_op),
            "vastgelegd_door": self.gebruiker(rij.vastgelegd_door),
            "ronde": rij.ronde,
        }


def inzage(casus: Casus, opties: InzageOpties) -> dict[str, Any]:
    """The whole casus as a plain structure (JSON-safe), with the chosen parts left out."""
    o = _Opbouw(casus, opties)
    betrokkenen = [b for b in selectors.betrokkenen(casus) if o.betrokkene_telt(b.pk)]
    return {
        "formaat": FORMAAT,
        "gemaakt_op": _datum(timezone.now()),
        "doel": opties.doel,
        "weggelaten": _weggelaten(opties),
        "casus": _casus(o, casus),
        "betrokkenen": [_betrokkene(o, b) for b in betrokkenen],
        "signalen": [_signaal(o, s) for s in selectors.signalen(casus)],
        "consultaties": [
            {**_gedeclareerd(o, CONSULTATIE, c), **o.vastgelegd(c)}
            for c in selectors.consultaties(casus)
        ],
        "gesprekken": [_gesprek(o, g) for g in selectors.gesprekken(casus)],
        "wegingen": [
            {**_gedeclareerd(o, WEGING, w), **o.vastgelegd(w)} for w in selectors.wegingen(casus)
        ],
        "besluiten": [
            _besluit(o, b)
            for b in selectors.besluiten(casus)
            .select_related("vervangen_door")
            .order_by("volgnummer")
        ],
        "meldingen": [_melding(o, m) for m in selectors.meldingen(casus)],
        "hulpplannen": [
            _hulpplan(o, h) for h in selectors.hulpplannen(casus).order_by("volgnummer")
        ],
        "evaluaties": [_evaluatie(o, e) for e in selectors.evaluaties(casus)],
        "afsluitingen": [_afsluiting(o, a) for a in selectors.afsluitingen(casus)],
        "hulp_buiten_meldcode": [
            {"datum": _datum(h.datum), "omschrijving": h.omschrijving, **o.vastgelegd(h)}
            for h in selectors.hulp_buiten_meldcode(casus)
        ],
        # About one betrokkene each: left out with the betrokkene.
        "kindchecks": [
            _kindcheck(o, k)
            for k in selectors.kindchecks(casus)
            if o.betrokkene_telt(k.betrokkene_id)
        ],
        "zienswijzen": [
            _zienswijze(o, z)
            for z in selectors.zienswijzen(casus)
            if o.betrokkene_telt(z.betrokkene_id)
        ],
    }


def _weggelaten(opties: InzageOpties) -> dict[str, Any]:
    return {
        "melder": opties.zonder_melder,
        "derden": opties.zonder_derden,
        "betrokkenen_in_verzoek": sorted(opties.voor_betrokkenen) if opties.zonder_derden else None,
    }


def _casus(o: _Opbouw, casus: Casus) -> dict[str, Any]:
    return {
        "kenmerk": casus.kenmerk,
        "omschrijving": casus.titel,
        "geopend_op": _datum(casus.aangemaakt_op),
        "beroepskracht": o.gebruiker(casus.eigenaar),
        "stap": casus.get_fase_display(),
        "ronde": casus.ronde,
        "afgesloten_op": _datum(casus.afgesloten_op),
        "conclusie": casus.conclusie or None,
        "afwegingskader": str(casus.kader_versie),
    }


def _betrokkene(o: _Opbouw, b: Any) -> dict[str, Any]:
    return {"id": b.pk, **_gedeclareerd(o, BETROKKENE, b), **o.vastgelegd(b)}


def _signaal(o: _Opbouw, s: Any) -> dict[str, Any]:
    return {
        **_gedeclareerd(o, SIGNAAL, s),
        "aangevinkt": list(s.aangevinkt or []),
        **o.vastgelegd(s),
    }


def _gesprek(o: _Opbouw, g: Any) -> dict[str, Any]:
    return {**_gedeclareerd(o, GESPREK, g), **o.vastgelegd(g)}


def _hulpplan(o: _Opbouw, h: Any) -> dict[str, Any]:
    return {
        "versie": h.volgnummer,
        **_gedeclareerd(o, HULPPLAN, h),
        "evaluatiedata": list(h.evaluatiedata or []),
        **o.vastgelegd(h),
    }


def _evaluatie(o: _Opbouw, e: Any) -> dict[str, Any]:
    return {**_gedeclareerd(o, EVALUATIE, e), **o.vastgelegd(e)}


def _afsluiting(o: _Opbouw, a: Any) -> dict[str, Any]:
    velden = _gedeclareerd(o, AFSLUITING, a)
    return {
        "datum": velden.pop("datum"),
        "soort": a.get_soort_display(),
        **velden,
        "afspraken": [
            {
                "wat": af.wat,
                "wie": o.persoon(af.wie),
                "partners": af.partners or None,
                "tot_wanneer": _datum(af.tot_wanneer),
            }
            for af in a.afspraken.all()
        ],
        **o.vastgelegd(a),
    }


def _kindcheck(o: _Opbouw, k: Any) -> dict[str, Any]:
    return {
        "betrokkene": k.betrokkene_id,
        "omstandigheden": list(k.condities or []),
        **_gedeclareerd(o, KINDCHECK, k),
        **o.vastgelegd(k),
    }


def _zienswijze(o: _Opbouw, z: Any) -> dict[str, Any]:
    return {
        "betrokkene": z.betrokkene_id,
        **_gedeclareerd(o, ZIENSWIJZE, z),
        **o.vastgelegd(z),
    }


def _besluit(o: _Opbouw, besluit: Any) -> dict[str, Any]:
    uitkomst = besluit.uitkomst or {}
    return {
        "volgnummer": besluit.volgnummer,
        "vastgelegd_op": _datum(besluit.vastgelegd_op),
        "vastgelegd_door": o.gebruiker(besluit.vastgelegd_door),
        "afwegingskader": str(besluit.kader_versie),
        "antwoorden": [
            {
                "afweging": a.get("afweging"),
                "vraag": a.get("vraag"),
                "antwoord": a.get("label") or a.get("antwoord"),
                "toelichting": a.get("toelichting") or None,
                "met_veilig_thuis": o.persoon(a.get("vt_contact")) if a.get("vt_contact") else None,
                "beantwoord_door": o.persoon(a.get("beantwoord_door")),
                "beantwoord_op": a.get("beantwoord_op"),
            }
            for a in besluit.antwoorden or []
        ],
        "acties": list(uitkomst.get("acties") or []),
        "normen": list(uitkomst.get("normen") or []),
        "vervangen": _heeft_opvolger(besluit),
    }


def _heeft_opvolger(besluit: Any) -> bool:
    try:
        return besluit.vervangen_door is not None
    except ObjectDoesNotExist:  # no later besluit
        return False


def _gedeclareerd(o: _Opbouw, declaratie: Invoer, rij: Any) -> dict[str, Any]:
    """A declared record's fields (dossier.invoer) as the export shows them: a choice by its
    label, a date as ISO, an empty value as null, a person left out when asked."""
    waarden: dict[str, Any] = {}
    for veld in declaratie:
        if not veld.inzage:
            continue
        waarde = getattr(rij, veld.naam)
        soort = declaratie.soort(veld)
        if soort == invoer.DATUM:
            waarde = _datum(waarde)
        elif soort == invoer.KEUZE:
            waarde = getattr(rij, f"get_{veld.naam}_display")()
        elif veld.persoon:
            waarde = o.persoon(waarde)
        waarden[veld.export or veld.naam] = None if waarde == "" else waarde
    return waarden


def _melding(o: _Opbouw, melding: Any) -> dict[str, Any]:
    return {
        "spoed": melding.spoed,
        **_gedeclareerd(o, MELDING, melding),
        "gemeld_door": o.gebruiker(melding.vastgelegd_door),
        "afspraken": [
            {
                "datum": _datum(a.datum),
                "met_wie_bij_veilig_thuis": o.persoon(a.vt_contact),
                "wie_doet_wat": a.wie_doet_wat,
                "resultaten": a.resultaten,
                "termijn": f"{a.termijn_aantal} {a.get_termijn_eenheid_display()}",
            }
            for a in melding.afspraken.all()
        ],
        "terugkoppelingen": [
            {
                "datum": _datum(t.datum),
                "uitkomst": t.get_uitkomst_display(),
                "toelichting": t.toelichting or None,
            }
            for t in melding.terugkoppelingen.all()
        ],
        **o.vastgelegd(melding),
    }


def betrokkenen_keuzes(casus: Casus) -> list[tuple[int, str]]:
    """The betrokkenen a request can be about, labelled for the form."""
    return [
        (b.pk, ", ".join(str(d) for d in (b.get_rol_display(), b.relatie, b.naam) if d))
        for b in selectors.betrokkenen(casus)
    ]
