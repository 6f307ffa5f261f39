"""Closing a traject after help (hulp_afsluiten) or after a melding, with agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier import veilig_thuis, vervolg
from meldwijzer.dossier.invoer import AFSLUITING, AFSLUITING_MET_VEILIG_THUIS
from meldwijzer.dossier.models import AfsluitAfspraak, Afsluiting, Casus, Fase
from meldwijzer.dossier.services.bouwstenen import (
    MAX_TEKST,
    bekende_velden,
    controleer_invoer,
    eis_in_dit_geval,
    ga_naar_fase,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import (
    BESLUIT,
    TRAJECT,
    Onderdeel,
    Versie,
    onderdeel_melding,
)
from meldwijzer.dossier.services.melding import (
    leg_afspraak_veilig_thuis_vast,
    leg_terugkoppeling_vast,
)

MAX_AFSPRAKEN = 20


def _afspraken(
    afspraken: Sequence[Mapping[str, Any]], afsluitdatum: dt.date
) -> list[dict[str, Any]]:
    """At least one agreement: what is followed, by whom, with which partners, until when
    (H3, Afweging 5). Errors are keyed ``afspraak-<n>-<field>`` like the form's fields."""
    fouten: dict[str, list[str]] = {}
    schoon: list[dict[str, Any]] = []
    for i, a in enumerate(afspraken[:MAX_AFSPRAKEN]):
        wat = str(a.get("wat") or "").strip()
        wie = str(a.get("wie") or "").strip()
        partners = str(a.get("partners") or "").strip()
        tot = a.get("tot_wanneer")
        if not (wat or wie or partners or tot):
            continue  # an empty extra row of the form
        sleutel = f"afspraak-{i}-"
        if not wat:
            fouten[sleutel + "wat"] = [_("Beschrijf wat er wordt gevolgd.")]
        elif len(wat) > MAX_TEKST:
            fouten[sleutel + "wat"] = [
                _("Houd deze tekst korter dan %(max)s tekens.") % {"max": MAX_TEKST}
            ]
        if not wie:
            fouten[sleutel + "wie"] = [_("Vul in wie het volgt.")]
        elif len(wie) > 200:
            fouten[sleutel + "wie"] = [_("Houd dit korter dan %(max)s tekens.") % {"max": 200}]
        if len(partners) > 300:
            fouten[sleutel + "partners"] = [_("Houd dit korter dan %(max)s tekens.") % {"max": 300}]
        if not isinstance(tot, dt.date):
            fouten[sleutel + "tot_wanneer"] = [_("Vul in tot wanneer dit wordt gevolgd.")]
        elif tot <= afsluitdatum:
            fouten[sleutel + "tot_wanneer"] = [
                _("‘Tot wanneer’ ligt na de datum van afsluiten: het volgen gaat daarna door.")
            ]
        schoon.append({"wat": wat, "wie": wie, "partners": partners, "tot_wanneer": tot})
    if fouten:
        raise ValidationError(fouten)
    if not schoon:
        raise veldfout(
            "afspraak-0-wat",
            _(
                "Leg ten minste één afspraak vast over het volgen van toekomstige "
                "(on)veiligheid: wat, door wie, met welke partners en tot wanneer."
            ),
        )
    return schoon


# Closing ends the ronde and builds on the whole dossier (services.gelijktijdig).
AFSLUITEN = Onderdeel(raakt=(TRAJECT,), leest=(BESLUIT,), beslissing=True)


