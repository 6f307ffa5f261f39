"""Care for those involved: the Kindcheck for adults, and a betrokkene's zienswijze."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier import stap5
from meldwijzer.dossier.invoer import KINDCHECK, ZIENSWIJZE
from meldwijzer.dossier.models import Betrokkene, Casus, Kindcheck, Zienswijze
from meldwijzer.dossier.services.bouwstenen import (
    bekende_velden,
    controleer_invoer,
    eis_in_dit_geval,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import (
    TOEVOEGING,
    TRAJECT,
    Onderdeel,
    Versie,
    onderdeel_kindcheck,
)
from meldwijzer.kader.model import CatalogusSoort


def _betrokkene_van(vast: Casus, betrokkene: Betrokkene | None) -> Betrokkene:
    if betrokkene is None:
        raise veldfout("betrokkene", _("Kies de betrokkene."))
    if betrokkene.casus_id != vast.pk:
        raise veldfout("betrokkene", _("Kies een betrokkene van deze casus."))
    return betrokkene


@transaction.atomic
def leg_kindcheck_vast(
    *,
    actor: Membership,
    casus: Casus,
    betrokkene: Betrokkene,
    condities: Iterable[str],
    versie: Versie | None = None,
    **waarden: Any,
) -> Kindcheck:
    """For an adult: which Kindcheck conditions apply (acute medical care because of
    partnergeweld, intoxicatie, suïcidepoging or automutilatie) and, if any, whether they care
    for children (H4, Oudersignalen). The answer and its explanation are the fields its
    declaration names (dossier.invoer.KINDCHECK); the conditions come from the framework's
    catalogue and are checked here, with the rule they bring."""
    # A new Kindcheck replaces the previous one of the same adult: that is the part it edits.
    # (``getattr``: permission is checked first, also when no betrokkene came along.)
    onderdeel = Onderdeel(
        raakt=(onderdeel_kindcheck(getattr(betrokkene, "pk", None)),), leest=(TRAJECT,)
    )
    vast = vergrendel(actor, casus, versie=versie, onderdeel=onderdeel)
    _betrokkene_van(vast, betrokkene)
    if not betrokkene.is_volwassen:
        raise veldfout(
            "betrokkene", _("De Kindcheck gaat over volwassenen; deze betrokkene is een kind.")
        )
    condities = _kindcheck_condities(vast, condities)
    velden = controleer_invoer(KINDCHECK, bekende_velden(KINDCHECK, waarden))
    if condities:  # a circumstance ticked: whether the adult cares for children is asked
        eis_in_dit_geval(KINDCHECK, velden, ["zorgt_voor_kinderen"])
    kindcheck = Kindcheck.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        betrokkene=betrokkene,
        condities=condities,
        **velden,
    )
    leg_vast(
        actor=actor,
        soort="kindcheck.vastgelegd",
        casus=vast,
        obj=kindcheck,
        nieuw=momentopname(kindcheck, ["betrokkene", "condities", *KINDCHECK.namen()]),
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return kindcheck


def _kindcheck_condities(vast: Casus, condities: Iterable[str]) -> list[str]:
    """The conditions ticked, each an item of the framework's Kindcheck catalogue."""
    kader = vast.kader_versie.kader()
    catalogus = stap5.catalogus_van_soort(kader, None, CatalogusSoort.KINDCHECK)
    bekend = {i.id for i in catalogus.items} if catalogus is not None else set()
    gekozen = sorted(set(condities))
    if set(gekozen) - bekend:
        raise veldfout("condities", _("Kies alleen omstandigheden uit de lijst."))
    return gekozen


@transaction.atomic
def leg_zienswijze_vast(
    *,
    actor: Membership,
    casus: Casus,
    betrokkene: Betrokkene | None,
    versie: Versie | None = None,
    **waarden: Any,
) -> Zienswijze:
    """A betrokkene's own view, in their words, marked as such (hoor en wederhoor, H2), with
    the fields its declaration names (dossier.invoer.ZIENSWIJZE); whose view it is, one of the
    casus's betrokkenen, is checked here."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    betrokkene = _betrokkene_van(vast, betrokkene)
    velden = zienswijzevelden(vast, None, waarden)
    zienswijze = Zienswijze.objects.create(
        casus=vast, ronde=vast.ronde, vastgelegd_door=actor.user, betrokkene=betrokkene, **velden
    )
    leg_vast(
        actor=actor,
        soort="zienswijze.vastgelegd",
        casus=vast,
        obj=zienswijze,
        nieuw=momentopname(zienswijze, ["betrokkene", *ZIENSWIJZE.namen()]),
    )
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return zienswijze


def zienswijzevelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    return controleer_invoer(ZIENSWIJZE, bekende_velden(ZIENSWIJZE, dict(waarden)))
