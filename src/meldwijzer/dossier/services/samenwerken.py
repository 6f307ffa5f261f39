"""Working together: sharing a casus with a colleague, and handing it over to a new owner.

Both are recorded on the timeline. Who may see what a share gives is decided in one place,
accounts.permissions (``casus_filter``, ``mag_casus_bewerken``), which reads CasusDeling.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_casus_openen, ziet_alle_casussen, ziet_casusinhoud
from meldwijzer.audit.services import leg_vast
from meldwijzer.dossier.models import Casus, CasusDeling, Recht
from meldwijzer.dossier.services.bouwstenen import (
    geldige_keuze,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import EIGENAAR, Onderdeel, Versie, onderdeel_deling


def mag_delen(actor: Membership | None, casus: Casus) -> bool:
    """The owner and the aandachtsfunctionaris share and hand over a casus; a colleague it is
    shared with does not pass it on."""
    return (
        ziet_casusinhoud(actor)
        and actor is not None
        and casus.organisatie_id == actor.organisatie_id
        and (casus.eigenaar_id == actor.user_id or ziet_alle_casussen(actor))
    )


def _vergrendel_voor_delen(
    actor: Membership, casus: Casus, versie: Versie | None, onderdeel: Onderdeel
) -> Casus:
    if not mag_delen(actor, casus):
        raise PermissionDenied(
            _("Alleen de eigenaar of de aandachtsfunctionaris kan deze casus delen of overdragen.")
        )
    return vergrendel(actor, casus, ook_afgesloten=True, versie=versie, onderdeel=onderdeel)


def _met(user_id: int | None) -> Onderdeel:
    """Sharing with one colleague: it conflicts with another change of that share, or of the
    owner; not with anything recorded in the casus."""
    return Onderdeel(raakt=(onderdeel_deling(user_id),), leest=(EIGENAAR,))


def _lid(vast: Casus, user_id: int | None, veld: str) -> Membership:
    lid = (
        Membership.objects.select_related("user", "organisatie")
        .filter(organisatie_id=vast.organisatie_id, user_id=user_id)
        .first()
        if user_id
        else None
    )
    if lid is None or not ziet_casusinhoud(lid):
        raise veldfout(veld, _("Kies een collega van uw organisatie die met casussen werkt."))
    return lid


@transaction.atomic
def deel_casus(
    *, actor: Membership, casus: Casus, met: int | None, recht: str, versie: Versie | None = None
) -> CasusDeling:
    """Share with a colleague of the same organisation, to read or to read and record. Sharing
    again with another right replaces the earlier share."""
    onderdeel = _met(met)
    vast = _vergrendel_voor_delen(actor, casus, versie, onderdeel)
    geldige_keuze(recht, Recht, "recht")
    lid = _lid(vast, met, "met")
    if lid.user_id == vast.eigenaar_id:
        raise veldfout("met", _("Deze collega is de eigenaar van de casus."))
    if ziet_alle_casussen(lid):
        raise veldfout("met", _("Deze collega ziet als aandachtsfunctionaris alle casussen al."))
    nu = timezone.now()
    oud = CasusDeling.objects.filter(casus=vast, met_id=lid.user_id, ingetrokken_op__isnull=True)
    vorige = oud.first()
    if vorige is not None:
        if vorige.recht == recht:
            raise veldfout("met", _("De casus is al zo met deze collega gedeeld."))
        vorige.ingetrokken_op = nu
        vorige.ingetrokken_door = actor.user
        vorige.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    deling = CasusDeling.objects.create(
        casus=vast, met=lid.user, recht=recht, gedeeld_door=actor.user, gedeeld_op=nu
    )
    leg_vast(
        actor=actor,
        soort="casus.gedeeld",
        casus=vast,
        obj=deling,
        oud={"met": lid.user.weergavenaam, "recht": vorige.recht} if vorige else None,
        nieuw={"met": lid.user.weergavenaam, "met_id": lid.user_id, "recht": recht},
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return deling


@transaction.atomic
def trek_deling_in(
    *, actor: Membership, casus: Casus, deling: CasusDeling, versie: Versie | None = None
) -> CasusDeling:
    onderdeel = _met(getattr(deling, "met_id", None))  # permission first, also without one
    vast = _vergrendel_voor_delen(actor, casus, versie, onderdeel)
    if deling.casus_id != vast.pk or deling.ingetrokken_op is not None:
        raise veldfout(None, _("Deze deling bestaat niet (meer)."))
    deling.ingetrokken_op = timezone.now()
    deling.ingetrokken_door = actor.user
    deling.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    leg_vast(
        actor=actor,
        soort="casus.deling_ingetrokken",
        casus=vast,
        obj=deling,
        oud={"met": deling.met.weergavenaam, "recht": deling.recht},
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return deling


@transaction.atomic
def wissel_eigenaar(
    *,
    actor: Membership,
    casus: Casus,
    nieuwe_eigenaar: int | None,
    reden: str,
    versie: Versie | None = None,
) -> Casus:
    """Give the casus another owner within the organisation (leave, someone leaving); the
    earlier owner keeps no access unless the casus is shared with them. Not to be confused with
    the overdracht of a casus to another organisation (services.transfer)."""
    onderdeel = Onderdeel(raakt=(EIGENAAR, onderdeel_deling(nieuwe_eigenaar)))
    vast = _vergrendel_voor_delen(actor, casus, versie, onderdeel)
    lid = _lid(vast, nieuwe_eigenaar, "nieuwe_eigenaar")
    if not mag_casus_openen(lid):
        raise veldfout("nieuwe_eigenaar", _("Deze collega kan geen casussen in beheer hebben."))
    if lid.user_id == vast.eigenaar_id:
        raise veldfout("nieuwe_eigenaar", _("Deze collega is al de eigenaar van de casus."))
    reden = verplichte_tekst(
        reden,
        "reden",
        _("Vul in waarom u de casus overdraagt, bijvoorbeeld verlof of vertrek."),
    )
    oud = vast.eigenaar
    vast.eigenaar = lid.user
    vast.save(update_fields=["eigenaar"])
    nu = timezone.now()
    for deling in CasusDeling.objects.filter(
        casus=vast, met_id=lid.user_id, ingetrokken_op__isnull=True
    ):
        deling.ingetrokken_op = nu
        deling.ingetrokken_door = actor.user
        deling.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    leg_vast(
        actor=actor,
        soort="casus.overgedragen",  # the name stored in audit chains since the first version
        casus=vast,
        obj=vast,
        oud={"eigenaar": oud.weergavenaam, "eigenaar_id": oud.pk},
        nieuw={"eigenaar": lid.user.weergavenaam, "eigenaar_id": lid.user_id},
        reden=reden,
    )
    markeer_bijgewerkt(vast, onderdeel)
    ververs(casus, vast)
    return vast
