"""What the tests of every app build from the dossier: a casus, walked through its steps as a
professional would, up to stap 5, the afwegingen, a hulpplan and its evaluation.

Plain functions (no fixtures): a test, a fixture or another builder calls them with the member
who acts and the casus. They go through ``dossier.services`` like the webapp and the API do, so
what they build passes the same checks and leaves the same audit trail. The fixtures ``casus``
and ``casus_stap5`` in ``meldwijzer/conftest.py`` are thin wrappers around these;
docs/ontwikkelen.md explains when to use which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TypedDict

from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Casus, Evaluatie, Hulpplan

# Dates in the past, fixed when the test run starts (services refuse dates in the future).
GISTEREN = timezone.localdate() - dt.timedelta(days=1)
EERGISTEREN = timezone.localdate() - dt.timedelta(days=2)

TITEL = "Zorgen over leerling groep 5"


class VeiligThuis(TypedDict):
    """The Veilig Thuis details of an answer given together with Veilig Thuis."""

    vt_contact: str
    vt_datum: dt.date | None


# After afweging 2 = ja every later answer is given together with Veilig Thuis.
VT: VeiligThuis = {"vt_contact": "Veilig Thuis, mevrouw De Vries", "vt_datum": GISTEREN}
ZONDER_VT: VeiligThuis = {"vt_contact": "", "vt_datum": None}

# The four voorwaarden of afweging 3, each met and explained.
VOORWAARDEN: dict[str, dict[str, str]] = {
    f"voorwaarde.{n}": {"status": "voldaan", "toelichting": f"Voorwaarde {n} is geregeld."}
    for n in range(1, 5)
}


def open_casus(actor: Membership, titel: str = TITEL) -> Casus:
    """A new casus of ``actor`` (its owner), in stap 1."""
    return services.open_casus(actor=actor, titel=titel)


def maak_klaar_voor_stap5(
    actor: Membership, casus: Casus, *, signalen: Sequence[str] = ()
) -> Casus:
    """Record a signal (with these checked signals), a consultatie, a gesprek and a weging, all
    of yesterday: stap 5 can start. Returns the same casus."""
    datum = timezone.localdate() - dt.timedelta(days=1)
    services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=datum,
        bron="eigen",
        aard="feit",
        tekst="Blauwe plek op de bovenarm.",
        aangevinkt=list(signalen),
    )
    services.leg_consultatie_vast(
        actor=actor,
        casus=casus,
        met_wie="aandachtsfunctionaris",
        datum=datum,
        advies="Bespreek het met moeder.",
    )
    services.leg_gesprek_vast(
        actor=actor,
        casus=casus,
        gevoerd=True,
        met_wie="moeder",
        datum=datum,
        reactie="Moeder schrok en wil hulp.",
    )
    services.leg_weging_vast(
        actor=actor, casus=casus, datum=datum, aard_en_ernst="Vermoeden van lichamelijk geweld."
    )
    return casus


def leg_hulpplan_vast(
    actor: Membership,
    casus: Casus,
    *,
    datum: dt.date | None = EERGISTEREN,
    doelen: str = "Veilig thuis voor Sam; ouders leren omgaan met ruzie zonder geweld.",
    resultaten: str = "Geen nieuw geweld; ouders volgen de training.",
    wie_doet_wat: str = "Wijkteam: training; school: volgt Sam; ouders: nemen deel.",
    monitoring: str = "Wekelijks contact met school, zes maanden; het wijkteam stelt vast.",
    meerdere_beroepskrachten: bool | None = True,
    casusregie: str = "Wijkteam, de heer Bakker",
    evaluatiedata: Sequence[dt.date | None] = (GISTEREN,),
) -> Hulpplan:
    """A complete hulpplan of the day before yesterday, evaluated from yesterday on (afweging 3
    must be answered ja). Each field can be given otherwise, to test what the service refuses."""
    return services.leg_hulpplan_vast(
        actor=actor,
        casus=casus,
        datum=datum,
        doelen=doelen,
        resultaten=resultaten,
        wie_doet_wat=wie_doet_wat,
        monitoring=monitoring,
        meerdere_beroepskrachten=meerdere_beroepskrachten,
        casusregie=casusregie,
        evaluatiedata=list(evaluatiedata),
    )


def beantwoord(
    actor: Membership,
    casus: Casus,
    antwoorden: Mapping[str, str],
    *,
    toelichting: str | None = None,
) -> services.Stap5Resultaat | Evaluatie | None:
    """Answer the afwegingen in order, as a professional would: ``{"1": "ja", "2": "nee"}``.

    Afweging 3 with all ``VOORWAARDEN`` met, the Veilig Thuis details (``VT``) on every answer
    after 2 = ja, and afweging 5 in an evaluation of the hulpplan (recorded first with
    ``leg_hulpplan_vast`` when there is none). Without a ``toelichting`` 1 = nee gets the
    conclusion it needs and other answers none. Returns the outcome of the last answer: the
    ``Stap5Resultaat``, or the ``Evaluatie`` for afweging 5 (``None`` for no answers).
    """
    resultaat: services.Stap5Resultaat | Evaluatie | None = None
    for afweging, antwoord in antwoorden.items():
        vt = VT if selectors.stap5_stand(casus).samen_met_veilig_thuis else ZONDER_VT
        if afweging == "5":
            if selectors.huidig_hulpplan(casus) is None:
                leg_hulpplan_vast(actor, casus)
            resultaat = services.leg_evaluatie_vast(
                actor=actor,
                casus=casus,
                datum=GISTEREN,
                bevindingen="De doelen zijn besproken met ouders en school.",
                resultaat=antwoord,
                toelichting="Geëvalueerd met ouders en wijkteam.",
                criteria=["criterium5.vastgelopen"] if antwoord == "nee" else [],
                **vt,
            )
            continue
        resultaat = services.beantwoord_afweging(
            actor=actor,
            casus=casus,
            afweging=afweging,
            antwoord=antwoord,
            toelichting=toelichting
            or ("Conclusie: geen zorgen." if antwoord == "nee" and afweging == "1" else ""),
            voorwaarden=VOORWAARDEN if afweging == "3" else None,
            **vt,
        )
    return resultaat
