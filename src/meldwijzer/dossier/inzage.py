"""A casus for inzage (AVG art. 15) or transfer: everything recorded, as one structure that the
PDF and the JSON export both render (web.views.inzage).

Two choices protect others (AVG art. 15(4), 23(1)(i)): leave out *who reported* — the names of the
professionals who recorded and decided, and of whoever told or passed on a signal — and leave
out *notes about third parties* — every betrokkene the request is not about, with their
kindcheck and zienswijze. Free text can still name others: the person who hands the export over
reads it first (the page and the document say so).

What was recorded about a person includes what was corrected (docs/adr/0019): every correctable
record carries whether it was corrected or withdrawn, and each change with its reason and the
values before and after, of the fields the export shows (never a field marked ``inzage=False``);
withdrawn records stay in the export, marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from meldwijzer.dossier import historie, invoer, selectors, stap5
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
from meldwijzer.dossier.models import Casus, Correctie, GegevenSoort

FORMAAT = "meldwijzer-inzage/1"
WEGGELATEN = "[weggelaten]"

# What a correction can change beside the declared fields, where the export shows it too.
_NAAST = {GegevenSoort.SIGNAAL: ("aangevinkt",), GegevenSoort.HULPPLAN: ("evaluatiedata",)}


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
        self.items = casus.kader_versie.kader().items
        self.correcties = historie.per_sleutel(casus)

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

    def status(self, declaratie: Invoer, rij: Any) -> dict[str, Any]:
        """Whether a correctable record was corrected or withdrawn, and each change in order;
        nothing for a record never changed (its keys stay as they were)."""
        gebeurd = self.correcties.get(historie.sleutel(rij), [])
        if not gebeurd:
            return {}
        return {
            "gecorrigeerd_op": _datum(rij.gecorrigeerd_op),
            "ingetrokken_op": _datum(rij.ingetrokken_op),
            "correcties": [self.correctie(declaratie, c) for c in gebeurd],
        }

    def correctie(self, declaratie: Invoer, c: Correctie) -> dict[str, Any]:
        wijzigingen = (_wijziging(self, declaratie, c, naam) for naam in c.gewijzigd)
        return {
            "handeling": c.get_handeling_display(),
            "op": _datum(c.op),
            "door": self.gebruiker(c.door),
            "reden": c.get_reden_display(),
            "toelichting": c.toelichting or None,
            "wijzigingen": [w for w in wijzigingen if w is not None],
        }


def inzage(casus: Casus, opties: InzageOpties) -> dict[str, Any]:
    """The whole casus as a plain structure (JSON-safe), with the chosen parts left out."""
    o = _Opbouw(casus, opties)
    betrokkenen = [
        b for b in selectors.betrokkenen(casus, ook_ingetrokken=True) if o.betrokkene_telt(b.pk)
    ]
    return {
        "formaat": FORMAAT,
        "gemaakt_op": _datum(timezone.now()),
        "doel": opties.doel,
        "weggelaten": _weggelaten(opties),
        "casus": _casus(o, casus),
        "betrokkenen": [_betrokkene(o, b) for b in betrokkenen],
        "signalen": [_signaal(o, s) for s in selectors.signalen(casus, ook_ingetrokken=True)],
        "consultaties": [
            _met_status(o, CONSULTATIE, c)
            for c in selectors.consultaties(casus, ook_ingetrokken=True)
        ],
        "gesprekken": [_gesprek(o, g) for g in selectors.gesprekken(casus, ook_ingetrokken=True)],
        "wegingen": [
            _met_status(o, WEGING, w) for w in selectors.wegingen(casus, ook_ingetrokken=True)
        ],
        "besluiten": [
            _besluit(o, b)
            for b in selectors.besluiten(casus)
            .select_related("vervangen_door")
            .order_by("volgnummer")
        ],
        "meldingen": [_melding(o, m) for m in selectors.meldingen(casus, ook_ingetrokken=True)],
        "hulpplannen": [
            _hulpplan(o, h)
            for h in selectors.hulpplannen(casus, ook_ingetrokken=True).order_by("volgnummer")
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
            for z in selectors.zienswijzen(casus, ook_ingetrokken=True)
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


def _met_status(o: _Opbouw, declaratie: Invoer, rij: Any) -> dict[str, Any]:
    return {**_gedeclareerd(o, declaratie, rij), **o.vastgelegd(rij), **o.status(declaratie, rij)}


def _betrokkene(o: _Opbouw, b: Any) -> dict[str, Any]:
    return {"id": b.pk, **_met_status(o, BETROKKENE, b)}


def _signaal(o: _Opbouw, s: Any) -> dict[str, Any]:
    return {
        **_gedeclareerd(o, SIGNAAL, s),
        "aangevinkt": list(s.aangevinkt or []),
        **o.vastgelegd(s),
        **o.status(SIGNAAL, s),
    }


def _gesprek(o: _Opbouw, g: Any) -> dict[str, Any]:
    return _met_status(o, GESPREK, g)


def _hulpplan(o: _Opbouw, h: Any) -> dict[str, Any]:
    return {
        "versie": h.volgnummer,
        **_gedeclareerd(o, HULPPLAN, h),
        "evaluatiedata": list(h.evaluatiedata or []),
        **o.vastgelegd(h),
        **o.status(HULPPLAN, h),
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
    return {"betrokkene": z.betrokkene_id, **_met_status(o, ZIENSWIJZE, z)}


def _besluit(o: _Opbouw, besluit: Any) -> dict[str, Any]:
    uitkomst = besluit.uitkomst or {}
    # Each answer also by its name in words ('2 · VEILIGHEID'; after a route handover with the
    # route's title), beside the key the engine stores ('thuissituatie/3').
    kader = besluit.kader_versie.kader()
    namen = stap5.afweging_namen(kader, uitkomst.get("route"))
    return {
        "volgnummer": besluit.volgnummer,
        "vastgelegd_op": _datum(besluit.vastgelegd_op),
        "vastgelegd_door": o.gebruiker(besluit.vastgelegd_door),
        "afwegingskader": str(besluit.kader_versie),
        "antwoorden": [
            {
                "afweging": a.get("afweging"),
                "afweging_naam": namen.get(a.get("afweging", ""), a.get("afweging")),
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
        # The same actions as the framework names them, for a person reading the export.
        "acties_namen": [kader.actie_label.get(a, a) for a in uitkomst.get("acties") or []],
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


def _wijziging(o: _Opbouw, declaratie: Invoer, c: Correctie, naam: str) -> dict[str, Any] | None:
    """One changed field, before and after, as the export shows the field (a choice by its
    label, a person left out when asked, ticked signals by their name); None for a field the
    export leaves out (``inzage=False``, or not shown at all)."""
    if naam in _NAAST.get(GegevenSoort(c.soort), ()):
        sleutel, vraag = naam, str(declaratie.modelveld(naam).verbose_name)
    elif naam in declaratie.namen() and declaratie.veld(naam).inzage:
        veld = declaratie.veld(naam)
        sleutel, vraag = veld.export or naam, declaratie.label(veld)
    else:
        return None

    def waarde(w: Any) -> Any:
        if w in ("", None):
            return None
        if naam == "aangevinkt":  # read by a person: the signals by their name
            return [o.items[i][1] if i in o.items else i for i in w]
        if naam in declaratie.namen() and declaratie.veld(naam).persoon:
            return o.persoon(w)
        keuzes = dict(declaratie.modelveld(naam).choices or [])
        return str(keuzes[w]) if isinstance(w, str) and w in keuzes else w

    return {
        "veld": sleutel,
        "vraag": vraag,
        "oud": waarde(c.vorige.get(naam)),
        "nieuw": waarde(c.nieuw.get(naam)),
    }


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
        **o.status(MELDING, melding),
    }


def betrokkenen_keuzes(casus: Casus) -> list[tuple[int, str]]:
    """The betrokkenen a request can be about, labelled for the form."""
    return [
        (b.pk, ", ".join(str(d) for d in (b.get_rol_display(), b.relatie, b.naam) if d))
        for b in selectors.betrokkenen(casus)
    ]
