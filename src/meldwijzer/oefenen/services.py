"""Writing oefencasussen and practising on them: the only write paths of practice data.

Every function checks the actor's right and organisation itself; a view only passes on what a
person submitted. Nothing here touches a casus, a termijn or the access log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_oefencasussen_schrijven, mag_oefenen
from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.dossier import stap5
from meldwijzer.kader import BeslisFout, beslis
from meldwijzer.oefenen.models import Oefencasus, Oefenpoging
from meldwijzer.oefenen.verwachting import OnmogelijkeVerwachting, toets_verwachting

TITEL_MAX = 200
VIGNET_MAX = 5000
TOELICHTING_MAX = 2000


def _tekst(waarde: str, veld: str, leeg: str, maximum: int) -> str:
    waarde = (waarde or "").strip()
    if not waarde:
        raise ValidationError({veld: [leeg]})
    if len(waarde) > maximum:
        raise ValidationError(
            {
                veld: [
                    _("Maak de tekst korter: hoogstens %(max)s tekens (nu %(n)s).")
                    % {"max": maximum, "n": len(waarde)}
                ]
            }
        )
    return waarde


@transaction.atomic
def schrijf_oefencasus(
    *,
    actor: Membership,
    titel: str,
    vignet: str,
    route: str,
    antwoorden: Mapping[str, str],
    signalen: Iterable[str] = (),
    uit_situatie: str = "",
) -> Oefencasus:
    """A new oefencasus on the organisation's framework version of today; refused with the
    reason when the framework cannot produce the expected answers."""
    if not mag_oefencasussen_schrijven(actor):
        raise PermissionDenied(_("Alleen de aandachtsfunctionaris schrijft oefencasussen."))
    titel = _tekst(titel, "titel", _("Geef de oefencasus een titel."), TITEL_MAX)
    vignet = _tekst(
        vignet, "vignet", _("Beschrijf de situatie die collega's lezen (het vignet)."), VIGNET_MAX
    )
    kader_versie = kaderversie_voor_organisatie(actor.organisatie_id)
    kader = kader_versie.kader()
    if not route and len(kader.routes) == 1:
        route = next(iter(kader.routes))
    try:
        verwachting = toets_verwachting(kader, route, antwoorden, signalen)
    except OnmogelijkeVerwachting as fout:
        raise ValidationError({"__all__": fout.redenen}) from fout
    return Oefencasus.objects.create(
        organisatie_id=actor.organisatie_id,
        titel=titel,
        vignet=vignet,
        kader_versie=kader_versie,
        route=verwachting.route,
        verwachte_antwoorden=verwachting.antwoorden,
        verwachte_signalen=verwachting.signalen,
        uit_situatie=(uit_situatie or "")[:200],
        geschreven_door_id=actor.user_id,
    )


def _eigen_organisatie(actor: Membership, oefencasus: Oefencasus) -> None:
    if oefencasus.organisatie_id != actor.organisatie_id:
        raise PermissionDenied(_("Deze oefencasus hoort niet bij uw organisatie."))


@transaction.atomic
def trek_oefencasus_in(*, actor: Membership, oefencasus: Oefencasus) -> Oefencasus:
    """Collega's no longer see it to practise; its totals stay for the aandachtsfunctionaris."""
    if not mag_oefencasussen_schrijven(actor):
        raise PermissionDenied(_("Alleen de aandachtsfunctionaris trekt oefencasussen in."))
    _eigen_organisatie(actor, oefencasus)
    if oefencasus.ingetrokken_op is None:
        oefencasus.ingetrokken_op = timezone.now()
        oefencasus.save(update_fields=["ingetrokken_op"])
    return oefencasus


@transaction.atomic
def begin_poging(*, actor: Membership, oefencasus: Oefencasus) -> Oefenpoging:
    if not mag_oefenen(actor):
        raise PermissionDenied(_("Met uw rol kunt u niet oefenen."))
    _eigen_organisatie(actor, oefencasus)
    if oefencasus.ingetrokken:
        raise ValidationError(_("Deze oefencasus is ingetrokken; kies een andere."))
    return Oefenpoging.objects.create(oefencasus=oefencasus, deelnemer_id=actor.user_id)


@transaction.atomic
def beantwoord_oefening(
    *,
    actor: Membership,
    poging: Oefenpoging,
    afweging: str,
    antwoord: str,
    signalen: Iterable[str] = (),
    toelichting: str = "",
) -> Oefenpoging:
    """Record one answer of the attempt: only the next afweging on the learner's own path."""
    poging = Oefenpoging.objects.select_for_update().select_related("oefencasus").get(pk=poging.pk)
    oefencasus = poging.oefencasus
    if poging.deelnemer_id != actor.user_id or not mag_oefenen(actor):
        raise PermissionDenied(_("Dit is niet uw oefening."))
    _eigen_organisatie(actor, oefencasus)
    if poging.afgerond:
        raise ValidationError(
            _("Deze oefening is al afgerond; begin opnieuw om nog eens te oefenen.")
        )
    kader = oefencasus.kader()
    nu = beslis(kader, poging.antwoorden, poging.signalen, route=oefencasus.route)
    if afweging != nu.volgende_sleutel:
        raise ValidationError(
            _(
                "Deze afweging is nu niet aan de beurt (de pagina was verouderd); beantwoord "
                "afweging %(nummer)s."
            )
            % {"nummer": nu.volgende_sleutel}
        )
    model = stap5.afweging_model(kader, oefencasus.route, afweging)
    if antwoord not in {o.id for o in model.opties}:
        raise ValidationError({"antwoord": [_("Kies een van de antwoorden.")]})
    hier = {i.id for c in kader.model.catalogi if c.id in model.catalogi for i in c.items}
    nieuw = sorted((set(signalen) & hier & kader.aanvinkbaar) | set(poging.signalen))
    toelichting = (toelichting or "").strip()
    if len(toelichting) > TOELICHTING_MAX:
        raise ValidationError(
            {
                "toelichting": [
                    _("Maak de toelichting korter: hoogstens %(max)s tekens.")
                    % {"max": TOELICHTING_MAX}
                ]
            }
        )
    antwoorden = {**poging.antwoorden, afweging: antwoord}
    try:
        na = beslis(kader, antwoorden, nieuw, route=oefencasus.route)
    except BeslisFout as fout:  # cannot happen for the next afweging; never half-stored
        raise ValidationError(str(fout)) from fout
    poging.antwoorden = antwoorden
    poging.signalen = nieuw
    if toelichting:
        poging.toelichtingen = {**(poging.toelichtingen or {}), afweging: toelichting}
    if na.afgerond:
        poging.afgerond_op = timezone.now()
    poging.save()
    return poging
