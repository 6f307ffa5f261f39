"""A casus with a history (docs/adr/0019) for the tests of the documents, the inzage export and
the timeline: a signaal corrected, one withdrawn, a consultatie corrected, a zienswijze
withdrawn and a hulpplan corrected; a signal ticked at afweging 2 rests on the corrected
signaal. Built through the services, as a professional would."""

from __future__ import annotations

from dataclasses import dataclass

from meldwijzer.accounts.models import Membership
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus, Consultatie, Hulpplan, Signaal, Zienswijze
from meldwijzer.dossier.tests.bouwers import (
    GISTEREN,
    beantwoord,
    leg_hulpplan_vast,
    maak_klaar_voor_stap5,
)

# Ticked on signaal A (corrected, still current), on signaal B (withdrawn: its only source),
# and at afweging 2 resting on signaal A.
OP_A = "risico.middelenmisbruik"
OP_B = "factor.oudersignalen"
BIJ_AFWEGING = "factor.herhaling"

TEKST_A_OUD = "SIGNAAL-A-OUD Blauwe plek op de linkerarm."
TEKST_A = "SIGNAAL-A-NIEUW Blauwe plek op de rechterarm."
TEKST_B = "SIGNAAL-B Moeder vertelde over ruzie thuis."
TOELICHTING_A = "TOELICHTING-A Verkeerde arm overgenomen."
TOELICHTING_B = "TOELICHTING-B Dit hoort bij een andere leerling."
ADVIES_OUD = "ADVIES-OUD Bespreek het met vader."
ADVIES = "ADVIES-NIEUW Bespreek het met moeder."
ZIENSWIJZE = "ZIENSWIJZE-Z Ik wil bij mama blijven."
TOELICHTING_Z = "TOELICHTING-Z Bij de verkeerde betrokkene genoteerd."
DOELEN = "DOELEN-NIEUW Veilig thuis voor Sam."
TOELICHTING_PLAN = "TOELICHTING-PLAN Alleen het wijkteam is betrokken."


@dataclass
class Geschiedenis:
    casus: Casus
    a: Signaal
    b: Signaal
    consultatie: Consultatie
    zienswijze: Zienswijze
    hulpplan: Hulpplan


def casus_met_geschiedenis(actor: Membership) -> Geschiedenis:
    """Stappen 1 to 4, signalen A and B, afwegingen 1 ja, 2 nee (ticking ``BIJ_AFWEGING`` on
    A), 3 ja, a hulpplan; then the corrections and withdrawals."""
    casus = services.open_casus(actor=actor, titel="Sam, groep 5")
    kind = services.voeg_betrokkene_toe(
        actor=actor, casus=casus, rol="kind", relatie="leerling", leeftijd=8, naam="Sam Jansen"
    )
    maak_klaar_voor_stap5(actor, casus)
    a = services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=GISTEREN,
        bron="eigen",
        aard="feit",
        tekst=TEKST_A_OUD,
        aangevinkt=[OP_A],
    )
    b = services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=GISTEREN,
        bron="verteld",
        bron_wie="moeder",
        aard="feit",
        tekst=TEKST_B,
        aangevinkt=[OP_B],
    )
    consultatie = services.leg_consultatie_vast(
        actor=actor, casus=casus, met_wie="collega", datum=GISTEREN, advies=ADVIES_OUD
    )
    zienswijze = services.leg_zienswijze_vast(
        actor=actor, casus=casus, betrokkene=kind, datum=GISTEREN, hoe="mondeling", tekst=ZIENSWIJZE
    )
    beantwoord(actor, casus, {"1": "ja"})
    services.beantwoord_afweging(
        actor=actor,
        casus=casus,
        afweging="2",
        antwoord="nee",
        toelichting="Moeder werkt mee; hulp door het wijkteam is mogelijk.",
        signalen=[BIJ_AFWEGING],
        bronnen=[a.pk],
    )
    beantwoord(actor, casus, {"3": "ja"}, toelichting="De voorwaarden zijn geregeld.")
    hulpplan = leg_hulpplan_vast(actor, casus)

    def corrigeer(item: object, reden: str, toelichting: str, **waarden: object) -> None:
        services.corrigeer(
            actor=actor,
            casus=casus,
            soort=item._meta.model_name,  # type: ignore[attr-defined]
            item_id=item.pk,  # type: ignore[attr-defined]
            reden=reden,
            toelichting=toelichting,
            waarden=waarden,
        )

    a.refresh_from_db()
    corrigeer(
        a,
        "onjuist",
        TOELICHTING_A,
        datum=GISTEREN,
        bron="eigen",
        aard="feit",
        tekst=TEKST_A,
        aangevinkt=list(a.aangevinkt),
    )
    services.trek_in(
        actor=actor,
        casus=casus,
        soort="signaal",
        item_id=b.pk,
        reden="verkeerde_casus",
        toelichting=TOELICHTING_B,
    )
    corrigeer(
        consultatie,
        "onjuist",
        "Vader en moeder verwisseld.",
        met_wie="collega",
        datum=GISTEREN,
        advies=ADVIES,
    )
    services.trek_in(
        actor=actor,
        casus=casus,
        soort="zienswijze",
        item_id=zienswijze.pk,
        reden="onjuist",
        toelichting=TOELICHTING_Z,
    )
    corrigeer(
        hulpplan,
        "onvolledig",
        TOELICHTING_PLAN,
        datum=hulpplan.datum,
        doelen=DOELEN,
        resultaten=hulpplan.resultaten,
        wie_doet_wat=hulpplan.wie_doet_wat,
        monitoring=hulpplan.monitoring,
        meerdere_beroepskrachten=False,
        casusregie="",
        evaluatiedata=list(hulpplan.evaluatiedatums),
    )
    for item in (a, b, consultatie, zienswijze, hulpplan):
        item.refresh_from_db()
    casus.refresh_from_db()
    return Geschiedenis(casus, a, b, consultatie, zienswijze, hulpplan)
