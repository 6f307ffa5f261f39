"""Stap-5 rules on top of the engine, for any framework (not only the basis one).

Pure functions of a compiled framework and the engine's Beslissing; no database (Django only
for translating a label). They name
afwegingen by their ``rol``, so a profession's framework with other ids works the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from meldwijzer.kader import Afwegingskader, Beslissing, beslis
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


def optie_voorbeelden(
    kader: Afwegingskader,
    route: str | None,
    gegeven: Mapping[str, str],
    signalen: Iterable[str],
    volgende: Afweging,
) -> list[OptieVoorbeeld]:
    """The options of the next afweging as the stap-5 form shows them (the casus page and the
    practice page alike): what each would set in motion and the warnings it would give."""
    signalen = list(signalen)
    uit = []
    for optie in ja_eerst(volgende.opties):
        na = beslis(kader, {**gegeven, volgende.id: optie.id}, signalen, route=route)
        uit.append(
            OptieVoorbeeld(
                id=optie.id,
                label=optie.label,
                betekenis=optie.betekenis.value,
                acties=[kader.actie_label[a] for a in optie.acties],
                volgende=optie.volgende,
                uitleg=optie.uitleg,
                waarschuwingen=[w.tekst for w in na.waarschuwingen if w.afweging == volgende.id],
                legt_besluit_vast=besluit_opslaanbaar(kader, na),
            )
        )
    return uit


def route_model(kader: Afwegingskader, route_id: str) -> Route:
    return next(r for r in kader.model.routes if r.id == route_id)


def afweging_model(kader: Afwegingskader, route_id: str, afweging_id: str) -> Afweging:
    return next(a for a in route_model(kader, route_id).afwegingen if a.id == afweging_id)


def optie_model(afweging: Afweging, optie_id: str) -> Optie:
    return next(o for o in afweging.opties if o.id == optie_id)


def _rol(kader: Afwegingskader, route_id: str, afweging_id: str) -> Rol:
    return afweging_model(kader, route_id, afweging_id).rol


def besluit_opslaanbaar(kader: Afwegingskader, beslissing: Beslissing) -> bool:
    """A besluit can be stored once the path has ended (1 = nee) or the onveiligheid
    afweging (2) is answered (DESIGN.md, 'The afwegingskader, exactly')."""
    if not beslissing.pad:
        return False
    if beslissing.afgerond:
        return True
    return any(
        _rol(kader, beslissing.route, s.afweging) is Rol.ONVEILIGHEID for s in beslissing.pad
    )


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
    eerste = False
    opnieuw = 0
    for stap in beslissing.pad:
        afweging = afweging_model(kader, beslissing.route, stap.afweging)
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
    return not any(
        _rol(kader, beslissing.route, s.afweging) is Rol.EIGEN_HULP for s in beslissing.pad
    )


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
        if _rol(kader, beslissing.route, stap.afweging) is rol:
            return stap.betekenis.value
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
