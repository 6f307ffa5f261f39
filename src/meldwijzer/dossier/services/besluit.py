"""Stap 5: answering the afwegingen over time and storing immutable besluiten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier import selectors, stap5
from meldwijzer.dossier.models import Antwoord, Besluit, Casus, Fase, VoorwaardeStatus
from meldwijzer.dossier.services import stappen, versies
from meldwijzer.dossier.services.bouwstenen import (
    MAX_TEKST,
    controleer_vinkjes,
    ga_naar_fase,
    geldige_datum,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
    vrije_tekst,
)
from meldwijzer.dossier.services.gelijktijdig import BESLUIT, TRAJECT, Onderdeel, Versie
from meldwijzer.kader import Afwegingskader, BeslisFout, Beslissing, beslis
from meldwijzer.kader.model import Afweging, Betekenis, Optie, Rol

T = TypeVar("T")

# An answer builds on the whole dossier (stappen 1-4): refused once for any change since the
# form was opened, then only for another answer meanwhile (services.gelijktijdig).
ANTWOORD = Onderdeel(raakt=(BESLUIT,), leest=(TRAJECT,), beslissing=True)
# Withdrawing the draft is about the answers alone: that is what one withdraws after new facts.
INTREKKEN = Onderdeel(raakt=(BESLUIT,), leest=(TRAJECT,))


class Stap5KanNietBeginnen(ValidationError):
    """Stap 5 cannot start in this state of the casus: everything it still needs, the missing
    signaal first (selectors.ontbrekend_voor_stap5). A state, not an input error: the API
    answers it with 409."""

    def __init__(self, casus: Casus, ontbrekend: Iterable[selectors.Ontbrekend]) -> None:
        teksten = [_("Stap 5 kan nog niet beginnen."), *(str(o.tekst) for o in ontbrekend)]
        super().__init__(" ".join(teksten), code="stap5_kan_niet_beginnen")
        self.casus_versie = casus.versie


@dataclass(frozen=True)
class Stap5Resultaat:
    antwoord: Antwoord
    beslissing: Beslissing
    besluit: Besluit | None


@transaction.atomic
def beantwoord_afweging(
    *,
    actor: Membership,
    casus: Casus,
    afweging: str,
    antwoord: str,
    toelichting: str = "",
    signalen: Iterable[str] = (),
    bronnen: Iterable[int] = (),
    nieuw_signaal: Mapping[str, Any] | None = None,
    vt_contact: str = "",
    vt_datum: dt.date | None = None,
    voorwaarden: Mapping[str, Mapping[str, str]] | None = None,
    versie: Versie | None = None,
) -> Stap5Resultaat:
    """Answer the next afweging; store a new besluit once one can be stored.

    The outcome is recomputed here from the stored answers; nothing decided in a browser is
    trusted (DESIGN.md, 'Layers'). Afweging 5 is answered in an evaluation of the hulpplan
    (services.hulpplan.leg_evaluatie_vast), not here.

    A signal ticked now rests on recorded signalen (H2: facts with date and source): on the
    current signalen named in ``bronnen``, or on a signaal recorded on the spot
    (``nieuw_signaal``, the fields of dossier.invoer.SIGNAAL). The tick is added to those
    signalen, so it is corrected with them (docs/adr/0019).
    """
    vast = vergrendel(actor, casus, versie=versie, onderdeel=ANTWOORD)
    return beantwoord_vergrendeld(
        actor,
        vast,
        casus,
        afweging=afweging,
        antwoord=antwoord,
        toelichting=toelichting,
        signalen=signalen,
        vt_contact=vt_contact,
        vt_datum=vt_datum,
        voorwaarden=voorwaarden,
        via_evaluatie=False,
        bronnen=bronnen,
        nieuw_signaal=nieuw_signaal,
    )


def beantwoord_vergrendeld(
    actor: Membership,
    vast: Casus,
    casus: Casus,
    *,
    afweging: str,
    antwoord: str,
    toelichting: str,
    signalen: Iterable[str],
    vt_contact: str,
    vt_datum: dt.date | None,
    voorwaarden: Mapping[str, Mapping[str, str]] | None,
    via_evaluatie: bool,
    bronnen: Iterable[int] = (),
    nieuw_signaal: Mapping[str, Any] | None = None,
) -> Stap5Resultaat:
    """The answer itself, on a casus row already locked by the caller."""
    beurt = _beurt(vast, afweging, antwoord, signalen, via_evaluatie=via_evaluatie)
    invoer = _controleer_invoer(
        beurt,
        toelichting=toelichting,
        vt_contact=vt_contact,
        vt_datum=vt_datum,
        voorwaarden=voorwaarden,
    )
    herkomst = _herkomst(actor, vast, beurt, bronnen, nieuw_signaal)
    nieuw_antwoord = _sla_antwoord_op(actor, vast, beurt, invoer, herkomst)
    if vast.fase == Fase.WEGEN:
        ga_naar_fase(actor, vast, Fase.BESLISSEN)

    kader, na = beurt.kader, beurt.na
    besluit = None
    if stap5.besluit_opslaanbaar(kader, na):
        besluit = _leg_besluit_vast(
            actor, vast, kader, [*beurt.antwoorden, nieuw_antwoord], beurt.aangevinkt, na
        )
    if stap5.sluit_casus(kader, na):
        vast.conclusie = invoer.toelichting
        vast.afgesloten_op = timezone.now()
        vast.save(update_fields=["conclusie", "afgesloten_op"])
        ga_naar_fase(actor, vast, Fase.AFGESLOTEN)
    markeer_bijgewerkt(
        vast, Onderdeel(raakt=(BESLUIT, TRAJECT) if vast.is_afgesloten else (BESLUIT,))
    )
    ververs(casus, vast)
    return Stap5Resultaat(nieuw_antwoord, na, besluit)


@dataclass(frozen=True)
class _Beurt:
    """An answer to the afweging whose turn it is: the framework's outcome before and after."""

    kader: Afwegingskader
    antwoorden: list[Antwoord]  # the current answers before this one
    extra: list[str]  # signals ticked with this answer
    al_aangevinkt: frozenset[str]  # ticked before it, on the recorded signalen
    aangevinkt: list[str]
    voor: Beslissing
    na: Beslissing
    afweging: Afweging
    optie: Optie
    antwoord: str
    sleutel: str  # the engine's key of the afweging: ``route/afweging`` after a handover


