"""Reads for what follows the besluit and what the casus still asks: the open points.

One place computes, from stored records, what a casus still needs — steps after a
spoedmelding, agreements and feedback of Veilig Thuis, the hulpplan, the next evaluation,
whether and how the traject can be closed, Kindcheck questions, and the disclosure warning —
so the overview, the pages and the services say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from meldwijzer import datumtekst
from meldwijzer.dossier import historie, selectors, stap5
from meldwijzer.dossier.models import (
    Afsluiting,
    AfsluitSoort,
    Betrokkene,
    BetrokkeneRol,
    BijzondereVorm,
    Casus,
    Correctie,
    Evaluatie,
    Hulpplan,
    Kindcheck,
    Melding,
    ZorgtVoorKinderen,
)
from meldwijzer.dossier.selectors import Ontbrekend, Stap5Stand
from meldwijzer.gedeeld import rijen
from meldwijzer.kader.model import ActieSoort, CatalogusSoort, Rol

# --- the melding and Veilig Thuis ---------------------------------------------------------


@dataclass
class MeldingStand:
    melding: Melding
    afspraken: list
    terugkoppelingen: list

    @property
    def compleet(self) -> bool:
        """Agreements with Veilig Thuis and its feedback are recorded (DESIGN.md)."""
        return bool(self.afspraken) and bool(self.terugkoppelingen)


def _melding_standen(casus: Casus) -> list[MeldingStand]:
    return [
        MeldingStand(m, list(m.afspraken.all()), list(m.terugkoppelingen.all()))
        for m in selectors.meldingen(casus).filter(ronde=casus.ronde)
    ]


def spoed_ontbrekend(casus: Casus, besluit_in_ronde: bool) -> list[Ontbrekend]:
    """After a spoedmelding: the steps of the meldcode still to be recorded."""
    ontbrekend: list[Ontbrekend] = []
    ontbrekend.extend(selectors.ontbrekend_voor_stap5(casus))
    if not besluit_in_ronde:
        ontbrekend.append(
            Ontbrekend(5, _("Er is nog geen besluit vastgelegd (stap 5)."), "web:besluit")
        )
    return ontbrekend


# --- closing --------------------------------------------------------------------------------


@dataclass
class AfsluitStand:
    """Whether the traject can be closed now, as which soort, and what is missing."""

    soort: AfsluitSoort | None
    redenen: list[str] = field(default_factory=list)
    samen_met_veilig_thuis: bool = False

    @property
    def kan(self) -> bool:
        return self.soort is not None and not self.redenen


def afsluit_stand(stand: Stap5Stand, meldingen: list[MeldingStand]) -> AfsluitStand:
    """hulp_afsluiten after afweging 5 = ja; closing after melding once every melding has its
    agreements with Veilig Thuis and its feedback (DESIGN.md, 'The afwegingskader, exactly')."""
    kader = stand.kader
    besluit = stand.besluit if stand.besluit_in_ronde else None
    if besluit is None:
        return AfsluitStand(None, [str(_("Er is nog geen besluit in stap 5."))])
    acties = besluit.uitkomst.get("acties", [])
    if stand.beslissing.volgende_afweging is not None:
        return AfsluitStand(
            None,
            [
                str(
                    _("Het besluit is nog niet af: afweging %(nummer)s staat nog open.")
                    % {
                        "nummer": stap5.afweging_naam(stand.volgende)
                        if stand.volgende is not None
                        else stand.beslissing.volgende_afweging
                    }
                )
            ],
        )
    if stap5.heeft_actie_soort(kader, acties, ActieSoort.HULP_AFSLUITEN):
        soort = AfsluitSoort.HULP_AFSLUITEN
    elif stap5.heeft_actie_soort(kader, acties, ActieSoort.MELDEN):
        soort = AfsluitSoort.NA_MELDING
    else:
        return AfsluitStand(None, [])
    redenen: list[str] = []
    if stand.melding_open:
        redenen.append(str(_("Meld eerst bij Veilig Thuis, zoals het besluit vraagt.")))
    for m in meldingen:
        datum = datumtekst.datum_van_vastlegging(m.melding.datum, m.melding.vastgelegd_op)
        if not m.afspraken:
            redenen.append(
                str(
                    _("Melding van %(datum)s: leg de afspraken met Veilig Thuis vast.")
                    % {"datum": datum}
                )
            )
        if not m.terugkoppelingen:
            redenen.append(
                str(
                    _("Melding van %(datum)s: leg de terugkoppeling van Veilig Thuis vast.")
                    % {"datum": datum}
                )
            )
    return AfsluitStand(soort, redenen, stand.beslissing.samen_met_veilig_thuis)


# --- evaluations --------------------------------------------------------------------------


def volgende_evaluatie(plan: Hulpplan | None) -> dt.date | None:
    """The next planned evaluation of this plan: the first planned date after the last one
    held (or the date a *doorgaan* evaluation set)."""
    if plan is None:
        return None
    # Its evaluations' dates only, by a fixed statement (gedeeld.rijen): every overview asks.
    gehouden = rijen.lees(
        Evaluatie,
        "hulpplan_id = %s",
        [plan.pk],
        volgorde="datum, id",
        velden=("hulpplan_id", "datum", "volgende_datum"),
    )
    gepland = [*plan.evaluatiedatums, *(e.volgende_datum for e in gehouden if e.volgende_datum)]
    laatst = max((e.datum for e in gehouden), default=plan.datum)
    later = [d for d in gepland if d > laatst]
    return min(later) if later else None


# --- care for those involved ----------------------------------------------------------------


@dataclass
class KindcheckPunt:
    betrokkene: Betrokkene
    laatste: Kindcheck | None
    soort: str  # vragen | uitzoeken | kinderen_toevoegen
    tekst: Promise | str


def kindcheck_punten(
    casus: Casus, aangevinkt: list[str], betrokkenen: list[Betrokkene] | None = None
) -> list[KindcheckPunt]:
    """For adults: ask whether they care for children when a Kindcheck condition is ticked in
    the casus, and prompt adding the children (H4, Oudersignalen). ``betrokkenen``: the
    current ones, when the caller has read them already."""
    kader = casus.kader_versie.kader()
    catalogus = stap5.catalogus_van_soort(kader, None, CatalogusSoort.KINDCHECK)
    kindcheck_ids = {i.id for i in catalogus.items} if catalogus is not None else set()
    aangevinkt_kindcheck = bool(kindcheck_ids & set(aangevinkt))
    alle = list(selectors.betrokkenen(casus)) if betrokkenen is None else betrokkenen
    heeft_kind = any(b.rol == BetrokkeneRol.KIND for b in alle)
    laatste: dict[int, Kindcheck] = {}
    kindchecks = rijen.lees(Kindcheck, "casus_id = %s", [casus.pk], volgorde="vastgelegd_op, id")
    for check in kindchecks:
        laatste[check.betrokkene_id] = check
    punten: list[KindcheckPunt] = []
    for b in alle:
        if not b.is_volwassen:
            continue
        k = laatste.get(b.pk)
        if k is None:
            if aangevinkt_kindcheck:
                punten.append(
                    KindcheckPunt(
                        b,
                        None,
                        "vragen",
                        _(
                            "Kindcheck: er is een Kindcheck-omstandigheid aangevinkt. Geef aan "
                            "of die voor deze volwassene geldt en of hij of zij voor kinderen "
                            "zorgt."
                        ),
                    )
                )
        elif k.condities and k.zorgt_voor_kinderen == ZorgtVoorKinderen.ONBEKEND:
            punten.append(
                KindcheckPunt(
                    b,
                    k,
                    "uitzoeken",
                    _("Kindcheck: zoek uit of deze volwassene voor kinderen zorgt."),
                )
            )
        elif k.condities and k.zorgt_voor_kinderen == ZorgtVoorKinderen.JA and not heeft_kind:
            punten.append(
                KindcheckPunt(
                    b,
                    k,
                    "kinderen_toevoegen",
                    _(
                        "Kindcheck: deze volwassene zorgt voor kinderen. Voeg de kinderen toe "
                        "als betrokkenen; de kans op schade voor hen is groot."
                    ),
                )
            )
    return punten


def zorg_bij_gesprek(
    casus: Casus, aangevinkt: list[str], vormen: set[str] | None = None
) -> list[str]:
    """What makes talking to the parents or the suspected pleger first dangerous: disclosure
    ticked, or a form of violence such as eergerelateerd geweld (H3, Afweging 2 (c);
    H4, C. Disclosure; H5, voorwaarde 3)."""
    kader = casus.kader_versie.kader()
    gevonden: list[str] = []
    for catalogus in kader.model.catalogi:
        if catalogus.soort is CatalogusSoort.DISCLOSURE and any(
            i.id in aangevinkt for i in catalogus.items
        ):
            gevonden.append(str(_("disclosure")))
    if vormen is None:
        vormen = selectors.bijzondere_vormen(casus)
    gevonden.extend(str(v.label).lower() for v in BijzondereVorm if v.value in vormen)
    return gevonden


# --- everything together ---------------------------------------------------------------------


@dataclass
class Vervolg:
    stand: Stap5Stand
    meldingen: list[MeldingStand]
    spoedmelding: Melding | None
    spoed_ontbrekend: list[Ontbrekend]
    hulpplan: Hulpplan | None
    hulpplan_mogelijk: bool
    hulpplan_nodig: bool
    evaluatie_aan_de_beurt: bool
    volgende_evaluatie: dt.date | None
    afsluiten: AfsluitStand
    kindcheck: list[KindcheckPunt]
    zorg_bij_gesprek: list[str]
    verstreken_termijnen: list = field(default_factory=list)
    afsluiting: Afsluiting | None = None  # how this ronde was closed, if with agreements
    # Corrections after the besluit of what it rested on: decide again? (docs/adr/0019)
    basis_gewijzigd: list[Correctie] = field(default_factory=list)

    @property
    def evaluatie_verlopen(self) -> bool:
        return (
            self.evaluatie_aan_de_beurt
            and self.volgende_evaluatie is not None
            and self.volgende_evaluatie < timezone.localdate()
        )

    @property
    def meldingen_onvolledig(self) -> list[MeldingStand]:
        return [m for m in self.meldingen if not m.compleet]


def vervolg(
    casus: Casus,
    stand: Stap5Stand | None = None,
    *,
    betrokkenen: list[Betrokkene] | None = None,
    kort: bool = False,
    aantallen: dict[str, int] | None = None,
) -> Vervolg:
    """What follows for this casus. ``stand``: stap 5's state when the caller has it; without
    it, it is computed here with the meldingen read for the rest (one count fewer). ``kort``:
    for a page that shows no texts of answers, besluit or hulpplan (the casus overview), those
    are not read (``selectors.stap5_stand``, ``selectors.huidig_hulpplan``). ``betrokkenen``:
    the current ones, when the caller has read them already. ``aantallen``: the casus's counts
    (``selectors.aantallen``) when the caller has them: a kind of record the casus has none of
    (not withdrawn, in any ronde) is then not read."""
    meldingen = _melding_standen(casus) if aantallen is None or aantallen["meldingen"] else []
    stand = stand or selectors.stap5_stand(casus, meldingen_gedaan=len(meldingen), kort=kort)
    kader = stand.kader
    spoed = next((m.melding for m in meldingen if m.melding.spoed), None)
    eigen_hulp_ja = stap5.pad_betekenis(kader, stand.beslissing, Rol.EIGEN_HULP) == "ja"
    plan = (
        selectors.huidig_hulpplan(casus, kort=kort)
        if aantallen is None or aantallen["hulpplannen"]
        else None
    )
    lopend = stand.besluit_in_ronde and not stand.beslissing.afgerond
    hulp = stand.besluit_in_ronde and stap5.heeft_actie_soort(
        kader, stand.beslissing.acties, ActieSoort.HULP
    )
    evaluatie = stand.volgende is not None and stand.volgende.rol is Rol.RESULTAAT
    vandaag = timezone.localdate()
    verstreken = [
        a
        for m in meldingen
        for a in m.afspraken
        if not casus.is_afgesloten and a.uiterlijk < vandaag
    ]
    return Vervolg(
        stand=stand,
        meldingen=meldingen,
        spoedmelding=spoed,
        spoed_ontbrekend=spoed_ontbrekend(casus, stand.besluit_in_ronde)
        if spoed is not None and not casus.is_afgesloten
        else [],
        hulpplan=plan,
        hulpplan_mogelijk=bool(eigen_hulp_ja and lopend and not casus.is_afgesloten),
        hulpplan_nodig=bool(hulp and plan is None and lopend and not casus.is_afgesloten),
        evaluatie_aan_de_beurt=evaluatie,
        volgende_evaluatie=volgende_evaluatie(plan) if evaluatie else None,
        afsluiten=afsluit_stand(stand, meldingen)
        if not casus.is_afgesloten
        else AfsluitStand(None),
        kindcheck=kindcheck_punten(casus, stand.signalen, betrokkenen)
        if not casus.is_afgesloten
        else [],
        zorg_bij_gesprek=zorg_bij_gesprek(casus, stand.signalen, stand.vormen),
        verstreken_termijnen=verstreken,
        afsluiting=selectors.afsluitingen(casus).filter(ronde=casus.ronde).first()
        if casus.is_afgesloten
        else None,
        basis_gewijzigd=historie.basis_gewijzigd(casus, stand.besluit, kort=kort)
        if stand.besluit_in_ronde and not casus.is_afgesloten
        else [],
    )
