"""Stap-5 rules on top of the engine, for any framework (not only the basis one).

Pure functions of a compiled framework and the engine's Beslissing; no database (Django only
for translating a label). They name
afwegingen by their ``rol``, so a profession's framework with other ids works the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from meldwijzer.kader import Afwegingskader, Beslissing, Stap, beslis
from meldwijzer.kader.beslisdelen import antwoord_sleutel, splits_sleutel
from meldwijzer.kader.kaders import basis_altijd_van_toepassing
from meldwijzer.kader.model import (
    ActieSoort,
    Afweging,
    Betekenis,
    Catalogus,
    CatalogusItem,
    CatalogusSoort,
    Optie,
    Rol,
    Route,
)


@dataclass(frozen=True)
class OptieVoorbeeld:
    """An answer option with what would follow from it and the warnings it would give."""

    id: str
    label: str
    betekenis: str
    acties: list[str]
    volgende: str | None
    uitleg: str | None
    waarschuwingen: list[str]
    legt_besluit_vast: bool = False
    overdracht: str | None = None  # the title of the route this answer hands over to


def optie_voorbeelden(
    kader: Afwegingskader,
    route: str | None,
    gegeven: Mapping[str, str],
    signalen: Iterable[str],
    volgende: Afweging,
    sleutel: str | None = None,
) -> list[OptieVoorbeeld]:
    """The options of the next afweging as the stap-5 form shows them (the casus page and the
    practice page alike): what each would set in motion and the warnings it would give.
    ``sleutel`` is the key the answer is given under (``route/afweging`` after a handover;
    by default the afweging's id)."""
    signalen = list(signalen)
    sleutel = sleutel or volgende.id
    uit = []
    for optie in ja_eerst(volgende.opties):
        na = beslis(kader, {**gegeven, sleutel: optie.id}, signalen, route=route)
        uit.append(
            OptieVoorbeeld(
                id=optie.id,
                label=optie.label,
                betekenis=optie.betekenis.value,
                acties=[kader.actie_label[a] for a in optie.acties],
                volgende=optie.volgende,
                uitleg=optie.uitleg,
                waarschuwingen=[w.tekst for w in na.waarschuwingen_bij(sleutel)],
                legt_besluit_vast=besluit_opslaanbaar(kader, na),
                overdracht=_overdracht_naar(kader, optie),
            )
        )
    return uit


def _overdracht_naar(kader: Afwegingskader, optie: Optie) -> str | None:
    """The title of the route an answer hands the casus over to (format 2), if it does."""
    for actie in optie.acties:
        doel = kader.overdracht.get(actie)
        if doel is not None:
            return route_model(kader, doel[0]).titel
    return None


def route_model(kader: Afwegingskader, route_id: str) -> Route:
    return next(r for r in kader.model.routes if r.id == route_id)


def afweging_model(kader: Afwegingskader, route_id: str, afweging_id: str) -> Afweging:
    """The afweging by its id in ``route_id`` (the route the casus starts in), or by an
    answer's key ``route/afweging`` for an afweging of a route handed over to (format 2)."""
    route_id, afweging_id = splits_sleutel(route_id, afweging_id)
    return next(a for a in route_model(kader, route_id).afwegingen if a.id == afweging_id)


@dataclass(frozen=True)
class OverdrachtWeergave:
    """A route handover as pages name it: from which route, by which action, to which route and
    at which afweging the casus goes on."""

    van: str
    van_titel: str
    actie: str
    naar: str
    naar_titel: str
    naar_afweging: str
    naar_kort: str | None


def overdrachten(kader: Afwegingskader, beslissing: Beslissing) -> list[OverdrachtWeergave]:
    return overdrachten_uit(kader, [o.als_dict() for o in beslissing.overdrachten])


def overdrachten_uit(
    kader: Afwegingskader, overdrachten: Iterable[Mapping[str, str]]
) -> list[OverdrachtWeergave]:
    """The handovers as the engine reports them (``Beslissing.als_dict()['overdrachten']``,
    also as a stored besluit holds them), named for a page."""
    uit = []
    for o in overdrachten:
        doel = afweging_model(kader, o["naar_route"], o["naar_afweging"])
        uit.append(
            OverdrachtWeergave(
                van=o["van_route"],
                van_titel=route_model(kader, o["van_route"]).titel,
                actie=kader.actie_label[o["actie"]],
                naar=o["naar_route"],
                naar_titel=route_model(kader, o["naar_route"]).titel,
                naar_afweging=o["naar_afweging"],
                naar_kort=doel.kort,
            )
        )
    return uit


def route_titel_van_sleutel(kader: Afwegingskader, start: str, sleutel: str) -> str | None:
    """The title of the route an answer's key names, when it is not the start route."""
    route_id, _afweging = splits_sleutel(start, sleutel)
    return None if route_id == start else route_model(kader, route_id).titel


@dataclass(frozen=True)
class BesluitRoute:
    """What a stored besluit says about routes (kaderformaat 2), named for a page or document:
    each answer with the title of its route when that is not the start route, the handovers,
    the route the casus went on in, and the deciding signals."""

    antwoorden: list[tuple[Mapping[str, Any], str | None]]
    overdrachten: list[OverdrachtWeergave]
    route_nu: str
    beslissend: list[BeslissendGevolg]


def besluit_route(
    kader: Afwegingskader, antwoorden: Iterable[Mapping[str, Any]], uitkomst: Mapping[str, Any]
) -> BesluitRoute:
    """From a besluit's stored answers and outcome, under the framework it was taken with."""
    start = str(uitkomst["route"])
    return BesluitRoute(
        antwoorden=[(a, route_titel_van_sleutel(kader, start, a["afweging"])) for a in antwoorden],
        overdrachten=overdrachten_uit(kader, uitkomst.get("overdrachten") or []),
        route_nu=route_model(kader, uitkomst.get("route_nu") or start).titel,
        beslissend=[
            beslissend_gevolg(kader, i) for i in uitkomst.get("beslissende_signalen") or []
        ],
    )


def afweging_naam(afweging: Afweging) -> str:
    """The afweging as messages name it: its id with its short label, '2 · VEILIGHEID'."""
    return f"{afweging.id} · {afweging.kort}" if afweging.kort else afweging.id


def afweging_namen(kader: Afwegingskader, start: str | None) -> dict[str, str]:
    """Every answer key a casus starting in route ``start`` can have, with the afweging's name:
    '2 · VEILIGHEID', and for a route handed over to 'Route title: 3 · HULP'."""
    start = start or kader.model.routes[0].id
    namen = {}
    for route in kader.model.routes:
        for a in route.afwegingen:
            sleutel = antwoord_sleutel(start, route.id, a.id)
            namen[sleutel] = (
                afweging_naam(a) if route.id == start else f"{route.titel}: {afweging_naam(a)}"
            )
    return namen


def stap_afweging(kader: Afwegingskader, beslissing: Beslissing, stap: Stap) -> Afweging:
    """The afweging of a step on the path, in the route the step lies in."""
    return afweging_model(kader, stap.route or beslissing.route, stap.afweging)


def volgende_afweging(kader: Afwegingskader, beslissing: Beslissing) -> Afweging | None:
    """The afweging whose turn it is, in the route the path is in now (after a handover, the
    route handed over to)."""
    if beslissing.volgende_afweging is None:
        return None
    return afweging_model(kader, beslissing.route_nu, beslissing.volgende_afweging)


def optie_model(afweging: Afweging, optie_id: str) -> Optie:
    return next(o for o in afweging.opties if o.id == optie_id)


def _rol(kader: Afwegingskader, beslissing: Beslissing, stap: Stap) -> Rol:
    return stap_afweging(kader, beslissing, stap).rol


def besluit_opslaanbaar(kader: Afwegingskader, beslissing: Beslissing) -> bool:
    """A besluit can be stored once the path has ended (1 = nee) or the onveiligheid
    afweging (2) is answered (DESIGN.md, 'The afwegingskader, exactly')."""
    if not beslissing.pad:
        return False
    if beslissing.afgerond:
        return True
    return any(_rol(kader, beslissing, s) is Rol.ONVEILIGHEID for s in beslissing.pad)


def sluit_casus(kader: Afwegingskader, beslissing: Beslissing) -> bool:
    """The outcome ends the meldcode traject: only actions of soort afsluiten (1 = nee)."""
    return (
        beslissing.afgerond
        and bool(beslissing.acties)
        and all(kader.actie_soort[a] is ActieSoort.AFSLUITEN for a in beslissing.acties)
    )


def vraagt_conclusie(kader: Afwegingskader, optie: Optie) -> bool:
    """Closing the traject requires the conclusion in the dossier (H3, Afweging 1)."""
    return any(kader.actie_soort[a] is ActieSoort.AFSLUITEN for a in optie.acties)


def meldingen_nodig(kader: Afwegingskader, beslissing: Beslissing) -> int:
    """How many meldingen the path asks for: one for melden (a later melden on the same path is
    the same melding: after 2 = ja, Veilig Thuis decides on help), plus one per renewed melding
    after help that did not work (afweging 5 = nee, 'opnieuw melden')."""
    # A ticked signal that decides melden by itself (format 2) is that first melding.
    eerste = any(beslissend_gevolg(kader, i).melden for i in beslissing.beslissende_signalen)
    opnieuw = 0
    for stap in beslissing.pad:
        afweging = stap_afweging(kader, beslissing, stap)
        optie = optie_model(afweging, stap.antwoord)
        if not any(kader.actie_soort[a] is ActieSoort.MELDEN for a in optie.acties):
            continue
        if optie.opnieuw_melden:
            opnieuw += 1
        else:
            eerste = True
    return int(eerste) + opnieuw


def beslissing_2_open_met_veilig_thuis(kader: Afwegingskader, beslissing: Beslissing) -> bool:
    """After 2 = ja, beslissing 2 (help) is taken with Veilig Thuis: open until 3 is answered."""
    if not beslissing.samen_met_veilig_thuis or beslissing.afgerond:
        return False
    return not any(_rol(kader, beslissing, s) is Rol.EIGEN_HULP for s in beslissing.pad)


@dataclass(frozen=True)
class BeslissendGevolg:
    """A ticked signal that decides by itself (format 2, ``gevolg``): what it sets in motion,
    the norm it rests on and why, with where the framework says so."""

    signaal: str
    tekst: str
    catalogus: str
    acties_ids: tuple[str, ...]
    acties: list[str]
    norm: dict[str, object] | None
    uitleg: str | None
    bron: str
    melden: bool  # it decides an action of soort melden


def beslissend_gevolg(kader: Afwegingskader, item_id: str) -> BeslissendGevolg:
    """The consequence of a deciding signal, in the texts of ``kader`` (which may be a
    translation of the framework: the ids are the same)."""
    for catalogus in kader.model.catalogi:
        for item in catalogus.items:
            if item.id != item_id or item.gevolg is None:
                continue
            gevolg = item.gevolg
            bron = item.bron or catalogus.bron
            return BeslissendGevolg(
                signaal=item.id,
                tekst=item.tekst,
                catalogus=catalogus.titel,
                acties_ids=tuple(gevolg.acties),
                acties=[kader.actie_label[a] for a in gevolg.acties],
                norm=kader.norm_als_dict(gevolg.norm)
                if gevolg.norm is not None and gevolg.norm in kader.normen
                else None,
                uitleg=gevolg.uitleg,
                bron=bron.als_tekst()
                if bron is not None
                else f"{kader.model.titel}, {catalogus.titel}",
                melden=heeft_actie_soort(kader, gevolg.acties, ActieSoort.MELDEN),
            )
    raise KeyError(item_id)


def beslissende_gevolgen(kader: Afwegingskader, beslissing: Beslissing) -> list[BeslissendGevolg]:
    """The ticked signals that decided on this path, each with its consequence."""
    return [beslissend_gevolg(kader, i) for i in beslissing.beslissende_signalen]


def beslissende_items(
    kader: Afwegingskader, catalogi: Iterable[Catalogus]
) -> list[BeslissendGevolg]:
    """The items of these catalogues that decide when ticked: a page names what ticking does."""
    return [
        beslissend_gevolg(kader, item.id)
        for catalogus in catalogi
        if catalogus.aanvinkbaar
        for item in catalogus.items
        if item.gevolg is not None
    ]


def catalogus_van_soort(
    kader: Afwegingskader, afweging: Afweging | None, soort: CatalogusSoort
) -> Catalogus | None:
    """The first catalogue of this soort shown beside the afweging (or anywhere, if None)."""
    for catalogus in kader.model.catalogi:
        if catalogus.soort is soort and (afweging is None or catalogus.id in afweging.catalogi):
            return catalogus
    return None


def voorwaarden_catalogus(kader: Afwegingskader, afweging: Afweging) -> Catalogus | None:
    """The four voorwaarden for effective help, where the afweging asks for them (H5)."""
    return catalogus_van_soort(kader, afweging, CatalogusSoort.VOORWAARDEN)


def geldt_altijd(item: CatalogusItem) -> bool:
    """A voorwaarde that applies to every professional, however short the contact (H5,
    Voorwaarden ten aanzien van hulpverlening): never 'niet van toepassing'. The framework
    says so on the item itself, or on the basis item it renders in its own words."""
    return item.altijd_van_toepassing or item.ontleend_aan in basis_altijd_van_toepassing()


def ja_eerst(opties: list[Optie]) -> list[Optie]:
    """The answer options as pages show them: those meaning ja before those meaning nee, each
    group in the framework's own order (Ja before Nee, however the file lists them)."""
    return sorted(opties, key=lambda o: o.betekenis is not Betekenis.JA)


def afwegingen_per_rol(kader: Afwegingskader, route_id: str) -> dict[str, Afweging]:
    """The route's afwegingen by what they weigh (``Rol`` value), so pages and messages name
    an afweging by the framework's own id and question instead of the basis numbering."""
    return {a.rol.value: a for a in route_model(kader, route_id).afwegingen}


def afweging_met_rol(kader: Afwegingskader, route_id: str, rol: Rol) -> Afweging | None:
    return next((a for a in route_model(kader, route_id).afwegingen if a.rol is rol), None)


def pad_betekenis(kader: Afwegingskader, beslissing: Beslissing, rol: Rol) -> str | None:
    """The betekenis (ja/nee) answered on the path for the afweging with this rol."""
    for stap in beslissing.pad:
        if _rol(kader, beslissing, stap) is rol:
            return stap.betekenis.value
    return None


def pad_sleutel(kader: Afwegingskader, beslissing: Beslissing, rol: Rol) -> str | None:
    """The key of the answer on the path to the afweging with this rol (the first, in path
    order), as answers are stored: ``route/afweging`` after a handover."""
    for stap in beslissing.pad:
        if _rol(kader, beslissing, stap) is rol:
            return beslissing.sleutel(stap)
    return None


def heeft_actie_soort(
    kader: Afwegingskader, acties: list[str] | tuple[str, ...], soort: ActieSoort
) -> bool:
    return any(kader.actie_soort.get(a) is soort for a in acties)


def niet_voldane_voorwaarden(
    kader: Afwegingskader, afweging: Afweging, toets: dict[str, dict[str, str]]
) -> list[str]:
    """'voorwaarde 2', … for each voorwaarde marked niet voldaan, in catalogue order."""
    catalogus = voorwaarden_catalogus(kader, afweging)
    if catalogus is None:
        return []
    return [
        _("voorwaarde %(n)s") % {"n": i + 1}
        for i, item in enumerate(catalogus.items)
        if (toets.get(item.id) or {}).get("status") == "niet_voldaan"
    ]
