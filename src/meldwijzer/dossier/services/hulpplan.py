"""The hulpplan and its evaluations, where afweging 5 is answered (DESIGN.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier import invoer, selectors, stap5
from meldwijzer.dossier.models import Antwoord, Casus, Evaluatie, EvaluatieResultaat, Hulpplan
from meldwijzer.dossier.services.besluit import beantwoord_vergrendeld
from meldwijzer.dossier.services.bouwstenen import (
    bekende_velden,
    controleer_invoer,
    eis_in_dit_geval,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import BESLUIT, HULPPLAN, TRAJECT, Onderdeel, Versie
from meldwijzer.kader import Afwegingskader
from meldwijzer.kader.model import Afweging, CatalogusSoort, Optie, Rol

MAX_EVALUATIEDATA = 10


# A new version of the plan replaces the previous one: a version saved meanwhile conflicts. Both
# the plan and its evaluation build on the whole dossier (services.gelijktijdig).
PLAN = Onderdeel(raakt=(HULPPLAN,), leest=(BESLUIT, TRAJECT), beslissing=True)
EVALUATIE = Onderdeel(raakt=(BESLUIT,), leest=(HULPPLAN, TRAJECT), beslissing=True)


def _datum_nl(datum: dt.date) -> str:
    return datumtekst.datum(datum)


@transaction.atomic
def leg_hulpplan_vast(
    *,
    actor: Membership,
    casus: Casus,
    evaluatiedata: Iterable[dt.date | None] = (),
    versie: Versie | None = None,
    **waarden: Any,
) -> Hulpplan:
    """Record the hulpplan, or a new version of it that supersedes the previous one.

    Goals and results, who does what, how safety is followed, casusregie when several
    professionals are involved (the fields its declaration names, dossier.invoer.HULPPLAN), and
    the evaluation dates, a list kept beside them (H3, Afweging 5; H5, voorwaarden 3 and 4).
    Possible once afweging 3 (eigen hulp) is answered ja and help is not yet evaluated to its
    end.
    """
    vast = vergrendel(actor, casus, versie=versie, onderdeel=PLAN)
    _hulpplan_mogelijk(selectors.stap5_stand(vast))
    velden = planvelden(vast, None, {**waarden, "evaluatiedata": evaluatiedata})
    data = [dt.date.fromisoformat(d) for d in velden.pop("evaluatiedata")]
    vorige = Hulpplan.objects.filter(casus=vast).order_by("-volgnummer").first()
    try:
        with transaction.atomic():
            plan = Hulpplan.objects.create(
                casus=vast,
                ronde=vast.ronde,
                vastgelegd_door=actor.user,
                volgnummer=(vorige.volgnummer + 1) if vorige else 1,
                vervangt=vorige if vorige is not None and vorige.ronde == vast.ronde else None,
                evaluatiedata=[d.isoformat() for d in data],
                **velden,
            )
    except IntegrityError as fout:  # a second writer despite the lock: refuse, never merge
        raise veldfout(
            None, _("Tegelijk met u legde iemand anders het hulpplan vast. Vernieuw de pagina.")
        ) from fout
    leg_vast(
        actor=actor,
        soort="hulpplan.vastgelegd",
        casus=vast,
        obj=plan,
        oud={"hulpplan": vorige.volgnummer} if vorige else None,
        nieuw=momentopname(plan, PLAN_AUDIT),
    )
    markeer_bijgewerkt(vast, PLAN)
    ververs(casus, vast)
    return plan


# The declared fields, with the version number and the evaluation dates beside them.
PLAN_AUDIT = ["volgnummer", *invoer.HULPPLAN.namen(), "evaluatiedata"]


def _hulpplan_mogelijk(stand: selectors.Stap5Stand) -> None:
    """Refused unless the eigen-hulp afweging is answered ja and the help still runs."""
    if (
        not stand.besluit_in_ronde
        or stap5.pad_betekenis(stand.kader, stand.beslissing, Rol.EIGEN_HULP) != "ja"
        or stand.beslissing.afgerond
    ):
        raise veldfout(
            None,
            _(
                "Een hulpplan legt u vast als u in stap 5 kiest voor hulp die u zelf biedt of "
                "organiseert en de hulp nog loopt."
            ),
        )


def planvelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    """The declared fields as checked (dossier.invoer.HULPPLAN), with the rule between them:
    casusregie is required when several professionals work on the plan; and the evaluation
    dates (``evaluatiedata``, ISO dates in the result)."""
    eigen = {k: v for k, v in waarden.items() if k != "evaluatiedata"}
    velden = controleer_invoer(invoer.HULPPLAN, bekende_velden(invoer.HULPPLAN, eigen))
    if velden["meerdere_beroepskrachten"] and not velden["casusregie"]:
        raise veldfout(
            "casusregie",
            _(
                "Meerdere beroepskrachten zijn betrokken: vul in wie de casusregie heeft of "
                "casemanager is (hoofdstuk 5, voorwaarde 4)."
            ),
        )
    data = _evaluatiedata(waarden.get("evaluatiedata") or (), velden["datum"])
    velden["evaluatiedata"] = [d.isoformat() for d in data]
    return velden


def _evaluatiedata(evaluatiedata: Iterable[dt.date | None], datum: dt.date) -> list[dt.date]:
    """The evaluation dates, sorted: at least one, at most MAX_EVALUATIEDATA, all after the
    plan's date."""
    data = sorted({d for d in evaluatiedata if d is not None})
    if not data:
        raise veldfout("evaluatiedatum_1", _("Plan ten minste één evaluatiedatum."))
    if len(data) > MAX_EVALUATIEDATA:
        raise veldfout(
            "evaluatiedatum_1",
            _("Plan hoogstens %(n)s evaluatiedata tegelijk.") % {"n": MAX_EVALUATIEDATA},
        )
    for d in data:
        if d <= datum:
            raise veldfout(
                "evaluatiedatum_1",
                _(
                    "Evaluatiedatum %(evaluatie)s ligt niet na de datum van het plan "
                    "(%(plan)s); een evaluatie volgt op het plan."
                )
                % {"evaluatie": _datum_nl(d), "plan": _datum_nl(datum)},
            )
    return data


