"""Builders for practice-mode tests: an oefencasus, and learners who complete it.

They go through ``oefenen.services`` like the pages do, so what they build passed the same
checks (docs/ontwikkelen.md, 'Waar de testbouwers staan').
"""

from __future__ import annotations

from collections.abc import Mapping

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.accounts.tests.bouwers import maak_lid
from meldwijzer.oefenen import services
from meldwijzer.oefenen.models import Oefencasus, Oefenpoging

# Acute onveiligheid with help that works: melden, then help with Veilig Thuis, and closing.
VERWACHT = {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "ja"}
SIGNAAL = "acuut.wapen"
VIGNET = (
    "Een leerling van groep 7 vertelt dat zijn vader gisteravond met een mes dreigde toen "
    "moeder wilde vertrekken. Hij durft niet naar huis."
)


def maak_oefencasus(
    schrijver: Membership,
    antwoorden: Mapping[str, str] | None = None,
    signalen: list[str] | None = None,
    titel: str = "Dreiging met een mes",
) -> Oefencasus:
    """An oefencasus on the organisation's framework (basis), written by ``schrijver``."""
    return services.schrijf_oefencasus(
        actor=schrijver,
        titel=titel,
        vignet=VIGNET,
        route="standaard",
        antwoorden=dict(VERWACHT if antwoorden is None else antwoorden),
        signalen=[SIGNAAL] if signalen is None else signalen,
    )


def oefen(
    lid: Membership,
    oefencasus: Oefencasus,
    antwoorden: Mapping[str, str],
    signalen: list[str] | None = None,
) -> Oefenpoging:
    """One attempt answered in path order; ``signalen`` are ticked with the first afweging
    whose lists hold them (as on the page)."""
    poging = services.begin_poging(actor=lid, oefencasus=oefencasus)
    rest = list(signalen or [])
    for afweging, antwoord in antwoorden.items():
        poging = services.beantwoord_oefening(
            actor=lid,
            poging=poging,
            afweging=afweging,
            antwoord=antwoord,
            signalen=rest,
        )
    return poging


def maak_deelnemers(
    organisatie: Organisatie, aantal: int, voorvoegsel: str = "leerling"
) -> list[Membership]:
    return [
        maak_lid(Rol.BEROEPSKRACHT, organisatie, f"{voorvoegsel}{i}") for i in range(1, aantal + 1)
    ]


def kies_onderwijskader(organisatie: Organisatie) -> None:
    """The organisation uses the shipped school example (two routes: standaard, and medewerker
    outside the meldcode), published under a beroepsorganisatie's id ``po-onderwijs``."""
    from meldwijzer.catalogus import beheer
    from meldwijzer.catalogus import services as catalogus
    from meldwijzer.catalogus.tests.bouwers import VANDAAG, onderwijs

    uitslag = catalogus.importeer_kadertekst(onderwijs(), "po-onderwijs.yaml")
    assert uitslag.versie is not None
    catalogus.publiceer_kaderversie(uitslag.versie, geldig_vanaf=VANDAAG)
    beheer.kies_kader(actor=maak_lid(Rol.BEHEERDER, organisatie), kader_id="po-onderwijs")