def _beurt(
    vast: Casus, afweging: str, antwoord: str, signalen: Iterable[str], *, via_evaluatie: bool
) -> _Beurt:
    """Refused unless stappen 1-4 are done, this afweging is the one whose turn it is, it is
    answered here (not at an evaluation) and the answer is one of its options."""
    antwoorden = selectors.huidige_antwoorden(vast)
    if not antwoorden:
        ontbrekend = selectors.ontbrekend_voor_stap5(vast)
        if ontbrekend:
            raise Stap5KanNietBeginnen(vast, ontbrekend)
    kader = vast.kader_versie.kader()
    gegeven = {a.afweging: a.antwoord for a in antwoorden}
    extra = controleer_vinkjes(vast, signalen)
    al = frozenset(selectors.aangevinkte_signalen(vast, antwoorden))
    aangevinkt = sorted(al | set(extra))
    route = vast.route or None
    voor = beslis(kader, gegeven, aangevinkt, route=route)
    if voor.volgende_sleutel is None:
        raise veldfout(None, _("Alle afwegingen van dit besluit zijn al beantwoord."))
    if afweging != voor.volgende_sleutel:
        raise veldfout(
            None,
            _(
                "Afweging %(gevraagd)s is nu niet aan de beurt; beantwoord afweging %(volgende)s. "
                "Vernieuw de pagina als iemand anders intussen heeft geantwoord."
            )
            % {"gevraagd": afweging, "volgende": voor.volgende_sleutel},
        )
    afweging_model = stap5.afweging_model(kader, voor.route, afweging)
    if afweging_model.rol is Rol.RESULTAAT and not via_evaluatie:
        raise veldfout(
            None,
            _(
                "Afweging %(nummer)s beantwoordt u bij een evaluatie van het hulpplan, met als "
                "resultaat doorgaan, ja of nee."
            )
            % {"nummer": afweging},
        )
    optie = next((o for o in afweging_model.opties if o.id == antwoord), None)
    if optie is None:
        raise veldfout("antwoord", _("Kies een antwoord."))
    try:
        na = beslis(kader, {**gegeven, afweging: antwoord}, aangevinkt, route=route)
    except BeslisFout as fout:
        raise veldfout("antwoord", str(fout)) from fout
    return _Beurt(
        kader,
        antwoorden,
        extra,
        al,
        aangevinkt,
        voor,
        na,
        afweging_model,
        optie,
        antwoord,
        afweging,
    )


@dataclass(frozen=True)
class _Invoer:
    """The answer's fields, checked."""

    toelichting: str
    vt_contact: str
    vt_datum: dt.date | None
    toets: dict[str, dict[str, str]] | None


