"""Switching a running casus to a newer framework version: an explicit act with a reason.

A casus keeps the version it started with (DESIGN.md, 'Layers'). When its organisation's
framework has a newer version in force, or the organisation chose another framework, the
owner or the aandachtsfunctionaris may move the casus over — before stap 5 is begun in the
current ronde, so that no besluit mixes two versions — and the audit trail keeps why.

The switch is a write to the casus (its lock, its stap-5 answers, its audit trail), so it lives
in the dossier; the catalogue only says which version a new casus would get today
(docs/adr/0016).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_kaderversie_wisselen
from meldwijzer.audit.services import leg_vast
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.dossier import selectors
from meldwijzer.dossier.models import Antwoord, Casus
from meldwijzer.dossier.services.bouwstenen import (
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import BESLUIT, TRAJECT, Onderdeel, Versie


def wisseldoel(casus: Casus) -> KaderVersie | None:
    """The version this casus could switch to: the one a new casus of its organisation gets
    today, when that differs from the casus's own and is not older than it."""
    try:
        doel = kaderversie_voor_organisatie(casus.organisatie_id)
    except ValidationError:
        return None
    huidig = casus.kader_versie
    if doel.pk == huidig.pk:
        return None
    if (
        doel.kader_id == huidig.kader_id
        and huidig.geldig_vanaf is not None
        and doel.geldig_vanaf is not None
        and doel.geldig_vanaf <= huidig.geldig_vanaf
    ):
        return None  # never back to an older version of the same framework
    return doel


def _route(naar: KaderVersie, casus: Casus, route: str) -> str:
    """The casus's route in the new version: the only one, or the same id, or the one chosen."""
    routes = [r.id for r in naar.kader().model.routes]
    if len(routes) == 1:
        if route and route != routes[0]:
            raise veldfout(
                "route",
                _("Kies een route van dit afwegingskader: %(routes)s.")
                % {"routes": ", ".join(routes)},
            )
        return ""
    gekozen = route or casus.route
    if gekozen not in routes:
        raise veldfout(
            "route",
            _("De nieuwe versie heeft meerdere routes; kies er een: %(routes)s.")
            % {"routes": ", ".join(routes)},
        )
    return gekozen


# Another framework version changes the traject; the service itself refuses once stap 5 began.
WISSEL = Onderdeel(raakt=(TRAJECT,), leest=(BESLUIT,))


@transaction.atomic
def wissel_kaderversie(
    *,
    actor: Membership,
    casus: Casus,
    naar: KaderVersie | None,
    reden: str,
    route: str = "",
    versie: Versie | None = None,
) -> Casus:
    """Move a running casus to ``naar`` (which must be its current ``wisseldoel``)."""
    if not mag_kaderversie_wisselen(actor, casus):
        raise PermissionDenied(
            _("Alleen de eigenaar van de casus of de aandachtsfunctionaris wisselt de kaderversie.")
        )
    vast = vergrendel(actor, casus, versie=versie, onderdeel=WISSEL)
    reden = verplichte_tekst(
        reden, "reden", _("Vul in waarom deze casus naar de nieuwe versie gaat.")
    )
    doel = wisseldoel(vast)
    if doel is None or naar is None or doel.pk != naar.pk:
        raise veldfout(
            None,
            _(
                "Deze casus kan niet naar die versie. Een casus wisselt alleen naar de versie die "
                "een nieuwe casus van uw organisatie vandaag krijgt; vernieuw de pagina."
            ),
        )
    if Antwoord.objects.filter(casus=vast, ronde=vast.ronde, ingetrokken_op__isnull=True).exists():
        raise veldfout(
            None,
            _(
                "In dit traject zijn al afwegingen van stap 5 beantwoord onder versie "
                "%(versie)s. Een besluit hoort bij één versie: wissel pas in een nieuw traject "
                "(na heropenen), of trek de conceptantwoorden eerst in."
            )
            % {"versie": vast.kader_versie.versie},
        )
    kader = doel.kader()
    onbekend = sorted(set(selectors.aangevinkte_signalen(vast)) - kader.aanvinkbaar)
    if onbekend:
        raise veldfout(
            None,
            _(
                "De nieuwe versie kent deze aangevinkte signalen niet: %(ids)s. Wissel niet, of "
                "overleg met de kaderbeheerder hoe ze in de nieuwe versie heten."
            )
            % {"ids": ", ".join(onbekend)},
        )
    nieuwe_route = _route(doel, vast, route)
    oud = {
        "kader": str(vast.kader_versie),
        "kader_versie": vast.kader_versie_id,
        "route": vast.route,
    }
    vast.kader_versie = doel
    vast.route = nieuwe_route
    vast.save(update_fields=["kader_versie", "route"])
    leg_vast(
        actor=actor,
        soort="casus.kader_gewisseld",
        casus=vast,
        obj=vast,
        oud=oud,
        nieuw={"kader": str(doel), "kader_versie": doel.pk, "route": nieuwe_route},
        reden=reden,
    )
    markeer_bijgewerkt(vast, WISSEL)
    ververs(casus, vast)
    return vast
