"""Writing the meldcode: the beheerder's sections, a new version, adopting one. Only the
organisation's beheerder; every change in the audit trail (docs/meldcode.md)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_sociale_kaart_beheren
from meldwijzer.audit.services import leg_vast
from meldwijzer.meldcode.inhoud import bouw_inhoud, ontbrekend
from meldwijzer.meldcode.models import EigenTekst, MeldcodeVersie
from meldwijzer.meldcode.secties import MAX_TEKST, SECTIE_SLEUTELS, sectie
from meldwijzer.socialekaart.services import kaart_voor_schrijven


def _mag(actor: Membership | None) -> Membership:
    if not mag_sociale_kaart_beheren(actor):
        raise PermissionDenied(_("Alleen de functioneel beheerder stelt de meldcode op en vast."))
    assert actor is not None
    return actor


@transaction.atomic
def sla_eigen_teksten_op(*, actor: Membership | None, teksten: dict[str, str]) -> None:
    """The beheerder's sections; an empty text leaves the section "nog in te vullen"."""
    lid = _mag(actor)
    fouten = {}
    for sleutel, tekst in teksten.items():
        if sleutel not in SECTIE_SLEUTELS:
            fouten[sleutel] = [_("Deze sectie bestaat niet in de meldcode.")]
        elif len(tekst or "") > MAX_TEKST:
            fouten[sleutel] = [_("Gebruik ten hoogste %(aantal)s tekens.") % {"aantal": MAX_TEKST}]
    if fouten:
        raise ValidationError(fouten)
    sleutel_id = kaart_voor_schrijven(lid.organisatie_id).sleutel_id
    gewijzigd = []
    for sleutel, tekst in teksten.items():
        rij = EigenTekst.objects.filter(organisatie_id=lid.organisatie_id, sectie=sleutel).first()
        tekst = (tekst or "").strip()
        if rij is None and not tekst:  # an empty section not yet written: nothing changed
            continue
        if rij is None:
            rij = EigenTekst(
                organisatie_id=lid.organisatie_id, sectie=sleutel, sleutel_id=sleutel_id
            )
        elif str(rij.tekst or "") == tekst:
            continue
        rij.tekst = tekst
        rij.gewijzigd_op = timezone.now()
        rij.gewijzigd_door = lid.user
        rij.save()
        gewijzigd.append(sleutel)
    if gewijzigd:
        leg_vast(actor=lid, soort="meldcode.eigen_teksten", nieuw={"secties": gewijzigd})


@transaction.atomic
def maak_versie(*, actor: Membership | None) -> MeldcodeVersie:
    """A new version from what Meldwijzer knows now; a concept while a section is empty."""
    lid = _mag(actor)
    kaart = kaart_voor_schrijven(lid.organisatie_id)  # locks: version numbers stay unique
    inhoud = bouw_inhoud(lid.organisatie_id)
    leeg = ontbrekend(inhoud)
    hoogste = MeldcodeVersie.objects.filter(organisatie_id=lid.organisatie_id).aggregate(
        m=Max("volgnummer")
    )["m"]
    versie = MeldcodeVersie.objects.create(
        organisatie_id=lid.organisatie_id,
        volgnummer=(hoogste or 0) + 1,
        sleutel_id=kaart.sleutel_id,
        inhoud=inhoud,
        concept=bool(leeg),
        ontbrekend=leeg,
        gemaakt_door=lid.user,
    )
    leg_vast(
        actor=lid,
        soort="meldcode.versie_gemaakt",
        obj=versie,
        nieuw={"volgnummer": versie.volgnummer, "concept": versie.concept, "ontbrekend": leeg},
    )
    return versie


@transaction.atomic
def stel_vast(
    *, actor: Membership | None, versie_id: int, vastgesteld_op: dt.date | None
) -> MeldcodeVersie:
    """The beheerder adopts a version on a date; a concept cannot be adopted."""
    lid = _mag(actor)
    versie = (
        MeldcodeVersie.objects.select_for_update()
        .filter(pk=versie_id, organisatie_id=lid.organisatie_id)
        .first()
    )
    if versie is None:
        raise Http404(_("Deze versie van de meldcode bestaat niet in uw organisatie."))
    if versie.concept:
        namen = ", ".join(
            f"'{gevonden.titel}'" for s in versie.ontbrekend if (gevonden := sectie(s))
        )
        raise ValidationError(
            {
                "vastgesteld_op": [
                    _(
                        "Versie %(nr)s is een concept en kan niet worden vastgesteld: de sectie "
                        "%(namen)s is nog niet ingevuld. Vul die in bij 'Eigen teksten' en maak "
                        "een nieuwe versie."
                    )
                    % {"nr": versie.volgnummer, "namen": namen}
                ]
            }
        )
    if vastgesteld_op is None:
        raise ValidationError({"vastgesteld_op": [_("Vul de datum van vaststellen in.")]})
    if vastgesteld_op > timezone.localdate():
        raise ValidationError(
            {"vastgesteld_op": [_("Vaststellen kan niet op een datum in de toekomst.")]}
        )
    if vastgesteld_op < timezone.localtime(versie.gemaakt_op).date():
        raise ValidationError(
            {
                "vastgesteld_op": [
                    _("Een versie kan niet zijn vastgesteld vóór de dag waarop ze is gemaakt.")
                ]
            }
        )
    if versie.vastgesteld_op is not None:
        raise ValidationError(
            {"vastgesteld_op": [_("Versie %(nr)s is al vastgesteld.") % {"nr": versie.volgnummer}]}
        )
    versie.vastgesteld_op = vastgesteld_op
    versie.vastgesteld_moment = timezone.now()
    versie.vastgesteld_door = lid.user
    versie.save(update_fields=["vastgesteld_op", "vastgesteld_moment", "vastgesteld_door"])
    leg_vast(
        actor=lid,
        soort="meldcode.vastgesteld",
        obj=versie,
        nieuw={"volgnummer": versie.volgnummer, "vastgesteld_op": vastgesteld_op},
    )
    return versie
