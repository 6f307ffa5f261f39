"""The melding at Veilig Thuis: after a besluit or as a spoedmelding, with its agreements and
Veilig Thuis's feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier import selectors
from meldwijzer.dossier.invoer import MELDING
from meldwijzer.dossier.models import (
    AfspraakVeiligThuis,
    Casus,
    Melding,
    TermijnEenheid,
    TerugkoppelingVeiligThuis,
    TriageUitkomst,
)
from meldwijzer.dossier.services.bouwstenen import (
    bekende_velden,
    controleer_invoer,
    geldige_datum,
    geldige_keuze,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
    vrije_tekst,
)
from meldwijzer.dossier.services.gelijktijdig import (
    BESLUIT,
    TRAJECT,
    Onderdeel,
    Versie,
    onderdeel_melding,
)

# A termijn longer than this is not a termijn within which results must be reached.
MAX_TERMIJN = {
    TermijnEenheid.DAGEN: 365,
    TermijnEenheid.WERKDAGEN: 260,  # about a year of working days
    TermijnEenheid.WEKEN: 104,
    TermijnEenheid.MAANDEN: 24,
}


@transaction.atomic
def leg_melding_vast(
    *,
    actor: Membership,
    casus: Casus,
    spoed: bool = False,
    versie: Versie | None = None,
    **waarden: Any,
) -> Melding:
    """Record a melding with the fields its declaration names (dossier.invoer.MELDING).

    Normally the current besluit must ask for one; a spoedmelding (acute danger) can be
    recorded at any moment, before the steps are done (DESIGN.md, 'Casus lifecycle'), and the
    casus then asks for the missing steps."""
    # A melding follows the besluit and builds on the whole dossier; a spoedmelding records a
    # call already made, so only another melding meanwhile conflicts (services.gelijktijdig).
    onderdeel = Onderdeel(raakt=(BESLUIT,), leest=(TRAJECT,), beslissing=not spoed)
    vast = vergrendel(actor, casus, versie=versie, onderdeel=onderdeel)
    stand = selectors.stap5_stand(vast)
    velden = _meldingvelden(waarden, spoed=spoed)
    if spoed:
        besluit = stand.besluit if stand.besluit_in_ronde else None
    else:
        if stand.besluit is None or not stand.besluit_in_ronde or not stand.melding_open:
            raise veldfout(None, _("Volgens het huidige besluit is er nu geen melding nodig."))
        besluit = stand.besluit
    melding = Melding.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        besluit=besluit,
        spoed=spoed,
        **velden,
    )
    leg_vast(
        actor=actor,
        soort="spoedmelding.vastgelegd" if spoed else "melding.vastgelegd",
        casus=vast,
        obj=melding,
        nieuw=momentopname(melding, ["besluit", "spoed", *MELDING.namen()]),
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return melding


def meldingvelden(vast: Casus, huidig: Melding, waarden: Mapping[str, Any]) -> dict[str, Any]:
    """A correction of a melding's details: the same checks, for the kind it was."""
    return _meldingvelden(waarden, spoed=huidig.spoed)


def _meldingvelden(waarden: Mapping[str, Any], *, spoed: bool) -> dict[str, Any]:
    """The declared fields, checked, with the acute danger of a spoedmelding and open melden."""
    velden = controleer_invoer(MELDING, bekende_velden(MELDING, dict(waarden)))
    if spoed:
        velden["spoed_reden"] = verplichte_tekst(
            velden["spoed_reden"],
            "spoed_reden",
            _("Beschrijf het acute gevaar waarom u direct meldde."),
        )
    else:
        velden["spoed_reden"] = ""
    _open_melden(velden)
    return velden


def _open_melden(velden: dict[str, Any]) -> None:
    """Open melden is the rule: how the betrokkenen were told beforehand, or why not."""
    if velden["vooraf_geinformeerd"]:
        velden["hoe_geinformeerd"] = verplichte_tekst(
            velden["hoe_geinformeerd"],
            "hoe_geinformeerd",
            _("Beschrijf hoe u de betrokkenen informeerde."),
        )
        velden["reden_niet_geinformeerd"] = velden["toelichting_niet_geinformeerd"] = ""
        return
    if not velden["reden_niet_geinformeerd"]:
        raise veldfout(
            "reden_niet_geinformeerd",
            _("Open melden is de regel: kies waarom u de betrokkenen niet vooraf informeerde."),
        )
    velden["toelichting_niet_geinformeerd"] = verplichte_tekst(
        velden["toelichting_niet_geinformeerd"],
        "toelichting_niet_geinformeerd",
        _("Licht toe waarom u de betrokkenen niet vooraf informeerde."),
    )
    velden["hoe_geinformeerd"] = ""


