"""A few demo casussen in different stages, so a first ``make run`` shows the product: lists,
termijnen and the dashboard are not empty.

Every casus is built through ``dossier.services``, as the webapp would: the audit trail, the
termijnen and the counts are what real work leaves behind. Only where demo accounts are allowed
(``MELDWIJZER_DEMO_TOEGESTAAN``, the development settings); a casus whose title is already in
the organisation is not made again, so ``make run`` can run any number of times.

The people are made up. Dates lie in the recent past, counted back from today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldwijzer.accounts.models import Membership
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus

VT_CONTACT = "Veilig Thuis, mevrouw De Vries"


class DemoNietToegestaan(Exception):
    pass


def _dagen_terug(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _signalen(actor: Membership, casus: Casus, naam: str, dagen: int) -> None:
    services.voeg_betrokkene_toe(
        actor=actor, casus=casus, rol="kind", relatie="leerling", leeftijd=8, naam=naam
    )
    services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=_dagen_terug(dagen),
        bron="eigen",
        aard="feit",
        tekst=f"{naam.split()[0]} had een blauwe plek op de bovenarm en wilde niet zeggen hoe.",
    )
    services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=_dagen_terug(dagen - 2),
        bron="eigen",
        aard="mening",
        tekst=f"Ik denk dat {naam.split()[0]} bang is om naar huis te gaan.",
    )


def _stappen_2_tot_4(actor: Membership, casus: Casus, dagen: int) -> None:
    services.leg_consultatie_vast(
        actor=actor,
        casus=casus,
        met_wie="aandachtsfunctionaris",
        datum=_dagen_terug(dagen),
        advies="Bespreek de signalen met moeder en leg haar reactie vast.",
    )
    services.leg_gesprek_vast(
        actor=actor,
        casus=casus,
        gevoerd=True,
        met_wie="moeder",
        datum=_dagen_terug(dagen - 2),
        reactie="Moeder schrok en vertelde over veel ruzie thuis.",
    )
    services.leg_weging_vast(
        actor=actor,
        casus=casus,
        datum=_dagen_terug(dagen - 4),
        aard_en_ernst="Vermoeden van huiselijk geweld waar het kind getuige van is.",
    )


def _beantwoord(actor: Membership, casus: Casus, antwoorden: dict[str, str]) -> None:
    for afweging, antwoord in antwoorden.items():
        samen = antwoorden.get("2") == "ja" and afweging not in ("1", "2")
        services.beantwoord_afweging(
            actor=actor,
            casus=casus,
            afweging=afweging,
            antwoord=antwoord,
            toelichting=(
                "Conclusie: de zorgen zijn weggenomen in het gesprek met beide ouders."
                if (afweging, antwoord) == ("1", "nee")
                else ""
            ),
            voorwaarden=_voorwaarden(casus) if afweging == "3" else None,
            vt_contact=VT_CONTACT if samen else "",
            vt_datum=_dagen_terug(1) if samen else None,
        )


def _voorwaarden(casus: Casus) -> dict[str, dict[str, str]]:
    """Every voorwaarde for effective help of the casus's framework, met and explained."""
    items = casus.kader_versie.kader().items
    return {
        item_id: {"status": "voldaan", "toelichting": "Besproken met ouders en wijkteam."}
        for item_id in items
        if item_id.startswith("voorwaarde.")
    }


def _in_stap_1(actor: Membership, casus: Casus) -> None:
    _signalen(actor, casus, "Noor Visser", 3)


def _klaar_voor_stap_5(actor: Membership, casus: Casus) -> None:
    _signalen(actor, casus, "Daan de Boer", 20)
    _stappen_2_tot_4(actor, casus, 14)


def _gemeld(actor: Membership, casus: Casus) -> None:
    _signalen(actor, casus, "Sam Jansen", 30)
    _stappen_2_tot_4(actor, casus, 25)
    _beantwoord(actor, casus, {"1": "ja", "2": "ja"})
    melding = services.leg_melding_vast(
        actor=actor,
        casus=casus,
        datum=_dagen_terug(1),
        wijze="telefoon",
        vt_contact=VT_CONTACT,
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Moeder vooraf gebeld en verteld dat ik zou melden.",
    )
    services.leg_afspraak_veilig_thuis_vast(
        actor=actor,
        casus=casus,
        melding=melding,
        datum=_dagen_terug(1),
        vt_contact=VT_CONTACT,
        wie_doet_wat="Veilig Thuis spreekt beide ouders; school volgt Sam en meldt nieuwe zorgen.",
        resultaten="Geen nieuw geweld; ouders in gesprek met het wijkteam.",
        termijn_aantal=6,
        termijn_eenheid="weken",
    )


def _evaluatie_verlopen(actor: Membership, casus: Casus) -> None:
    _signalen(actor, casus, "Lotte Bakker", 60)
    _stappen_2_tot_4(actor, casus, 55)
    _beantwoord(actor, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    services.leg_hulpplan_vast(
        actor=actor,
        casus=casus,
        datum=_dagen_terug(35),
        doelen="Rust thuis; ouders leren ruzie te maken zonder geweld.",
        resultaten="Geen nieuw geweld; ouders volgen de oudertraining.",
        wie_doet_wat="Wijkteam: oudertraining; school: volgt Lotte; ouders: doen mee.",
        monitoring="Elke twee weken contact met moeder; school meldt nieuwe signalen.",
        meerdere_beroepskrachten=True,
        casusregie="Wijkteam, de heer Bakker",
        evaluatiedata=[_dagen_terug(7)],  # a week overdue: the dashboard shows it
    )


def _afgesloten(actor: Membership, casus: Casus) -> None:
    _signalen(actor, casus, "Milan Smit", 40)
    _stappen_2_tot_4(actor, casus, 35)
    _beantwoord(actor, casus, {"1": "nee"})


@dataclass(frozen=True)
class DemoCasus:
    titel: str
    stadium: str
    maak: Callable[[Membership, Casus], None]


DEMO_CASUSSEN = (
    DemoCasus("Noor, groep 3: blauwe plekken (demo)", "stap 1: signalen", _in_stap_1),
    DemoCasus("Daan, groep 6: onrust thuis (demo)", "klaar voor stap 5", _klaar_voor_stap_5),
    DemoCasus("Sam, groep 5: vertelde over geweld thuis (demo)", "gemeld", _gemeld),
    DemoCasus("Lotte, groep 7: hulpplan loopt (demo)", "evaluatie te laat", _evaluatie_verlopen),
    DemoCasus("Milan, groep 4: zorgen weggenomen (demo)", "afgesloten", _afgesloten),
)


def maak_demo_casussen(beroepskracht: Membership) -> list[tuple[DemoCasus, bool]]:
    """The demo casussen of this beroepskracht, each made when its title is not yet in the
    organisation; returns each with whether it was made now."""
    if not settings.MELDWIJZER_DEMO_TOEGESTAAN:
        raise DemoNietToegestaan("Demo-casussen zijn in deze omgeving (productie) niet toegestaan.")
    bestaand = {c.titel for c in Casus.objects.filter(organisatie_id=beroepskracht.organisatie_id)}
    resultaat = []
    for demo in DEMO_CASUSSEN:
        nieuw = demo.titel not in bestaand
        if nieuw:
            with transaction.atomic():
                casus = services.open_casus(actor=beroepskracht, titel=demo.titel)
                demo.maak(beroepskracht, casus)
        resultaat.append((demo, nieuw))
    return resultaat