def _controleer_invoer(
    beurt: _Beurt,
    *,
    toelichting: str,
    vt_contact: str,
    vt_datum: dt.date | None,
    voorwaarden: Mapping[str, Mapping[str, str]] | None,
) -> _Invoer:
    """Every field error at once, so the person fixes the form in one go."""
    fouten: dict[str, list[str]] = {}
    if beurt.voor.samen_met_veilig_thuis:
        vt_contact = (
            _verzamel(
                fouten,
                lambda: verplichte_tekst(
                    vt_contact,
                    "vt_contact",
                    _("Vul in met wie bij Veilig Thuis u dit besprak."),
                    maximaal=200,
                ),
            )
            or ""
        )
        _verzamel(fouten, lambda: geldige_datum(vt_datum, "vt_datum"))
    else:
        vt_contact, vt_datum = "", None
    toets = _verzamel(fouten, lambda: _toets_voorwaarden(beurt.kader, beurt.afweging, voorwaarden))
    toelichting = _verzamel(fouten, lambda: vrije_tekst(toelichting, "toelichting")) or ""
    if not toelichting and "toelichting" not in fouten:
        reden = _toelichting_nodig(beurt, toets)
        if reden:
            fouten["toelichting"] = [reden]
    if fouten:
        raise ValidationError(fouten)
    return _Invoer(toelichting, vt_contact, vt_datum, toets)


def _toelichting_nodig(beurt: _Beurt, toets: dict[str, dict[str, str]] | None) -> str | None:
    """Why this answer needs a toelichting, if it does: signals that contradict it, a yes to
    help that does not meet the voorwaarden, or an answer that closes the meldcode."""
    kader, afweging = beurt.kader, beurt.afweging
    waarschuwingen = beurt.na.waarschuwingen_bij(beurt.sleutel)
    niet_voldaan = stap5.niet_voldane_voorwaarden(kader, afweging, toets or {})
    if waarschuwingen:
        return _(
            "De aangevinkte signalen spreken dit antwoord tegen. Licht toe waarom u zo "
            "antwoordt, of kies een ander antwoord."
        )
    if niet_voldaan and beurt.optie.betekenis is Betekenis.JA:
        return _(
            "Niet voldaan: %(voorwaarden)s. Effectieve hulp voldoet aan alle voorwaarden "
            "(hoofdstuk 5, Voorwaarden ten aanzien van hulpverlening). Licht toe waarom u toch ja "
            "antwoordt, of antwoord nee: dan meldt u bij Veilig Thuis."
        ) % {"voorwaarden": ", ".join(niet_voldaan)}
    if stap5.vraagt_conclusie(kader, beurt.optie):
        return _(
            "Schrijf de conclusie op: met dit antwoord sluit u de meldcode af en de conclusie "
            "hoort in het dossier."
        )
    return None


def _herkomst(
    actor: Membership,
    vast: Casus,
    beurt: _Beurt,
    bronnen: Iterable[int],
    nieuw_signaal: Mapping[str, Any] | None,
) -> dict[str, list[int]]:
    """The signalen each newly ticked item rests on, after adding the tick to them: the chosen
    current signalen and the one recorded on the spot. {} when nothing new was ticked."""
    nieuw = [i for i in beurt.extra if i not in beurt.al_aangevinkt]
    if not nieuw:
        return {}
    gekozen = list(selectors.signalen(vast).filter(pk__in=set(bronnen)))
    if len(gekozen) != len(set(bronnen)):
        raise veldfout("bronnen", _("Kies alleen signalen die in deze casus zijn vastgelegd."))
    if not gekozen and not nieuw_signaal:
        raise veldfout(
            "bronnen",
            _(
                "U vinkte een signaal aan. Kies op welk vastgelegd signaal het rust, of leg een "
                "nieuw signaal vast met datum en bron (hoofdstuk 2: feiten en meningen vastleggen)."
            ),
        )
    waar = _("Aangevinkt bij afweging %(afweging)s: %(items)s.") % {
        "afweging": beurt.afweging.id,
        "items": "; ".join(beurt.kader.items[i][1] for i in nieuw),
    }
    versies.vul_aan(actor, vast, gekozen, nieuw, waar)
    if nieuw_signaal:
        try:
            ter_plekke = stappen.maak_signaal(
                actor,
                vast,
                {**nieuw_signaal, "aangevinkt": [*nieuw, *nieuw_signaal.get("aangevinkt", [])]},
            )
        except ValidationError as fout:
            raise ValidationError(
                {f"signaal_{veld}": teksten for veld, teksten in fout.message_dict.items()}
            ) from fout
        gekozen.append(ter_plekke)
    ids = sorted(s.pk for s in gekozen)
    return {item: ids for item in nieuw}


