"""The two menu bars of every page (base.html), built in Python once per request.

As template tags they cost a ``{% url %}`` and an ``{% if %}`` per item on every page, about a
tenth of the floor page's CPU (docs/performance.md, "Waar de milliseconden heen gaan"). Which
items a member sees follows from the same permission functions as before; the addresses are
reversed once per process (and per script prefix, for an installation under a sub-path).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

_ADRESSEN: dict[tuple[str, str], str] = {}
# Any uuid: stands in for a casus's own in a tab's address, reversed once (see ``casustabs``).
_PLEK = UUID(int=0)


@dataclass(frozen=True)
class Menupunt:
    adres: str
    label: str
    huidig: bool  # the page shown now: aria-current="page"


def _adres(naam: str) -> str:
    sleutel = (get_script_prefix(), naam)
    adres = _ADRESSEN.get(sleutel)
    if adres is None:
        adres = _ADRESSEN[sleutel] = reverse(f"web:{naam}")
    return adres


def _punten(namen: list[tuple[str, str]], huidige: str | None) -> list[Menupunt]:
    return [Menupunt(_adres(naam), label, naam == huidige) for naam, label in namen]


def hoofdmenu(mag: Mapping[str, bool], huidige: str | None) -> list[Menupunt]:
    """The work menu of a member who sees casus content; empty for everyone else."""
    if not mag["ziet_casusinhoud"]:
        return []
    namen = [
        (
            "casussen",
            _("Casussen van de organisatie") if mag["ziet_alle_casussen"] else _("Mijn casussen"),
        ),
        ("casus_nieuw", _("Nieuwe casus")),
        ("sociale_kaart", _("Sociale kaart")),
        ("meldcode", _("Meldcode")),
        ("termijnen", _("Termijnen")),
    ]
    if mag["mag_dashboard_zien"]:
        namen.append(("dashboard", _("Dashboard")))
    if mag["mag_jaarcijfers_zien"]:
        namen.append(("jaarcijfers", _("Jaarcijfers")))
    if mag["mag_oefenen"]:
        namen.append(("oefenen", _("Oefenen")))
    if mag["ziet_alle_casussen"]:
        namen.append(("kaders", _("Afwegingskaders")))
    return _punten(namen, huidige)


def beheermenu(mag: Mapping[str, bool], huidige: str | None) -> list[Menupunt]:
    """The management menu: for whoever manages users, reads the log or manages frameworks."""
    beheren = mag["mag_gebruikers_beheren"]
    if not (beheren or mag["mag_logboek_lezen"] or mag["mag_kaders_beheren"]):
        return []
    namen: list[tuple[str, str]] = []
    if beheren:
        namen.append(("beheer_gebruikers", _("Gebruikers")))
    if mag["mag_jaarcijfers_zien"] and not mag["ziet_casusinhoud"]:
        namen.append(("jaarcijfers", _("Jaarcijfers")))
    if beheren:
        namen += [
            ("beheer_applicaties", _("Applicaties")),
            ("beheer_bewaartermijn", _("Bewaartermijn")),
            ("beheer_taken", _("Taken")),
            ("sociale_kaart", _("Sociale kaart")),
            ("meldcode_beheer", _("Meldcode")),
        ]
    if mag["mag_kader_kiezen"]:
        namen.append(("beheer_kader", _("Afwegingskader")))
    if mag["mag_logboek_lezen"]:
        namen.append(("logboek", _("Logboek")))
    if mag["mag_kaders_beheren"]:
        namen += [("kaders", _("Afwegingskaders")), ("kader_importeren", _("Kader importeren"))]
    return _punten(namen, huidige)


def casusadres(naam: str, casus_uuid: UUID) -> str:
    """The address of a casus page (``web:<naam>``) for this casus, from one reverse() per page
    name per process: lists and tabs name many casussen or pages at once."""
    sleutel = (get_script_prefix(), f"casus:{naam}")
    sjabloon = _ADRESSEN.get(sleutel)
    if sjabloon is None:
        sjabloon = reverse(f"web:{naam}", args=[_PLEK]).replace(str(_PLEK), "{}")
        _ADRESSEN[sleutel] = sjabloon
    return sjabloon.format(casus_uuid)


def casustabs(casus_uuid: UUID, huidige: str) -> list[Menupunt]:
    """The parts of a casus, as tabs (web/_casustabs.html): each address from one reverse()
    per process instead of eleven per page, twice (wide tabs and the narrow menu)."""
    namen = [
        ("casus", "overzicht", _("Overzicht")),
        ("betrokkenen", "betrokkenen", _("Betrokkenen")),
        ("zienswijzen", "zienswijzen", _("Zienswijzen")),
        ("melding", "melding", _("Melding")),
        ("hulpplan", "hulpplan", _("Hulpplan")),
        ("evaluatie", "evaluatie", _("Evaluatie")),
        ("afsluiten", "afsluiten", _("Afsluiten")),
        ("samenwerken", "samenwerken", _("Samenwerken")),
        ("tijdlijn", "tijdlijn", _("Tijdlijn")),
        ("inzage", "inzage", _("Inzage")),
        ("kader_wisselen", "kader", _("Afwegingskader")),
    ]
    return [
        Menupunt(casusadres(naam, casus_uuid), label, tab == huidige) for naam, tab, label in namen
    ]