@transaction.atomic
def leg_evaluatie_vast(
    *,
    actor: Membership,
    casus: Casus,
    criteria: Iterable[str] = (),
    vt_contact: str = "",
    vt_datum: dt.date | None = None,
    versie: Versie | None = None,
    optie: str = "",
    **waarden: Any,
) -> Evaluatie:
    """Evaluate the hulpplan: the framework's afweging of rol resultaat (H3, Afweging 5).

    The fields its declaration names (dossier.invoer.EVALUATIE); beside them the criteria
    ticked, and for ja or nee with Veilig Thuis who there and when. *doorgaan* plans the next
    evaluation; *ja* or *nee* answers that afweging, which stores a new besluit that supersedes
    the previous one (nee: (opnieuw) melden; ja: hulp afsluiten). ``optie`` names which of the
    framework's answer options with that meaning was chosen (a profession may offer several);
    without it, the option whose id or meaning is the resultaat.
    """
    vast = vergrendel(actor, casus, versie=versie, onderdeel=EVALUATIE)
    stand = selectors.stap5_stand(vast)
    volgende = _te_evalueren(stand)
    plan = _te_evalueren_plan(vast)
    bekend = bekende_velden(invoer.EVALUATIE, waarden)
    # The next date lies in the future, so it is checked below, not as a date that happened.
    velden = controleer_invoer(invoer.EVALUATIE, bekend, zonder=("volgende_datum",))
    datum, resultaat = velden["datum"], velden["resultaat"]
    _na_het_plan(plan, datum)
    criteria = _criteria(stand.kader, volgende, criteria, resultaat)
    antwoord = None
    if resultaat == EvaluatieResultaat.DOORGAAN:
        velden["volgende_datum"] = _controleer_volgende_datum(bekend.get("volgende_datum"), datum)
    else:
        velden["volgende_datum"] = None
        antwoord = _beantwoord_resultaat(
            actor,
            vast,
            casus,
            stand.beslissing.volgende_sleutel or volgende.id,
            _gekozen_optie(volgende, resultaat, optie),
            velden["toelichting"],
            vt_contact,
            vt_datum,
        )
    evaluatie = Evaluatie.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        hulpplan=plan,
        criteria=criteria,
        antwoord=antwoord,
        **velden,
    )
    leg_vast(
        actor=actor,
        soort="evaluatie.vastgelegd",
        casus=vast,
        obj=evaluatie,
        nieuw=momentopname(evaluatie, EVALUATIE_AUDIT),
    )
    markeer_bijgewerkt(vast, EVALUATIE)
    ververs(casus, vast)
    return evaluatie