def _over(melding: Melding) -> Onderdeel:
    """What Veilig Thuis agreed or fed back about one melding: that melding is the part.
    (``getattr``: permission is checked first, also when no melding came along.)"""
    return Onderdeel(raakt=(onderdeel_melding(getattr(melding, "pk", None)),), leest=(TRAJECT,))


def _melding_van(vast: Casus, melding: Melding) -> Melding:
    if melding.casus_id != vast.pk:
        raise veldfout(None, _("Deze melding hoort niet bij deze casus."))
    return melding


@transaction.atomic
def leg_afspraak_veilig_thuis_vast(
    *,
    actor: Membership,
    casus: Casus,
    melding: Melding,
    datum: dt.date | None,
    vt_contact: str,
    wie_doet_wat: str,
    resultaten: str,
    termijn_aantal: int | None,
    termijn_eenheid: str,
    versie: Versie | None = None,
) -> AfspraakVeiligThuis:
    """Who does what after the melding, and the termijn (werkdagen, kalenderdagen, weeks or
    months) within which the named results on safety must be reached (H3, Afweging 5)."""
    onderdeel = _over(melding)
    vast = vergrendel(actor, casus, versie=versie, onderdeel=onderdeel)
    _melding_van(vast, melding)
    datum = geldige_datum(datum, "datum")
    vt_contact = verplichte_tekst(
        vt_contact,
        "vt_contact",
        _("Vul in met wie bij Veilig Thuis u dit afsprak."),
        maximaal=200,
    )
    wie_doet_wat = verplichte_tekst(
        wie_doet_wat, "wie_doet_wat", _("Beschrijf wie wat doet: u, Veilig Thuis en anderen.")
    )
    resultaten = verplichte_tekst(
        resultaten,
        "resultaten",
        _("Noem de resultaten ten aanzien van de veiligheid die bereikt moeten worden."),
    )
    geldige_keuze(termijn_eenheid, TermijnEenheid, "termijn_eenheid")
    grens = MAX_TERMIJN[TermijnEenheid(termijn_eenheid)]
    if termijn_aantal is None or not 1 <= termijn_aantal <= grens:
        raise veldfout(
            "termijn_aantal",
            _("Vul een termijn in van 1 tot en met %(grens)s %(eenheid)s.")
            % {"grens": grens, "eenheid": TermijnEenheid(termijn_eenheid).label},
        )
    afspraak = AfspraakVeiligThuis.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        melding=melding,
        datum=datum,
        vt_contact=vt_contact,
        wie_doet_wat=wie_doet_wat,
        resultaten=resultaten,
        termijn_aantal=termijn_aantal,
        termijn_eenheid=termijn_eenheid,
    )
    leg_vast(
        actor=actor,
        soort="afspraak_vt.vastgelegd",
        casus=vast,
        obj=afspraak,
        nieuw=momentopname(
            afspraak,
            [
                "melding",
                "datum",
                "vt_contact",
                "wie_doet_wat",
                "resultaten",
                "termijn_aantal",
                "termijn_eenheid",
            ],
        ),
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return afspraak


@transaction.atomic
def leg_terugkoppeling_vast(
    *,
    actor: Membership,
    casus: Casus,
    melding: Melding,
    datum: dt.date | None,
    uitkomst: str,
    toelichting: str = "",
    versie: Versie | None = None,
) -> TerugkoppelingVeiligThuis:
    """Veilig Thuis's feedback: the outcome of its triage, and when (H1, 'De rol van Veilig
    Thuis': Veilig Thuis decides per melding how to proceed)."""
    onderdeel = _over(melding)
    vast = vergrendel(actor, casus, versie=versie, onderdeel=onderdeel)
    _melding_van(vast, melding)
    datum = geldige_datum(datum, "datum")
    if datum is not None and datum < melding.datum:
        raise veldfout(
            "datum",
            _("De terugkoppeling kan niet vóór de melding (%(datum)s) liggen.")
            % {"datum": datumtekst.datum(melding.datum)},
        )
    geldige_keuze(uitkomst, TriageUitkomst, "uitkomst")
    if uitkomst == TriageUitkomst.ANDERS:
        toelichting = verplichte_tekst(
            toelichting, "toelichting", _("Beschrijf wat Veilig Thuis besloot.")
        )
    else:
        toelichting = vrije_tekst(toelichting, "toelichting")
    terugkoppeling = TerugkoppelingVeiligThuis.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        melding=melding,
        datum=datum,
        uitkomst=uitkomst,
        toelichting=toelichting,
    )
    leg_vast(
        actor=actor,
        soort="terugkoppeling_vt.vastgelegd",
        casus=vast,
        obj=terugkoppeling,
        nieuw=momentopname(terugkoppeling, ["melding", "datum", "uitkomst", "toelichting"]),
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return terugkoppeling
