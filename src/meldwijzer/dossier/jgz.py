"""A besluit in the afwegingsvragen of the Basisdataset JGZ (BDS), rubriek R013.

Element numbers, data types and names as Nictiz publishes them for the JGZ dossieroverdracht
(HL7v3 templates 2.16.840.1.113883.2.4.6.10.100.4157x, effective 2020-05-27; ART-DECOR publication
https://decor.nictiz.nl/pub/jeugdgezondheidszorg/jgz-html-20240426T081156/); docs/fhir-jgz.md
names the sources and the mapping field by field. Only these elements are filled: the BDS
afwegingsvragen 1-5 and whether the concerns were shared, with the reason when not. The answers
map by the afweging's ``rol``, so a profession's framework maps like the basis one.

The caller checks the permission to read the casus and records the export in the access log:
element 1571 holds the decrypted reason why no gesprek took place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation

from meldwijzer.dossier import stap5
from meldwijzer.dossier.models import Besluit, Gesprek, RedenGeenGesprek
from meldwijzer.kader.beslisdelen import antwoord_sleutel
from meldwijzer.kader.model import Betekenis, Rol

BDS_ELEMENT_SYSTEEM = "2.16.840.1.113883.2.4.4.40.267"
BDS_RUBRIEK_SYSTEEM = "2.16.840.1.113883.2.4.4.40.391"
RUBRIEK = "R013"  # Bedreigingen uit de directe omgeving
TEMPLATE_BASIS = "2.16.840.1.113883.2.4.6.10.100.4"
PUBLICATIE = "https://decor.nictiz.nl/pub/jeugdgezondheidszorg/jgz-html-20240426T081156/"


@dataclass(frozen=True)
class Element:
    nummer: str
    naam: str
    datatype: str  # HL7v3: BL boolean, ST string


GEDEELD = Element(
    "1570", "De (blijvende) zorgen zijn gedeeld met de jeugdige/ouder(s)/verzorger(s)", "BL"
)
REDEN_NIET_GEDEELD = Element("1571", "Reden om (blijvende) zorgen niet te delen", "ST")
AFWEGINGSVRAGEN: dict[Rol, Element] = {
    Rol.VERMOEDEN: Element(
        "1572",
        "Afwegingsvraag 1: Is er een vermoeden van (dreiging van) huiselijk geweld en/of "
        "kindermishandeling?",
        "BL",
    ),
    Rol.ONVEILIGHEID: Element(
        "1573",
        "Afwegingsvraag 2: Is er sprake van acute onveiligheid en/of structurele onveiligheid?",
        "BL",
    ),
    Rol.EIGEN_HULP: Element(
        "1574",
        "Afwegingsvraag 3: Ben ik, als JGZ-professional, in staat effectieve hulp te bieden of "
        "te organiseren?",
        "BL",
    ),
    Rol.AANVAARDING: Element(
        "1575",
        "Afwegingsvraag 4: Aanvaarden de betrokkenen de hulp? Ben ik in staat de hulp te bieden "
        "of te organiseren?",
        "BL",
    ),
    Rol.RESULTAAT: Element(
        "1576",
        "Afwegingsvraag 5: Leidt de hulp binnen de gewenste termijn tot duurzame veiligheid "
        "en/of het welzijn van alle betrokkenen?",
        "BL",
    ),
}


class NietUitTeDrukken(ValueError):
    """The besluit has no single value for a BDS element (e.g. afweging 5a and 5b)."""


def _waarde(element: Element, waarde: bool | str, bron: dict[str, Any]) -> dict[str, Any]:
    return {
        "element": element.nummer,
        "codeSystem": BDS_ELEMENT_SYSTEEM,
        "templateId": f"{TEMPLATE_BASIS}{element.nummer}",
        "naam": element.naam,
        "datatype": element.datatype,
        "waarde": waarde,
        "bron": bron,
    }


def besluit_als_bds(besluit: Besluit) -> dict[str, Any]:
    """The BDS R013 afwegingsvragen of this besluit, with where each value came from."""
    kader = besluit.kader_versie.kader()
    route = besluit.uitkomst["route"]
    per_rol: dict[Rol, dict[str, Any]] = {}
    routes: dict[Rol, str] = {}
    for stap in besluit.uitkomst["pad"]:
        # After a handover (kaderformaat 2) the step's own route; the answer there on the same
        # rol is where the casus went on, so it replaces the one of the route handed away from.
        stap_route = stap.get("route") or route
        afweging = stap5.afweging_model(kader, stap_route, stap["afweging"])
        if afweging.rol in per_rol and routes[afweging.rol] == stap_route:
            raise NietUitTeDrukken(
                f"Afweging {per_rol[afweging.rol]['bron']['afweging']} en {afweging.id} wegen "
                f"allebei '{afweging.rol.value}'; de BDS kent daar één afwegingsvraag voor. "
                "Dit besluit is niet in de BDS-afwegingsvragen uit te drukken."
            )
        per_rol[afweging.rol] = _waarde(
            AFWEGINGSVRAGEN[afweging.rol],
            stap["betekenis"] == Betekenis.JA.value,
            {
                "afweging": antwoord_sleutel(route, stap_route, afweging.id),
                "antwoord": stap["antwoord"],
                "betekenis": stap["betekenis"],
            },
        )
        routes[afweging.rol] = stap_route
    elementen = [per_rol[r] for r in AFWEGINGSVRAGEN if r in per_rol]
    elementen[:0] = _gedeeld(besluit)
    return {
        "rubriek": {"code": RUBRIEK, "codeSystem": BDS_RUBRIEK_SYSTEEM},
        "bron": PUBLICATIE,
        "kader": besluit.uitkomst["kader"],
        "besluit": besluit.volgnummer,
        "elementen": elementen,
    }


def _gedeeld(besluit: Besluit) -> list[dict[str, Any]]:
    """Elements 1570/1571 from stap 3 of the besluit's ronde: a gesprek held means shared."""
    gesprekken = list(
        Gesprek.objects.filter(
            casus_id=besluit.casus_id,
            ronde=besluit.ronde,
            vastgelegd_op__lte=besluit.vastgelegd_op,
            ingetrokken_op__isnull=True,
        ).order_by("vastgelegd_op", "pk")
    )
    if not gesprekken:
        return []
    gevoerd = [g for g in gesprekken if g.gevoerd]
    if gevoerd:
        return [_waarde(GEDEELD, True, {"gesprek": gevoerd[-1].pk})]
    laatste = gesprekken[-1]
    with translation.override("nl"):
        reden = str(RedenGeenGesprek(laatste.reden_geen_gesprek).label)
    tekst = f"{reden}: {laatste.toelichting}" if laatste.toelichting else reden
    return [
        _waarde(GEDEELD, False, {"gesprek": laatste.pk}),
        _waarde(REDEN_NIET_GEDEELD, tekst, {"gesprek": laatste.pk}),
    ]
