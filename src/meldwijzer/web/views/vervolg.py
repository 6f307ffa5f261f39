"""After the besluit: the melding (and spoedmelding) with Veilig Thuis's agreements and
feedback, the hulpplan, its evaluations (afweging 5), and closing the traject."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meldwijzer.dossier import selectors, services, stap5, veilig_thuis, vervolg
from meldwijzer.dossier.models import Evaluatie, EvaluatieResultaat
from meldwijzer.kader.model import CatalogusSoort, Rol
from meldwijzer.socialekaart import selectors as socialekaart_selectors
from meldwijzer.web import kadertaal
from meldwijzer.web.forms import MeldingForm, SpoedmeldingForm
from meldwijzer.web.forms_vervolg import (
    AfsluitAfsprakenFormSet,
    AfsluitingForm,
    AfspraakVeiligThuisForm,
    EvaluatieForm,
    HulpplanForm,
    TerugkoppelingForm,
)
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    markeer_verouderd,
    na_fout,
    verboden,
    versie_uit,
    zet_fouten,
)
from meldwijzer.web.views.socialekaart import deskundigen_voor_casus
from meldwijzer.web.views.stappen import context, verwerk, waarschuw


@casuswerk
def melding(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.melding")
    stand = vervolg.vervolg(casus)
    spoed = not stand.stand.melding_open
    data = request.POST if request.method == "POST" else None
    # Opnieuw melden: the contact, organisation and kenmerk entered before are offered again.
    eerder = veilig_thuis.laatste_contact(casus).als_initial(
        "vt_contact", "vt_organisatie", "vt_kenmerk"
    )
    form = SpoedmeldingForm(data, initial=eerder) if spoed else MeldingForm(data, initial=eerder)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_melding_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            spoed=spoed,
            **d,  # the cleaned data whole: the form derives from dossier.invoer.MELDING
        ),
        _("De spoedmelding is vastgelegd. Leg de stappen van de meldcode nu alsnog vast.")
        if spoed
        else _("De melding is vastgelegd. Leg ook de afspraken met Veilig Thuis vast."),
        "web:melding",
    )
    return antwoord or render(
        request,
        "web/melding.html",
        context(
            casus,
            "melding",
            form=form,
            spoed=spoed,
            stand=stand.stand,
            vervolg=stand,
            # The sociale kaart where it is needed: the regional Veilig Thuis office, and the
            # experts for the forms of violence in this casus (docs/sociale-kaart.md).
            veilig_thuis=socialekaart_selectors.veilig_thuis(casus.organisatie_id),
            zorg_deskundigen=deskundigen_voor_casus(casus),
        ),
    )


@casuswerk
def afspraak_veilig_thuis(request: HttpRequest, casus_id: UUID, melding_id: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.melding.afspraak")
    gemeld = selectors.melding_voor(casus, melding_id)
    contact = veilig_thuis.laatste_contact(casus).contact or gemeld.vt_contact
    form = AfspraakVeiligThuisForm(request.POST or None, initial={"vt_contact": contact})
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_afspraak_veilig_thuis_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            melding=gemeld,
            datum=d["datum"],
            vt_contact=d["vt_contact"],
            wie_doet_wat=d["wie_doet_wat"],
            resultaten=d["resultaten"],
            termijn_aantal=d["termijn_aantal"],
            termijn_eenheid=d["termijn_eenheid"],
            versie=d["versie"],
        ),
        _("De afspraak met Veilig Thuis is vastgelegd."),
        "web:melding",
    )
    return antwoord or render(
        request,
        "web/melding_afspraak.html",
        context(casus, "melding", form=form, melding=gemeld),
    )


@casuswerk
def terugkoppeling(request: HttpRequest, casus_id: UUID, melding_id: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.melding.terugkoppeling")
    gemeld = selectors.melding_voor(casus, melding_id)
    form = TerugkoppelingForm(request.POST or None)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_terugkoppeling_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            melding=gemeld,
            datum=d["datum"],
            uitkomst=d["uitkomst"],
            toelichting=d["toelichting"],
            versie=d["versie"],
        ),
        _("De terugkoppeling van Veilig Thuis is vastgelegd."),
        "web:melding",
    )
    return antwoord or render(
        request,
        "web/melding_terugkoppeling.html",
        context(casus, "melding", form=form, melding=gemeld),
    )


def _voorwaarden_toets(stand: vervolg.Vervolg) -> list[dict[str, Any]]:
    """The four voorwaarden as answered with afweging 3 in this ronde (H5)."""
    kader = stand.stand.kader
    for antwoord in stand.stand.antwoorden:
        afweging = stap5.afweging_model(kader, stand.stand.beslissing.route, antwoord.afweging)
        catalogus = stap5.voorwaarden_catalogus(kader, afweging)
        if catalogus is None or not antwoord.voorwaarden:
            continue
        return [
            {
                "nummer": i + 1,
                "item": item,
                "status": (antwoord.voorwaarden.get(item.id) or {}).get("status", ""),
                "toelichting": (antwoord.voorwaarden.get(item.id) or {}).get("toelichting", ""),
            }
            for i, item in enumerate(catalogus.items)
        ]
    return []


def _plan_initial(plan: Any) -> dict[str, Any] | None:
    if plan is None:
        return None
    data = plan.evaluatiedatums
    return {
        "doelen": plan.doelen,
        "resultaten": plan.resultaten,
        "wie_doet_wat": plan.wie_doet_wat,
        "monitoring": plan.monitoring,
        "meerdere_beroepskrachten": "ja" if plan.meerdere_beroepskrachten else "nee",
        "casusregie": plan.casusregie,
        **{f"evaluatiedatum_{i + 1}": d for i, d in enumerate(data[:3])},
    }


@casuswerk
def hulpplan(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.hulpplan")
    stand = vervolg.vervolg(casus)
    form = HulpplanForm(request.POST or None, initial=_plan_initial(stand.hulpplan))
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_hulpplan_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            evaluatiedata=form.evaluatiedata(),
            versie=d["versie"],
            **form.gedeclareerd(),  # the declared fields whole (dossier.invoer.HULPPLAN)
        ),
        _("Het hulpplan is vastgelegd."),
        "web:hulpplan",
    )
    return antwoord or render(
        request,
        "web/hulpplan.html",
        context(
            casus,
            "hulpplan",
            form=form,
            vervolg=stand,
            voorwaarden=_voorwaarden_toets(stand),
            plannen=selectors.hulpplannen(casus).order_by("-volgnummer"),
        ),
    )


@casuswerk
def evaluatie(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.evaluatie")
    stand = vervolg.vervolg(casus)
    kader = stand.stand.kader
    volgende = stand.stand.volgende
    criteria = stap5.catalogus_van_soort(kader, volgende, CatalogusSoort.CRITERIA)
    monitoring = stap5.catalogus_van_soort(kader, volgende, CatalogusSoort.MONITORING)
    # In another language: the afweging and the lists from the framework's unofficial
    # translation, each with its Dutch original (ADR 0025); the ids are what is stored.
    weergave = kadertaal.kader_in_taal(kader)
    getoond = (
        stap5.volgende_afweging(weergave, stand.stand.beslissing)
        if weergave is not None and volgende is not None
        else volgende
    )
    lijsten = kadertaal.lijsten(kader, [c for c in (criteria, monitoring) if c is not None])
    per_id = {c.id: c for c in lijsten.catalogi}
    criteria_getoond = per_id.get(criteria.id) if criteria else None
    if getoond is not None and getoond.rol is not Rol.RESULTAAT:
        getoond = None
    form = EvaluatieForm(
        request.POST or None,
        criteria=[(i.id, i.tekst) for i in criteria_getoond.items] if criteria_getoond else [],
        samen=stand.stand.samen_met_veilig_thuis,
        afweging=getoond,
        initial=veilig_thuis.laatste_contact(casus).als_initial("vt_contact"),
    )
    gelukt = {
        EvaluatieResultaat.DOORGAAN: _("De evaluatie is vastgelegd; de hulp gaat door."),
        EvaluatieResultaat.JA: _(
            "De evaluatie is vastgelegd en de afweging beantwoord: de hulp heeft resultaat. Sluit "
            "de hulp af met afspraken over het volgen van de veiligheid."
        ),
        EvaluatieResultaat.NEE: _(
            "De evaluatie is vastgelegd en de afweging beantwoord: de hulp heeft onvoldoende "
            "resultaat. Meld (opnieuw) bij Veilig Thuis."
        ),
    }
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            vastgelegd = services.leg_evaluatie_vast(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                criteria=d["criteria"],
                vt_contact=d.get("vt_contact", ""),
                vt_datum=d.get("vt_datum"),
                versie=versie_uit(request),
                **form.gedeclareerd(),  # the declared fields whole (dossier.invoer.EVALUATIE)
            )
        except ValidationError as fout:
            na_fout(casus, fout)
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(request, gelukt[EvaluatieResultaat(d["resultaat"])])
            waarschuw(request, vastgelegd)
            naar = {
                EvaluatieResultaat.DOORGAAN: "web:evaluatie",
                EvaluatieResultaat.JA: "web:afsluiten",
                EvaluatieResultaat.NEE: "web:melding",
            }[EvaluatieResultaat(d["resultaat"])]
            return redirect(naar, casus_id=casus.uuid)
    return render(
        request,
        "web/evaluatie.html",
        context(
            casus,
            "evaluatie",
            form=form,
            vervolg=stand,
            criteria=criteria_getoond,
            monitoring=per_id.get(monitoring.id) if monitoring else None,
            teksten=lijsten,
            resultaat_afweging=getoond,
            resultaat_origineel=volgende if weergave is not None else None,
            evaluaties=_met_antwoordlabel(
                stand.stand,
                selectors.evaluaties(casus).select_related("antwoord").order_by("-datum", "-pk"),
            ),
            volgende_bron=volgende.bron.als_tekst() if volgende and volgende.bron else "",
        ),
    )


def _met_antwoordlabel(
    stand: selectors.Stap5Stand, evaluaties: Iterable[Evaluatie]
) -> list[Evaluatie]:
    """Each evaluation with ``antwoord_label``: the framework's own label of the answer it gave
    (a profession may offer more than ja and nee), or the resultaat for doorgaan."""
    rijen = list(evaluaties)
    for e in rijen:
        label = e.get_resultaat_display()
        if e.antwoord is not None:
            # By the answer's key: after a handover (kaderformaat 2) ``route/afweging``.
            afweging = stand.afweging_van(e.antwoord)
            label = next((o.label for o in afweging.opties if o.id == e.antwoord.antwoord), label)
        e.antwoord_label = label  # type: ignore[attr-defined]
    return rijen


@casuswerk
def afsluiten(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.afsluiten")
    stand = vervolg.vervolg(casus)
    data = request.POST if request.method == "POST" else None
    contact = veilig_thuis.laatste_contact(casus)
    form = AfsluitingForm(
        data,
        samen=stand.afsluiten.samen_met_veilig_thuis,
        initial=contact.als_initial("vt_contact"),
    )
    afspraken = AfsluitAfsprakenFormSet(data, prefix="afspraak")
    aanvulling = _aanvulling(stand, data, contact)
    geldig = [form.is_valid(), afspraken.is_valid(), *(f.is_valid() for f in aanvulling.values())]
    if request.method == "POST" and all(geldig):
        try:
            afsluiting = services.sluit_af_na_melding(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                afspraken=[f.cleaned_data for f in afspraken.forms],
                terugkoppeling=_schoon(aanvulling.get("terugkoppeling")),
                afspraak_veilig_thuis=_schoon(aanvulling.get("afspraak_vt")),
                versie=versie_uit(request),
                **form.gedeclareerd(),  # the declared fields whole (dossier.invoer.AFSLUITING)
            )
        except ValidationError as fout:
            na_fout(casus, fout)
            rest = _fouten_op_aanvulling(aanvulling, fout)
            if rest is not None:
                _fouten_op_afspraken(form, afspraken, rest)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(request, _("Het traject is afgesloten met de afspraken."))
            waarschuw(request, afsluiting)
            return redirect("web:casus", casus_id=casus.uuid)
    return render(
        request,
        "web/afsluiten.html",
        context(
            casus,
            "afsluiten",
            form=form,
            afspraken=afspraken,
            terugkoppeling_form=aanvulling.get("terugkoppeling"),
            afspraak_vt_form=aanvulling.get("afspraak_vt"),
            aan_te_vullen=veilig_thuis.aan_te_vullen(stand),
            vervolg=stand,
            afsluitingen=selectors.afsluitingen(casus),
        ),
    )


def _aanvulling(
    stand: vervolg.Vervolg, data: Any, contact: veilig_thuis.VeiligThuisContact
) -> dict[str, Any]:
    """Closing after a melding: the feedback and agreement of Veilig Thuis the melding still
    lacks, asked on the closing page itself (veilig_thuis.aan_te_vullen)."""
    open_melding = veilig_thuis.aan_te_vullen(stand)
    formulieren: dict[str, Any] = {}
    if open_melding is None:
        return formulieren
    if not open_melding.terugkoppelingen:
        formulieren["terugkoppeling"] = TerugkoppelingForm(data, prefix="terugkoppeling")
    if not open_melding.afspraken:
        formulieren["afspraak_vt"] = AfspraakVeiligThuisForm(
            data,
            prefix="afspraak_vt",
            initial={"vt_contact": contact.contact or open_melding.melding.vt_contact},
        )
    for form in formulieren.values():
        form.samenvatting_prefix = (
            _("Terugkoppeling")
            if form.prefix == "terugkoppeling"
            else _("Afspraak met Veilig Thuis")
        )
    return formulieren


def _schoon(form: Any) -> dict[str, Any] | None:
    return form.cleaned_data if form is not None else None


def _fouten_op_aanvulling(
    aanvulling: dict[str, Any], fout: ValidationError
) -> ValidationError | None:
    """Errors keyed ``terugkoppeling-<field>`` or ``afspraak_vt-<field>`` go to that form's
    field; the rest is returned for the closing's own form."""
    if not hasattr(fout, "error_dict"):
        return fout
    rest: dict[str, list[str]] = {}
    for sleutel, teksten in fout.message_dict.items():
        voor, _streep, veld = sleutel.partition("-")
        form = aanvulling.get(voor)
        if form is not None and veld in form.fields:
            form.add_error(veld, teksten)
        else:
            rest[sleutel] = teksten
    return ValidationError(rest) if rest else None


def _fouten_op_afspraken(form: Any, afspraken: Any, fout: ValidationError) -> None:
    """Service errors keyed ``afspraak-<n>-<field>`` go to that agreement's field."""
    markeer_verouderd(form, fout)
    if not hasattr(fout, "error_dict"):
        form.add_error(None, fout.messages)
        return
    rest: dict[str, list[str]] = {}
    for veld, teksten in fout.message_dict.items():
        delen = veld.split("-")
        if len(delen) == 3 and delen[0] == "afspraak" and delen[1].isdigit():
            nummer = int(delen[1])
            if nummer < len(afspraken.forms) and delen[2] in afspraken.forms[nummer].fields:
                afspraken.forms[nummer].add_error(delen[2], teksten)
                continue
        rest[veld] = teksten
    if rest:
        zet_fouten(form, ValidationError(rest))