@transaction.atomic
def sluit_traject_af(
    *,
    actor: Membership,
    casus: Casus,
    afspraken: Sequence[Mapping[str, Any]],
    versie: Versie | None = None,
    **waarden: Any,
) -> Afsluiting:
    """Close the traject with follow-up agreements and who continues casusregie and monitoring
    (H3, Afweging 5; H5, Een korte toelichting op de vier voorwaarden, voorwaarde 4): the fields
    its declaration names (dossier.invoer.AFSLUITING), the agreements a list beside them. After
    2 = ja this is agreed with Veilig Thuis."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=AFSLUITEN)
    stand = vervolg.vervolg(vast)
    afsluiten = stand.afsluiten
    if afsluiten.soort is None or afsluiten.redenen:
        redenen = afsluiten.redenen or [_("Volgens het huidige besluit is er niets af te sluiten.")]
        raise veldfout(None, " ".join([_("Afsluiten kan nog niet."), *redenen]))
    samen = afsluiten.samen_met_veilig_thuis
    velden = controleer_invoer(
        AFSLUITING,
        bekende_velden(AFSLUITING, waarden),
        zonder=() if samen else AFSLUITING_MET_VEILIG_THUIS,
    )
    besluit = stand.stand.besluit
    assert besluit is not None
    if velden["datum"] < timezone.localtime(besluit.vastgelegd_op).date():
        raise veldfout("datum", _("De afsluiting kan niet vóór het besluit liggen."))
    schoon = _afspraken(afspraken, velden["datum"])
    velden.update(_met_veilig_thuis(velden) if samen else {"vt_contact": "", "vt_datum": None})
    afsluiting = Afsluiting.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        besluit=besluit,
        soort=afsluiten.soort,
        **velden,
    )
    for a in schoon:
        AfsluitAfspraak.objects.create(afsluiting=afsluiting, **a)
    leg_vast(
        actor=actor,
        soort="casus.afgesloten",
        casus=vast,
        obj=afsluiting,
        nieuw={
            **momentopname(afsluiting, ["besluit", "soort", *AFSLUITING.namen()]),
            "afspraken": schoon,
        },
    )
    vast.conclusie = velden["conclusie"]
    vast.afgesloten_op = timezone.now()
    vast.save(update_fields=["conclusie", "afgesloten_op"])
    ga_naar_fase(actor, vast, Fase.AFGESLOTEN)
    markeer_bijgewerkt(vast, AFSLUITEN)
    ververs(casus, vast)
    return afsluiting


def _met_veilig_thuis(velden: Mapping[str, Any]) -> dict[str, Any]:
    """Together with Veilig Thuis, with whom and when the closing was agreed are required."""
    eis_in_dit_geval(AFSLUITING, velden, AFSLUITING_MET_VEILIG_THUIS)
    return {naam: velden[naam] for naam in AFSLUITING_MET_VEILIG_THUIS}


@transaction.atomic
def sluit_af_na_melding(
    *,
    actor: Membership,
    casus: Casus,
    afspraken: Sequence[Mapping[str, Any]],
    terugkoppeling: Mapping[str, Any] | None = None,
    afspraak_veilig_thuis: Mapping[str, Any] | None = None,
    versie: Versie | None = None,
    **waarden: Any,
) -> Afsluiting:
    """Close the traject, recording first what the melding still lacks: Veilig Thuis's
    feedback and the agreements with Veilig Thuis (veilig_thuis.aan_te_vullen), through their own
    services. All or nothing: one error and none of it is saved. Errors of those records are
    keyed ``terugkoppeling-<field>`` and ``afspraak_vt-<field>``, like the page's fields."""
    vast = vergrendel(actor, casus, onderdeel=AFSLUITEN)
    open_melding = veilig_thuis.aan_te_vullen(vervolg.vervolg(vast))
    if open_melding is not None:
        # The melding's records conflict with feedback or agreements saved meanwhile.
        onderdeel = Onderdeel(
            raakt=(*AFSLUITEN.raakt, onderdeel_melding(open_melding.melding.pk)),
            leest=AFSLUITEN.leest,
            beslissing=True,
        )
        vergrendel(actor, vast, versie=versie, onderdeel=onderdeel)
        _vul_melding_aan(actor, vast, open_melding, terugkoppeling, afspraak_veilig_thuis)
        versie = None  # checked above; the records just saved raised the version
    afsluiting = sluit_traject_af(
        actor=actor, casus=vast, afspraken=afspraken, versie=versie, **waarden
    )
    ververs(casus, vast)
    return afsluiting


def _vul_melding_aan(
    actor: Membership,
    vast: Casus,
    open_melding: vervolg.MeldingStand,
    terugkoppeling: Mapping[str, Any] | None,
    afspraak: Mapping[str, Any] | None,
) -> None:
    """Record the missing feedback and agreement; the errors of both together."""
    fouten: dict[str, list[str]] = {}
    melding = open_melding.melding
    if not open_melding.terugkoppelingen:
        gegeven = terugkoppeling or {}
        try:
            with transaction.atomic():
                leg_terugkoppeling_vast(
                    actor=actor,
                    casus=vast,
                    melding=melding,
                    datum=gegeven.get("datum"),
                    uitkomst=gegeven.get("uitkomst") or "",
                    toelichting=gegeven.get("toelichting") or "",
                )
        except ValidationError as fout:
            fouten.update(_met_voorvoegsel("terugkoppeling", fout))
    if not open_melding.afspraken:
        gegeven = afspraak or {}
        try:
            with transaction.atomic():
                leg_afspraak_veilig_thuis_vast(
                    actor=actor,
                    casus=vast,
                    melding=melding,
                    datum=gegeven.get("datum"),
                    vt_contact=gegeven.get("vt_contact") or "",
                    wie_doet_wat=gegeven.get("wie_doet_wat") or "",
                    resultaten=gegeven.get("resultaten") or "",
                    termijn_aantal=gegeven.get("termijn_aantal"),
                    termijn_eenheid=gegeven.get("termijn_eenheid") or "",
                )
        except ValidationError as fout:
            fouten.update(_met_voorvoegsel("afspraak_vt", fout))
    if fouten:
        raise ValidationError(fouten)


def _met_voorvoegsel(voorvoegsel: str, fout: ValidationError) -> dict[str, list[str]]:
    if not hasattr(fout, "error_dict"):
        return {NON_FIELD_ERRORS: fout.messages}
    return {
        (NON_FIELD_ERRORS if veld == NON_FIELD_ERRORS else f"{voorvoegsel}-{veld}"): teksten
        for veld, teksten in fout.message_dict.items()
    }
