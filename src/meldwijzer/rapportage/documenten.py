"""What the printable documents of a casus hold: the whole dossier, and the sheet to prepare a
melding at Veilig Thuis.

Reads only, through the dossier's selectors and model attributes (so any decryption of free
text applies), of one casus the caller has already checked the reader may see. Nothing of
another casus, no access log, no audit values: only what the casus pages show.

The dossier is the history: every record in its current version with its corrections (the
fields changed, old and new) and withdrawn records marked where they stood (docs/adr/0019). The
melding sheet holds the current versions only, and a ticked signal only with its sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils import timezone

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Membership
from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.dossier import historie, selectors, stap5, vervolg
from meldwijzer.dossier.models import (
    Aard,
    Besluit,
    Betrokkene,
    BijzondereVorm,
    Casus,
    Kindcheck,
    Melding,
    RedenNietGeinformeerd,
    Signaal,
)
from meldwijzer.dossier.selectors import Stap5Stand
from meldwijzer.kader.model import Rol
from meldwijzer.rapportage.models import Termijn

T = TypeVar("T")

# The attribute the dossier's records carry their corrections and withdrawal in.
HISTORIE = "historie"


@dataclass
class Kop:
    """Who made the document, when, of which casus (on every page)."""

    casus: Casus
    organisatie: str
    gemaakt_op: dt.datetime
    gemaakt_door: str
    kader: str


def _kop(casus: Casus, lezer: Membership) -> Kop:
    versie = casus.kader_versie
    return Kop(
        casus=casus,
        organisatie=casus.organisatie.naam,
        gemaakt_op=timezone.localtime(),
        gemaakt_door=lezer.user.weergavenaam,
        kader=f"{versie.titel}, versie {versie.versie}",
    )


def _signaallabels(casus: Casus, ids: list[str]) -> list[str]:
    items = casus.kader_versie.kader().items
    return [items.get(i, ("", i))[1] for i in ids]


def _met_historie(rijen: Iterable[T], gebeurd: dict[str, list[historie.Gebeurd]]) -> list[T]:
    """Each record with its corrections and withdrawal, oldest first, as ``HISTORIE`` (like an
    annotation): the dossier shows under it how the current version came to be (the
    template documenten/_historie.html)."""
    uit = list(rijen)
    for rij in uit:
        setattr(rij, HISTORIE, gebeurd.get(historie.sleutel(rij), []))
    return uit


@dataclass
class SignaalRegel:
    signaal: Signaal
    labels: list[str]
    vormen: list[str]


def _signaalregels(casus: Casus, signalen: Iterable[Signaal]) -> list[SignaalRegel]:
    regels = []
    for s in signalen:
        vormen = [str(v.label) for v in BijzondereVorm if v.value in (s.vormen or [])]
        regels.append(SignaalRegel(s, _signaallabels(casus, list(s.aangevinkt or [])), vormen))
    return regels


def _signalen(casus: Casus, *, ook_ingetrokken: bool = False) -> list[Signaal]:
    return list(
        selectors.signalen(casus, ook_ingetrokken=ook_ingetrokken).order_by(
            "datum", "vastgelegd_op", "pk"
        )
    )


@dataclass
class Aangevinkt:
    """A ticked catalogue item and the recorded signalen it rests on (H2: date and source)."""

    label: str
    bronnen: list[Signaal]


@dataclass
class BesluitRegel:
    besluit: Besluit
    acties: list[str]
    normen: list[dict[str, Any]]
    waarschuwingen: list[str]
    signalen: list[Aangevinkt]
    routes: stap5.BesluitRoute  # each answer's route, the handovers, the deciding signals


def _besluiten(casus: Casus, signalen: list[Signaal]) -> list[BesluitRegel]:
    regels = []
    for b in selectors.besluiten(casus).order_by("volgnummer"):
        u = b.uitkomst
        regels.append(
            BesluitRegel(
                b,
                list((u.get("acties_label") or {}).values()),
                list(u.get("normen") or []),
                [w.get("tekst", "") for w in u.get("waarschuwingen") or []],
                _aangevinkt(casus, historie.bronnen_van_besluit(casus, b, signalen)),
                stap5.besluit_route(b.kader_versie.kader(), b.antwoorden, u),
            )
        )
    return regels


def _aangevinkt(casus: Casus, bronnen: dict[str, list[Signaal]]) -> list[Aangevinkt]:
    items = casus.kader_versie.kader().items
    return [Aangevinkt(items.get(i, ("", i))[1], lijst) for i, lijst in bronnen.items()]


@dataclass
class BetrokkeneRegel:
    betrokkene: Betrokkene
    kindcheck: Kindcheck | None  # the latest, for an adult


def _betrokkenen(casus: Casus, betrokkenen: Iterable[Betrokkene]) -> list[BetrokkeneRegel]:
    laatste: dict[int, Kindcheck] = {}
    for k in selectors.kindchecks(casus).order_by("vastgelegd_op", "pk"):
        laatste[k.betrokkene_id] = k
    return [BetrokkeneRegel(b, laatste.get(b.pk)) for b in betrokkenen]


@dataclass
class Dossier:
    kop: Kop
    stand: Stap5Stand
    vervolg: vervolg.Vervolg
    betrokkenen: list[BetrokkeneRegel]
    gebeurtenissen: list[Any]
    feiten: list[SignaalRegel]
    meningen: list[SignaalRegel]
    zienswijzen: list[Any]
    consultaties: list[Any]
    gesprekken: list[Any]
    wegingen: list[Any]
    besluiten: list[BesluitRegel]
    meldingen: list[Melding]
    hulpplannen: list[Any]
    evaluaties: list[Any]
    afsluitingen: list[Any]
    hulp_buiten_meldcode: list[Any]
    termijnen: list[Termijn]


def dossier(casus: Casus, lezer: Membership) -> Dossier:
    """The whole casus, withdrawn records included (marked), each with its history."""
    stand = selectors.stap5_stand(casus)
    gebeurd = historie.per_item(casus)
    alle = _met_historie(_signalen(casus, ook_ingetrokken=True), gebeurd)
    signalen = _signaalregels(casus, alle)
    return Dossier(
        kop=_kop(casus, lezer),
        stand=stand,
        vervolg=vervolg.vervolg(casus, stand),
        betrokkenen=_betrokkenen(
            casus, _met_historie(selectors.betrokkenen(casus, ook_ingetrokken=True), gebeurd)
        ),
        gebeurtenissen=list(tijdlijn(casus)),
        feiten=[r for r in signalen if r.signaal.aard == Aard.FEIT],
        meningen=[r for r in signalen if r.signaal.aard != Aard.FEIT],
        zienswijzen=_met_historie(selectors.zienswijzen(casus, ook_ingetrokken=True), gebeurd),
        consultaties=_met_historie(
            selectors.consultaties(casus, ook_ingetrokken=True).order_by("datum", "pk"), gebeurd
        ),
        gesprekken=_met_historie(selectors.gesprekken(casus, ook_ingetrokken=True), gebeurd),
        wegingen=_met_historie(selectors.wegingen(casus, ook_ingetrokken=True), gebeurd),
        besluiten=_besluiten(casus, alle),
        meldingen=_met_historie(
            selectors.meldingen(casus, ook_ingetrokken=True).order_by("datum", "pk"), gebeurd
        ),
        hulpplannen=_met_historie(
            selectors.hulpplannen(casus, ook_ingetrokken=True).order_by("volgnummer"), gebeurd
        ),
        evaluaties=list(selectors.evaluaties(casus).order_by("datum", "pk")),
        afsluitingen=list(selectors.afsluitingen(casus)),
        hulp_buiten_meldcode=list(selectors.hulp_buiten_meldcode(casus)),
        termijnen=list(Termijn.objects.filter(casus=casus).order_by("-open", "uiterlijk", "pk")),
    )


# --- the melding sheet -------------------------------------------------------------------------


@dataclass
class Melder:
    naam: str
    rol: str
    organisatie: str
    email: str


@dataclass
class MeldingVoorbereiden:
    """A melding as Veilig Thuis asks for it: who reports, who is involved, the concerns (facts
    first), the steps already taken, whether and how those involved were told, their support
    network, and other information."""

    kop: Kop
    melder: Melder
    betrokkenen: list[BetrokkeneRegel]
    feiten: list[SignaalRegel]
    meningen: list[SignaalRegel]
    aangevinkt: list[Aangevinkt]  # only items with a current source signaal
    vormen: list[str]
    veiligheid: list[str]  # what was recorded about acute danger and onveiligheid
    consultaties: list[Any]
    gesprekken: list[Any]
    wegingen: list[Any]
    meldingen: list[Melding]
    redenen_niet_informeren: list[str]
    zorg_bij_gesprek: list[str]
    zienswijzen: list[Any]
    besluit: BesluitRegel | None
    hulpplan: Any
    steunnetwerk: list[str] = field(default_factory=list)


def melding_voorbereiden(casus: Casus, lezer: Membership) -> MeldingVoorbereiden:
    """The current versions only: nothing withdrawn, no earlier versions."""
    stand = selectors.stap5_stand(casus)
    huidige = _signalen(casus)
    signalen = _signaalregels(casus, huidige)
    eigenaar = casus.eigenaar
    lid = Membership.objects.filter(user=eigenaar, organisatie_id=casus.organisatie_id).first()
    wegingen = list(selectors.wegingen(casus))
    meldingen = list(selectors.meldingen(casus).order_by("datum", "pk"))
    veiligheid = [
        f"{datumtekst.datum_van_vastlegging(m.datum, m.vastgelegd_op)}: {m.spoed_reden}"
        for m in meldingen
        if m.spoed
    ]
    # Every answer on the onveiligheid afweging: after a handover (kaderformaat 2) the route
    # handed over to may have its own.
    for a in stand.antwoorden:
        onveiligheid = stand.afweging_van(a)
        if onveiligheid.rol is Rol.ONVEILIGHEID:
            optie = stap5.optie_model(onveiligheid, a.antwoord)
            tekst = f"{onveiligheid.vraag} {optie.label}"
            veiligheid.append(f"{tekst}. {a.toelichting}".strip() if a.toelichting else tekst)
    besluiten = _besluiten(casus, huidige)
    bronnen = historie.bronnen_per_item(casus, huidige)
    return MeldingVoorbereiden(
        kop=_kop(casus, lezer),
        melder=Melder(
            naam=eigenaar.weergavenaam,
            rol=lid.get_rol_display() if lid else "",
            organisatie=casus.organisatie.naam,
            email=eigenaar.email,
        ),
        betrokkenen=_betrokkenen(casus, selectors.betrokkenen(casus)),
        feiten=[r for r in signalen if r.signaal.aard == Aard.FEIT],
        meningen=[r for r in signalen if r.signaal.aard != Aard.FEIT],
        aangevinkt=_aangevinkt(casus, {i: bronnen[i] for i in sorted(bronnen)}),
        vormen=sorted({v for r in signalen for v in r.vormen}),
        veiligheid=veiligheid,
        consultaties=list(selectors.consultaties(casus).order_by("datum", "pk")),
        gesprekken=list(selectors.gesprekken(casus)),
        wegingen=wegingen,
        meldingen=meldingen,
        redenen_niet_informeren=[str(r.label) for r in RedenNietGeinformeerd],
        zorg_bij_gesprek=vervolg.zorg_bij_gesprek(casus, stand.signalen),
        zienswijzen=list(selectors.zienswijzen(casus)),
        besluit=besluiten[-1] if besluiten else None,
        hulpplan=selectors.huidig_hulpplan(casus),
        steunnetwerk=[w.beschermende_factoren for w in wegingen if w.beschermende_factoren],
    )
