"""What the printable documents of a casus hold: the whole dossier, and the sheet to prepare a
melding at Veilig Thuis.

Reads only, through the dossier's selectors and model attributes (so any decryption of free
text applies), of one casus the caller has already checked the reader may see. Nothing of
another casus, no access log, no audit values: only what the casus pages show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.dossier import selectors, stap5, vervolg
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


@dataclass
class SignaalRegel:
    signaal: Signaal
    labels: list[str]
    vormen: list[str]


def _signalen(casus: Casus) -> list[SignaalRegel]:
    regels = []
    for s in selectors.signalen(casus).order_by("datum", "vastgelegd_op", "pk"):
        vormen = [str(v.label) for v in BijzondereVorm if v.value in (s.vormen or [])]
        regels.append(SignaalRegel(s, _signaallabels(casus, list(s.aangevinkt or [])), vormen))
    return regels


@dataclass
class BesluitRegel:
    besluit: Besluit
    acties: list[str]
    normen: list[dict[str, Any]]
    waarschuwingen: list[str]
    signalen: list[str]


def _besluiten(casus: Casus) -> list[BesluitRegel]:
    regels = []
    for b in selectors.besluiten(casus).order_by("volgnummer"):
        u = b.uitkomst
        regels.append(
            BesluitRegel(
                b,
                list((u.get("acties_label") or {}).values()),
                list(u.get("normen") or []),
                [w.get("tekst", "") for w in u.get("waarschuwingen") or []],
                _signaallabels(casus, list(b.signalen or [])),
            )
        )
    return regels


@dataclass
class BetrokkeneRegel:
    betrokkene: Betrokkene
    kindcheck: Kindcheck | None  # the latest, for an adult


def _betrokkenen(casus: Casus) -> list[BetrokkeneRegel]:
    laatste: dict[int, Kindcheck] = {}
    for k in selectors.kindchecks(casus).order_by("vastgelegd_op", "pk"):
        laatste[k.betrokkene_id] = k
    return [BetrokkeneRegel(b, laatste.get(b.pk)) for b in selectors.betrokkenen(casus)]


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
    stand = selectors.stap5_stand(casus)
    signalen = _signalen(casus)
    return Dossier(
        kop=_kop(casus, lezer),
        stand=stand,
        vervolg=vervolg.vervolg(casus, stand),
        betrokkenen=_betrokkenen(casus),
        gebeurtenissen=list(tijdlijn(casus)),
        feiten=[r for r in signalen if r.signaal.aard == Aard.FEIT],
        meningen=[r for r in signalen if r.signaal.aard != Aard.FEIT],
        zienswijzen=list(selectors.zienswijzen(casus)),
        consultaties=list(selectors.consultaties(casus).order_by("datum", "pk")),
        gesprekken=list(selectors.gesprekken(casus)),
        wegingen=list(selectors.wegingen(casus)),
        besluiten=_besluiten(casus),
        meldingen=list(selectors.meldingen(casus).order_by("datum", "pk")),
        hulpplannen=list(selectors.hulpplannen(casus).order_by("volgnummer")),
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
    aangevinkt: list[str]
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
    stand = selectors.stap5_stand(casus)
    signalen = _signalen(casus)
    eigenaar = casus.eigenaar
    lid = Membership.objects.filter(user=eigenaar, organisatie_id=casus.organisatie_id).first()
    wegingen = list(selectors.wegingen(casus))
    meldingen = list(selectors.meldingen(casus).order_by("datum", "pk"))
    veiligheid = [f"{m.datum:%d-%m-%Y}: {m.spoed_reden}" for m in meldingen if m.spoed]
    onveiligheid = stap5.afweging_met_rol(stand.kader, stand.beslissing.route, Rol.ONVEILIGHEID)
    for a in stand.antwoorden:
        if onveiligheid is not None and a.afweging == onveiligheid.id:
            optie = stap5.optie_model(onveiligheid, a.antwoord)
            tekst = f"{onveiligheid.vraag} {optie.label}"
            veiligheid.append(f"{tekst}. {a.toelichting}".strip() if a.toelichting else tekst)
    besluiten = _besluiten(casus)
    return MeldingVoorbereiden(
        kop=_kop(casus, lezer),
        melder=Melder(
            naam=eigenaar.weergavenaam,
            rol=lid.get_rol_display() if lid else "",
            organisatie=casus.organisatie.naam,
            email=eigenaar.email,
        ),
        betrokkenen=_betrokkenen(casus),
        feiten=[r for r in signalen if r.signaal.aard == Aard.FEIT],
        meningen=[r for r in signalen if r.signaal.aard != Aard.FEIT],
        aangevinkt=_signaallabels(casus, selectors.aangevinkte_signalen(casus)),
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