def _sla_antwoord_op(
    actor: Membership,
    vast: Casus,
    beurt: _Beurt,
    invoer: _Invoer,
    herkomst: Mapping[str, list[int]],
) -> Antwoord:
    nieuw_antwoord = Antwoord.objects.create(
        casus=vast,
        ronde=vast.ronde,
        afweging=beurt.sleutel,
        antwoord=beurt.antwoord,
        toelichting=invoer.toelichting,
        signalen=beurt.extra,
        bronnen=dict(herkomst),
        samen_met_veilig_thuis=beurt.voor.samen_met_veilig_thuis,
        vt_contact=invoer.vt_contact,
        vt_datum=invoer.vt_datum,
        voorwaarden=invoer.toets or {},
        beantwoord_door=actor.user,
    )
    leg_vast(
        actor=actor,
        soort="afweging.beantwoord",
        casus=vast,
        obj=nieuw_antwoord,
        nieuw=momentopname(
            nieuw_antwoord,
            [
                "ronde",
                "afweging",
                "antwoord",
                "toelichting",
                "signalen",
                "bronnen",
                "samen_met_veilig_thuis",
                "vt_contact",
                "vt_datum",
                "voorwaarden",
            ],
        ),
    )
    return nieuw_antwoord


def _verzamel(fouten: dict[str, list[str]], controle: Callable[[], T]) -> T | None:
    """Run one check; put its field errors in ``fouten`` instead of stopping at the first."""
    try:
        return controle()
    except ValidationError as fout:
        for veld, teksten in fout.message_dict.items():
            fouten.setdefault(veld, []).extend(teksten)
        return None


def _toets_voorwaarden(
    kader: Afwegingskader,
    afweging: Afweging,
    voorwaarden: Mapping[str, Mapping[str, str]] | None,
) -> dict[str, dict[str, str]]:
    """The four voorwaarden, each voldaan / niet voldaan / n.v.t. with an explanation, where the
    afweging asks for them (H5, Voorwaarden ten aanzien van hulpverlening)."""
    catalogus = stap5.voorwaarden_catalogus(kader, afweging)
    if catalogus is None:
        return {}
    invoer = voorwaarden or {}
    fouten: dict[str, list[str]] = {}
    toets: dict[str, dict[str, str]] = {}
    for i, item in enumerate(catalogus.items):
        nummer = i + 1
        regel = invoer.get(item.id) or {}
        status = str(regel.get("status") or "")
        uitleg = str(regel.get("toelichting") or "").strip()
        if status not in VoorwaardeStatus.values:
            fouten[f"voorwaarde_{i}_status"] = [
                _("Geef bij voorwaarde %(n)s aan: voldaan, niet voldaan of niet van toepassing.")
                % {"n": nummer}
            ]
        elif status == VoorwaardeStatus.NVT and stap5.geldt_altijd(item):
            fouten[f"voorwaarde_{i}_status"] = [
                _(
                    "Voorwaarde %(n)s geldt voor iedere beroepskracht, hoe kort het contact ook "
                    "is; ‘niet van toepassing’ kan hier niet (hoofdstuk 5, Voorwaarden ten "
                    "aanzien van hulpverlening)."
                )
                % {"n": nummer}
            ]
        if not uitleg:
            fouten[f"voorwaarde_{i}_toelichting"] = [
                _("Licht toe hoe de hulp aan voorwaarde %(n)s voldoet.") % {"n": nummer}
            ]
        elif len(uitleg) > MAX_TEKST:
            fouten[f"voorwaarde_{i}_toelichting"] = [
                _("Houd de toelichting bij voorwaarde %(n)s korter dan %(max)s tekens.")
                % {"n": nummer, "max": MAX_TEKST}
            ]
        toets[item.id] = {"status": status, "toelichting": uitleg}
    if fouten:
        raise ValidationError(fouten)
    return toets


