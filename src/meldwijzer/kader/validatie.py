"""Checks a framework beyond its shape: references, the decision graph and the legal minimum.

The legal minimum comes from the Besluit verplichte meldcode as the Basisdocument explains it
(H1 'Wat verandert er voor de beroepsgroepen?'; H2 'Stap 5: twee beslissingen die beide genomen
moeten worden'): in every route, acute and/or structurele onveiligheid always leads to melden, and
that question is weighed before any help of one's own. We find that afweging by its ``rol``, never
by its number, so a profession may renumber or split its afwegingen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from meldwijzer.kader.fouten import WETTELIJK_MINIMUM, Ernst, Probleem
from meldwijzer.kader.laden import Pad, Regels, pad_als_tekst
from meldwijzer.kader.model import (
    Actie,
    ActieSoort,
    Afweging,
    Betekenis,
    Catalogus,
    CatalogusItem,
    Kader,
    Optie,
    Rol,
    Route,
)


class _Verzamelaar:
    def __init__(self, regels: Regels, bestand: str | None) -> None:
        self.regels = regels
        self.bestand = bestand
        self.problemen: list[Probleem] = []

    def fout(
        self, pad: Pad, melding: str, ernst: Ernst = Ernst.FOUT, code: str | None = None
    ) -> None:
        self.problemen.append(
            Probleem(melding, pad_als_tekst(pad), self.regels.regel(pad), self.bestand, ernst, code)
        )


def _dubbel(ids: Iterable[tuple[str, Pad]], wat: str, v: _Verzamelaar) -> None:
    gezien: dict[str, Pad] = {}
    for ident, pad in ids:
        if ident in gezien:
            v.fout(
                pad, f"De id '{ident}' komt al eerder voor bij {wat}; geef elke id een eigen naam."
            )
        else:
            gezien[ident] = pad


def valideer(
    kader: Kader,
    regels: Regels | None = None,
    bestand: str | None = None,
    basis_item_ids: frozenset[str] | None = None,
    basis_norm_ids: frozenset[str] | None = None,
) -> list[Probleem]:
    """Every problem found, errors and remarks; an empty list of errors means usable.

    ``basis_item_ids`` and ``basis_norm_ids`` are the ids an ``ontleend_aan`` may name (None
    for the basis framework itself). Problems of the legal minimum carry a ``code`` starting
    with ``wettelijk_minimum.``.
    """
    v = _Verzamelaar(regels or Regels(), bestand)
    catalogi = {c.id: c for c in kader.catalogi}
    items = {i.id: (c, i) for c in kader.catalogi for i in c.items}
    normen = {n.id for n in kader.normen}
    acties = {a.id: a for a in kader.acties}
    _dubbele_ids(kader, catalogi, items, v)
    _valideer_normen(kader, normen, basis_norm_ids, v)
    _valideer_catalogi(kader, catalogi, basis_item_ids, v)
    for ri, route in enumerate(kader.routes):
        _valideer_route(kader, route, ("routes", ri), catalogi, normen, acties, v)
    _valideer_signaalregels(kader, catalogi, items, normen, v)
    return v.problemen


_Items = dict[str, tuple[Catalogus, CatalogusItem]]


def _dubbele_ids(
    kader: Kader, catalogi: dict[str, Catalogus], items: _Items, v: _Verzamelaar
) -> None:
    _dubbel(((c.id, ("catalogi", i, "id")) for i, c in enumerate(kader.catalogi)), "de catalogi", v)
    _dubbel(
        (
            (item.id, ("catalogi", ci, "items", ii, "id"))
            for ci, c in enumerate(kader.catalogi)
            for ii, item in enumerate(c.items)
        ),
        "de catalogusitems",
        v,
    )
    _dubbel(((n.id, ("normen", i, "id")) for i, n in enumerate(kader.normen)), "de normen", v)
    _dubbel(((a.id, ("acties", i, "id")) for i, a in enumerate(kader.acties)), "de acties", v)
    _dubbel(((r.id, ("routes", i, "id")) for i, r in enumerate(kader.routes)), "de routes", v)
    _dubbel(
        ((r.id, ("signaalregels", i, "id")) for i, r in enumerate(kader.signaalregels)),
        "de signaalregels",
        v,
    )
    dubbele_namen = set(catalogi) & set(items)
    for naam in sorted(dubbele_namen):
        v.fout(
            ("catalogi",), f"'{naam}' is zowel een catalogus als een item; kies verschillende ids."
        )


def _valideer_normen(
    kader: Kader, normen: set[str], basis_norm_ids: frozenset[str] | None, v: _Verzamelaar
) -> None:
    for ni, norm in enumerate(kader.normen):
        if norm.uitwerking_van is not None and norm.uitwerking_van not in normen:
            v.fout(
                ("normen", ni, "uitwerking_van"),
                f"De norm '{norm.uitwerking_van}' bestaat niet; noem een id uit 'normen'.",
            )
        if (
            norm.ontleend_aan is not None
            and basis_norm_ids is not None
            and norm.ontleend_aan not in basis_norm_ids
        ):
            v.fout(
                ("normen", ni, "ontleend_aan"),
                f"'{norm.ontleend_aan}' is geen norm van het basiskader; noem de id van de "
                "basisnorm die deze norm in eigen woorden weergeeft (bijvoorbeeld N2).",
            )
        for vi, ander in enumerate(norm.vervalt_naast):
            if ander not in normen:
                v.fout(
                    ("normen", ni, "vervalt_naast", vi),
                    f"De norm '{ander}' bestaat niet; noem een id uit 'normen'.",
                )


def _valideer_catalogi(
    kader: Kader,
    catalogi: dict[str, Catalogus],
    basis_item_ids: frozenset[str] | None,
    v: _Verzamelaar,
) -> None:
    alle_afwegingen = {a.id for r in kader.routes for a in r.afwegingen}
    for ci, catalogus in enumerate(kader.catalogi):
        for ai, afweging_id in enumerate(catalogus.afwegingen):
            if afweging_id not in alle_afwegingen:
                v.fout(
                    ("catalogi", ci, "afwegingen", ai),
                    f"Afweging '{afweging_id}' bestaat in geen enkele route.",
                )
        for ii, item in enumerate(catalogus.items):
            if item.zie_catalogus is not None and item.zie_catalogus not in catalogi:
                v.fout(
                    ("catalogi", ci, "items", ii, "zie_catalogus"),
                    f"De catalogus '{item.zie_catalogus}' bestaat niet.",
                )
            if (
                item.ontleend_aan is not None
                and basis_item_ids is not None
                and item.ontleend_aan not in basis_item_ids
            ):
                v.fout(
                    ("catalogi", ci, "items", ii, "ontleend_aan"),
                    f"'{item.ontleend_aan}' is geen item van het basiskader; noem de id van "
                    "het basisitem dat dit item in eigen woorden weergeeft.",
                )


def _valideer_signaalregels(
    kader: Kader,
    catalogi: dict[str, Catalogus],
    items: _Items,
    normen: set[str],
    v: _Verzamelaar,
) -> None:
    routes = {r.id: r for r in kader.routes}
    for ri, regel in enumerate(kader.signaalregels):
        pad: Pad = ("signaalregels", ri)
        if regel.route is not None and regel.route not in routes:
            v.fout((*pad, "route"), f"De route '{regel.route}' bestaat niet.")
        bereik = [routes[regel.route]] if regel.route in routes else list(kader.routes)
        if not any(regel.afweging == a.id for r in bereik for a in r.afwegingen):
            v.fout(
                (*pad, "afweging"), f"Afweging '{regel.afweging}' bestaat niet in deze route(s)."
            )
        if regel.norm is not None and regel.norm not in normen:
            v.fout((*pad, "norm"), f"De norm '{regel.norm}' bestaat niet.")
        for si, signaal in enumerate(regel.signalen):
            if signaal == "*":
                continue
            if signaal in catalogi:
                if not catalogi[signaal].aanvinkbaar:
                    v.fout(
                        (*pad, "signalen", si),
                        f"De catalogus '{signaal}' is niet aanvinkbaar; zet 'aanvinkbaar: true' "
                        "of noem een andere catalogus.",
                    )
            elif signaal in items:
                if not items[signaal][0].aanvinkbaar:
                    v.fout((*pad, "signalen", si), f"Het item '{signaal}' is niet aanvinkbaar.")
            else:
                v.fout(
                    (*pad, "signalen", si),
                    f"'{signaal}' is geen catalogus en geen item; noem een bestaande id of '*'.",
                )
        if regel.wanneer.value == "aangevinkt" and "{item}" not in regel.tekst:
            v.fout(
                (*pad, "tekst"),
                "Een waarschuwing bij een aangevinkt signaal moet het signaal noemen: zet "
                "'{item}' in de tekst.",
            )


def _valideer_route(
    kader: Kader,
    route: Route,
    pad: Pad,
    catalogi: dict[str, Catalogus],
    normen: set[str],
    acties: dict[str, Actie],
    v: _Verzamelaar,
) -> None:
    afwegingen = {a.id: a for a in route.afwegingen}
    index = {a.id: i for i, a in enumerate(route.afwegingen)}
    _dubbel(
        ((a.id, (*pad, "afwegingen", i, "id")) for i, a in enumerate(route.afwegingen)),
        f"de afwegingen van route '{route.id}'",
        v,
    )
    if route.start not in afwegingen:
        v.fout((*pad, "start"), f"De startafweging '{route.start}' bestaat niet in deze route.")

    soorten = {a_id: a.soort for a_id, a in acties.items()}
    for ai, afweging in enumerate(route.afwegingen):
        apad: Pad = (*pad, "afwegingen", ai)
        _valideer_afweging(afweging, apad, catalogi, v)
        for oi, optie in enumerate(afweging.opties):
            opad: Pad = (*apad, "opties", oi)
            _valideer_optie(route, afweging, optie, opad, afwegingen, normen, acties, soorten, v)

    if route.start not in afwegingen:
        return
    if _valideer_bereik(route, pad, afwegingen, index, v):
        _wettelijk_minimum(route, pad, soorten, v)


def _valideer_afweging(
    afweging: Afweging, apad: Pad, catalogi: dict[str, Catalogus], v: _Verzamelaar
) -> None:
    """Its catalogues exist, its answers are unique by id and label, and one means ja, one nee."""
    for ci, catalogus in enumerate(afweging.catalogi):
        if catalogus not in catalogi:
            v.fout((*apad, "catalogi", ci), f"De catalogus '{catalogus}' bestaat niet.")
    _dubbel(
        ((o.id, (*apad, "opties", oi, "id")) for oi, o in enumerate(afweging.opties)),
        f"de antwoorden van afweging '{afweging.id}'",
        v,
    )
    labels = Counter(o.label.casefold() for o in afweging.opties)
    for label, aantal in labels.items():
        if aantal > 1:
            v.fout(
                (*apad, "opties"),
                f"Het antwoord '{label}' staat {aantal} keer bij afweging '{afweging.id}'; "
                "maak de antwoorden eenduidig.",
            )
    betekenissen = {o.betekenis for o in afweging.opties}
    for nodig in (Betekenis.JA, Betekenis.NEE):
        if nodig not in betekenissen:
            v.fout(
                (*apad, "opties"),
                f"Afweging '{afweging.id}' heeft geen antwoord dat '{nodig.value}' betekent; "
                "elke afweging heeft ten minste een ja- en een nee-antwoord.",
            )


def _valideer_bereik(
    route: Route,
    pad: Pad,
    afwegingen: dict[str, Afweging],
    index: dict[str, int],
    v: _Verzamelaar,
) -> bool:
    """Every afweging is reachable from the start and no path runs in a circle; False when a
    circle makes the paths endless (the legal minimum is then not followed along them)."""
    bereikt, cycli = _bereik_en_kringen(route, afwegingen)
    for cyclus in cycli:
        v.fout(
            (*pad, "afwegingen", index[cyclus[0]]),
            "De afwegingen vormen een kring (" + " → ".join(cyclus) + "); elk pad moet eindigen.",
        )
    for afweging in route.afwegingen:
        if afweging.id not in bereikt:
            v.fout(
                (*pad, "afwegingen", index[afweging.id]),
                f"Afweging '{afweging.id}' is vanaf de start '{route.start}' niet te bereiken; "
                "verwijs ernaar vanuit een 'volgende' of haal haar weg.",
            )
    return not cycli


def _valideer_optie(
    route: Route,
    afweging: Afweging,
    optie: Optie,
    opad: Pad,
    afwegingen: dict[str, Afweging],
    normen: set[str],
    acties: dict[str, Actie],
    soorten: dict[str, ActieSoort],
    v: _Verzamelaar,
) -> None:
    for xi, actie in enumerate(optie.acties):
        if actie not in acties:
            v.fout((*opad, "acties", xi), f"De actie '{actie}' bestaat niet in 'acties'.")
    if len(set(optie.acties)) != len(optie.acties):
        v.fout((*opad, "acties"), "Een actie staat twee keer bij dit antwoord.")
    if optie.volgende is not None and optie.volgende not in afwegingen:
        v.fout(
            (*opad, "volgende"),
            f"De volgende afweging '{optie.volgende}' bestaat niet in route '{route.id}'.",
        )
    if optie.volgende is None and not optie.acties:
        v.fout(
            opad,
            f"Antwoord '{optie.id}' bij afweging '{afweging.id}' eindigt zonder uitkomst: "
            "geef een 'volgende' afweging of ten minste één actie.",
        )
    meldt = any(soorten.get(a) is ActieSoort.MELDEN for a in optie.acties)
    if optie.norm is not None and optie.norm not in normen:
        v.fout((*opad, "norm"), f"De norm '{optie.norm}' bestaat niet in 'normen'.")
    if meldt and optie.norm is None:
        v.fout(
            (*opad, "norm"),
            f"Antwoord '{optie.id}' bij afweging '{afweging.id}' leidt tot melden: noem "
            "de professionele norm waarop die melding rust ('norm').",
        )
    if optie.norm is not None and not meldt:
        v.fout(
            (*opad, "norm"),
            "Een norm hoort bij een antwoord dat tot melden leidt; dit antwoord meldt niet.",
        )
    if optie.opnieuw_melden and not meldt:
        v.fout(
            (*opad, "opnieuw_melden"),
            "'opnieuw_melden' kan alleen bij een antwoord dat tot melden leidt.",
        )


def _bereik_en_kringen(
    route: Route, afwegingen: dict[str, Afweging]
) -> tuple[set[str], list[list[str]]]:
    """The afwegingen reachable from the start, and every cycle met on the way (as the ids
    along it), by depth-first search. With its own stack, not recursion: a route of thousands
    of afwegingen in a row is as deep as it is long (docs/kader-formaat.md, 'Grenzen')."""
    bereikt: set[str] = set()
    klaar: set[str] = set()
    cycli: list[list[str]] = []
    stapel: list[str] = []  # the path from the start to the afweging being visited
    plek: dict[str, int] = {}  # where each afweging on that path stands in it
    werk: list[Iterator[Optie]] = []

    def betreed(a_id: str) -> None:
        bereikt.add(a_id)
        plek[a_id] = len(stapel)
        stapel.append(a_id)
        werk.append(iter(afwegingen[a_id].opties))

    betreed(route.start)
    while werk:
        optie = next(werk[-1], None)
        if optie is None:
            werk.pop()
            verlaten = stapel.pop()
            del plek[verlaten]
            klaar.add(verlaten)
            continue
        nxt = optie.volgende
        if nxt is None or nxt not in afwegingen:
            continue
        if nxt in plek:
            cycli.append([*stapel[plek[nxt] :], nxt])
        elif nxt not in klaar:
            betreed(nxt)
    return bereikt, cycli


def _wettelijk_minimum(
    route: Route, pad: Pad, soorten: dict[str, ActieSoort], v: _Verzamelaar
) -> None:
    afwegingen = {a.id: a for a in route.afwegingen}
    index = {a.id: i for i, a in enumerate(route.afwegingen)}
    onveilig = [a for a in route.afwegingen if a.rol is Rol.ONVEILIGHEID]
    if route.buiten_meldcode is not None:
        v.fout(
            (*pad, "buiten_meldcode"),
            f"Route '{route.id}' valt buiten de meldcode: {route.buiten_meldcode.reden} "
            f"(bron: {route.buiten_meldcode.bron}). Het wettelijk minimum wordt hier niet "
            "getoetst.",
            Ernst.OPMERKING,
            f"{WETTELIJK_MINIMUM}.buiten_meldcode",
        )
        return
    if len(onveilig) != 1:
        v.fout(
            (*pad, "afwegingen"),
            f"Route '{route.id}' heeft {len(onveilig)} afwegingen met 'rol: onveiligheid'; het "
            "wettelijk minimum vraagt er precies één (acute en/of structurele onveiligheid, "
            "H3 Afweging 2). Verklaar anders met 'buiten_meldcode' waarom deze route buiten de "
            "meldcode valt.",
            code=f"{WETTELIJK_MINIMUM}.een_afweging_onveiligheid",
        )
        return
    kern = onveilig[0]

    _geen_hulp_voor_onveiligheid(route, pad, soorten, v, afwegingen, index, kern)
    _melden_bij_onveiligheid(route, pad, soorten, v, afwegingen, index, kern)


def _geen_hulp_voor_onveiligheid(
    route: Route,
    pad: Pad,
    soorten: dict[str, ActieSoort],
    v: _Verzamelaar,
    afwegingen: dict[str, Afweging],
    index: dict[str, int],
    kern: Afweging,
) -> None:
    # Help may only be offered after the onveiligheid question has been weighed.
    voor_kern: set[str] = set()
    werk = [route.start]
    while werk:
        a_id = werk.pop()
        if a_id in voor_kern or a_id == kern.id or a_id not in afwegingen:
            continue
        voor_kern.add(a_id)
        werk.extend(o.volgende for o in afwegingen[a_id].opties if o.volgende is not None)
    for a_id in sorted(voor_kern, key=index.__getitem__):
        for oi, optie in enumerate(afwegingen[a_id].opties):
            if any(soorten.get(x) is ActieSoort.HULP for x in optie.acties):
                v.fout(
                    (*pad, "afwegingen", index[a_id], "opties", oi, "acties"),
                    f"Antwoord '{optie.id}' bij afweging '{a_id}' biedt hulp voordat afweging "
                    f"'{kern.id}' (acute en/of structurele onveiligheid) is gewogen. Het wettelijk "
                    "minimum vraagt die afweging eerst (H2, Stap 5: twee beslissingen die beide "
                    "genomen moeten worden).",
                    code=f"{WETTELIJK_MINIMUM}.geen_hulp_voor_onveiligheid",
                )


class _MeldtEerst:
    """Whether every path on from an answer reaches an action of soort melden before one of
    soort hulp; per afweging remembered, followed with a stack of its own rather than recursion
    (routes thousands of afwegingen deep)."""

    def __init__(self, afwegingen: dict[str, Afweging], soorten: dict[str, ActieSoort]) -> None:
        self.afwegingen = afwegingen
        self.soorten = soorten
        self.cache: dict[str, bool] = {}
        self.bezig: set[str] = set()  # afwegingen whose answers are still being followed

    def beslist(self, acties: list[str]) -> bool | None:
        """True or False when the actions themselves decide (melden or hulp comes first)."""
        for actie in acties:
            soort = self.soorten.get(actie)
            if soort is ActieSoort.MELDEN:
                return True
            if soort is ActieSoort.HULP:
                return False
        return None

    def optie(self, acties: list[str], volgende: str | None) -> bool:
        eigen = self.beslist(acties)
        if eigen is not None:
            return eigen
        if volgende is None or volgende not in self.afwegingen:
            return False
        if volgende not in self.cache and volgende not in self.bezig:
            self._vul(volgende)
        # An afweging still being followed lies on a cycle: that path never reaches melden.
        return self.cache.get(volgende, False)

    def _open(self, volgende: str | None) -> bool:
        return (
            volgende in self.afwegingen
            and volgende not in self.cache
            and volgende not in self.bezig
        )

    def _vul(self, begin: str) -> None:
        """Fill the cache for ``begin`` and everything after it, after-most first."""
        werk = [begin]
        while werk:
            a_id = werk[-1]
            if a_id in self.cache:
                werk.pop()
                continue
            opties = self.afwegingen[a_id].opties
            if a_id not in self.bezig:
                self.bezig.add(a_id)
                verder = [
                    o.volgende
                    for o in opties
                    if self.beslist(o.acties) is None and self._open(o.volgende)
                ]
                if verder:
                    werk.extend(v for v in verder if v is not None)
                    continue
            self.cache[a_id] = all(self.optie(o.acties, o.volgende) for o in opties)
            self.bezig.discard(a_id)
            werk.pop()


def _melden_bij_onveiligheid(
    route: Route,
    pad: Pad,
    soorten: dict[str, ActieSoort],
    v: _Verzamelaar,
    afwegingen: dict[str, Afweging],
    index: dict[str, int],
    kern: Afweging,
) -> None:
    # Every answer that does not mean nee must lead to melden, before any hulp.
    meldt_eerst = _MeldtEerst(afwegingen, soorten)
    kern_i = index[kern.id]
    for oi, optie in enumerate(kern.opties):
        if optie.betekenis is Betekenis.NEE:
            continue
        if not meldt_eerst.optie(optie.acties, optie.volgende):
            v.fout(
                (*pad, "afwegingen", kern_i, "opties", oi),
                f"Antwoord '{optie.id}' bij afweging '{kern.id}' betekent dat er acute en/of "
                "structurele onveiligheid is, maar leidt niet (vóór hulp) tot een actie van soort "
                "melden. Het wettelijk minimum: in ALLE gevallen van acute en/of structurele "
                "onveiligheid melden (H3, Afweging 2, Professionele norm).",
                code=f"{WETTELIJK_MINIMUM}.melden_bij_onveiligheid",
            )