# The declared fields, with the plan, the criteria and the answer of the resultaat afweging.
EVALUATIE_AUDIT = ["hulpplan", *invoer.EVALUATIE.namen(), "criteria", "antwoord"]


def _gekozen_optie(afweging: Afweging, resultaat: str, optie_id: str) -> tuple[Afweging, Optie]:
    """The answer option for ja or nee: the one named, which must mean the resultaat, or else
    the option of that id or meaning."""
    passend = [o for o in afweging.opties if o.betekenis.value == resultaat]
    if optie_id:
        gekozen = next((o for o in passend if o.id == optie_id), None)
        if gekozen is None:
            raise veldfout(
                "resultaat",
                _("Kies een antwoord uit de lijst op deze pagina."),
            )
        return afweging, gekozen
    return afweging, next((o for o in passend if o.id == resultaat), passend[0])


def _beantwoord_resultaat(
    actor: Membership,
    vast: Casus,
    casus: Casus,
    sleutel: str,
    keuze: tuple[Afweging, Optie],
    toelichting: str,
    vt_contact: str,
    vt_datum: dt.date | None,
) -> Antwoord:
    """Ja or nee answers the resultaat afweging with the chosen option, the evaluation's
    toelichting its toelichting; a new besluit follows (services.besluit). ``sleutel`` is the
    afweging's key for the engine (``route/afweging`` after a handover)."""
    _afweging, optie = keuze
    return beantwoord_vergrendeld(
        actor,
        vast,
        casus,
        afweging=sleutel,
        antwoord=optie.id,
        toelichting=toelichting,
        signalen=(),
        vt_contact=vt_contact,
        vt_datum=vt_datum,
        voorwaarden=None,
        via_evaluatie=True,
    ).antwoord


def _te_evalueren(stand: selectors.Stap5Stand) -> Afweging:
    """The resultaat afweging, when it is its turn (the help was accepted and started)."""
    volgende = stand.volgende
    if volgende is None or volgende.rol is not Rol.RESULTAAT:
        raise veldfout(
            None,
            _(
                "Er is nu geen hulp te evalueren: de evaluatie is aan de beurt als de hulp is "
                "aanvaard en gestart."
            ),
        )
    return volgende


def _te_evalueren_plan(vast: Casus) -> Hulpplan:
    """The current hulpplan."""
    plan = selectors.huidig_hulpplan(vast)
    if plan is None:
        raise veldfout(None, _("Leg eerst het hulpplan vast: de evaluatie toetst het plan."))
    return plan


def _na_het_plan(plan: Hulpplan, datum: dt.date) -> None:
    """An evaluation date on or after the plan's."""
    if datum < plan.datum:
        raise veldfout(
            "datum",
            _("De evaluatie kan niet vóór het hulpplan liggen (%(plan)s).")
            % {"plan": _datum_nl(plan.datum)},
        )


def _criteria(
    kader: Afwegingskader, volgende: Afweging, criteria: Iterable[str], resultaat: str
) -> list[str]:
    """The ticked criteria of insufficient result, from the framework's list; none with ja."""
    catalogus = stap5.catalogus_van_soort(kader, volgende, CatalogusSoort.CRITERIA)
    bekend = {i.id for i in catalogus.items} if catalogus is not None else set()
    gekozen = sorted(set(criteria))
    if set(gekozen) - bekend:
        raise veldfout("criteria", _("Kies alleen criteria uit de lijst op deze pagina."))
    if resultaat == EvaluatieResultaat.JA and gekozen:
        raise veldfout(
            "resultaat",
            _(
                "U vinkte criteria aan die betekenen dat de hulp onvoldoende resultaat oplevert; "
                "dan volgt (opnieuw) melden (Basisdocument, hoofdstuk 3, Afweging 5). Kies een "
                "antwoord dat nee betekent, of doorgaan als de termijn nog loopt."
            ),
        )
    return gekozen


def _controleer_volgende_datum(volgende_datum: dt.date | None, datum: dt.date) -> dt.date:
    """Doorgaan plans the next evaluation: after this one and not in the past."""
    eis_in_dit_geval(invoer.EVALUATIE, {"volgende_datum": volgende_datum}, ["volgende_datum"])
    assert volgende_datum is not None  # required just above
    if volgende_datum <= datum or volgende_datum < timezone.localdate():
        raise veldfout(
            "volgende_datum",
            _("De volgende evaluatie ligt na deze evaluatie en niet in het verleden."),
        )
    return volgende_datum