def _leg_besluit_vast(
    actor: Membership,
    casus: Casus,
    kader: Afwegingskader,
    antwoorden: list[Antwoord],
    aangevinkt: list[str],
    beslissing: Beslissing,
) -> Besluit:
    vorige = Besluit.objects.filter(casus=casus).order_by("-volgnummer").first()
    snapshot = []
    for a in antwoorden:
        afweging = stap5.afweging_model(kader, beslissing.route, a.afweging)
        snapshot.append(
            {
                "afweging": a.afweging,
                "kort": afweging.kort,
                "vraag": afweging.vraag,
                "antwoord": a.antwoord,
                "label": stap5.optie_model(afweging, a.antwoord).label,
                "toelichting": a.toelichting,
                "signalen": list(a.signalen or []),
                "bronnen": dict(a.bronnen or {}),
                "samen_met_veilig_thuis": a.samen_met_veilig_thuis,
                "vt_contact": a.vt_contact,
                "vt_datum": a.vt_datum.isoformat() if a.vt_datum else None,
                "voorwaarden": a.voorwaarden or {},
                "beantwoord_door": a.beantwoord_door.weergavenaam,
                "beantwoord_door_id": a.beantwoord_door_id,
                "beantwoord_op": a.beantwoord_op.isoformat(),
            }
        )
    try:
        with transaction.atomic():
            besluit = Besluit.objects.create(
                casus=casus,
                ronde=casus.ronde,
                volgnummer=(vorige.volgnummer + 1) if vorige else 1,
                kader_versie=casus.kader_versie,
                antwoorden=snapshot,
                signalen=aangevinkt,
                uitkomst=beslissing.als_dict(),
                vervangt=vorige,
                vastgelegd_door=actor.user,
            )
    except IntegrityError as fout:
        raise veldfout(
            None,
            _(
                "Tegelijk met u legde iemand anders een besluit vast. Vernieuw de pagina en "
                "bekijk het actuele besluit."
            ),
        ) from fout
    leg_vast(
        actor=actor,
        soort="besluit.vastgelegd",
        casus=casus,
        obj=besluit,
        oud={"besluit": vorige.volgnummer} if vorige else None,
        nieuw={
            "besluit": besluit.volgnummer,
            "antwoorden": besluit.antwoorden_dict,
            "acties": list(beslissing.acties),
            "volgende_afweging": beslissing.volgende_afweging,
            "normen": list(beslissing.normen),
            "signalen": aangevinkt,
            "kader": str(casus.kader_versie),
        },
    )
    return besluit


@transaction.atomic
def trek_concept_in(*, actor: Membership, casus: Casus, versie: Versie | None = None) -> int:
    """Withdraw draft answers (no besluit holds them yet), to answer afresh."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=INTREKKEN)
    if Besluit.objects.filter(casus=vast, ronde=vast.ronde).exists():
        raise veldfout(
            None,
            _(
                "Er is al een besluit vastgelegd; dat wordt nooit gewijzigd. Een volgend antwoord "
                "legt een nieuw besluit vast."
            ),
        )
    concept = selectors.huidige_antwoorden(vast)
    nu = timezone.now()
    for antwoord in concept:
        antwoord.ingetrokken_op = nu
        antwoord.save(update_fields=["ingetrokken_op"])
        leg_vast(
            actor=actor,
            soort="afweging.ingetrokken",
            casus=vast,
            obj=antwoord,
            oud={"afweging": antwoord.afweging, "antwoord": antwoord.antwoord},
            nieuw={"ingetrokken_op": nu.isoformat()},
        )
    markeer_bijgewerkt(vast, INTREKKEN)
    ververs(casus, vast)
    return len(concept)


@transaction.atomic
def beslis_opnieuw(
    *, actor: Membership, casus: Casus, toelichting: str, versie: Versie | None = None
) -> int:
    """Answer the afwegingen of this ronde afresh, after what the besluit rested on was
    corrected or withdrawn. The besluit itself stays as it was (never edited); its answers are
    withdrawn, recorded, and the next besluit supersedes it (docs/adr/0019)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=INTREKKEN)
    if not Besluit.objects.filter(casus=vast, ronde=vast.ronde).exists():
        raise veldfout(None, _("In dit traject is nog geen besluit vastgelegd."))
    toelichting = verplichte_tekst(
        toelichting,
        "toelichting",
        _("Schrijf op waarom u opnieuw beslist: wat veranderde er in de signalen of stappen?"),
    )
    antwoorden = selectors.huidige_antwoorden(vast)
    nu = timezone.now()
    for antwoord in antwoorden:
        antwoord.ingetrokken_op = nu
        antwoord.save(update_fields=["ingetrokken_op"])
    besluit = selectors.huidig_besluit(vast)
    leg_vast(
        actor=actor,
        soort="besluit.heroverwogen",
        casus=vast,
        obj=besluit,
        oud={"antwoorden": {a.afweging: a.antwoord for a in antwoorden}},
        nieuw={"ingetrokken_op": nu.isoformat()},
        reden=toelichting,
    )
    markeer_bijgewerkt(vast, INTREKKEN)
    ververs(casus, vast)
    return len(antwoorden)
