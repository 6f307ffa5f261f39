"""Writing the sociale kaart: only the organisation's beheerder, every change in the audit
trail (without the encrypted free text: the trail names which fields changed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_sociale_kaart_beheren
from meldwijzer.audit.services import leg_vast
from meldwijzer.dossier.models import BijzondereVorm
from meldwijzer.sleutels import sleutelring
from meldwijzer.socialekaart import contactgegevens
from meldwijzer.socialekaart.models import Contact, SocialeKaart, Soort

VRIJE_TEKST = ("naam", "waarvoor", "opmerking")
WAARDEN = ("soort", "telefoon", "email", "url", "anoniem_raadplegen", "deskundig_bij")
MAX_LENGTE = {"naam": 200, "waarvoor": 1000, "opmerking": 1000}


def _mag(actor: Membership | None) -> Membership:
    if not mag_sociale_kaart_beheren(actor):
        raise PermissionDenied(_("Alleen de functioneel beheerder past de sociale kaart aan."))
    assert actor is not None
    return actor


def kaart_voor_schrijven(organisatie_id: int) -> SocialeKaart:
    """The organisation's kaart, locked; created with its own data key the first time."""
    kaart = SocialeKaart.objects.select_for_update().filter(organisatie_id=organisatie_id).first()
    if kaart is None:
        kaart = SocialeKaart.objects.create(
            organisatie_id=organisatie_id,
            sleutel=sleutelring.nieuwe_datasleutel(organisatie_id),
        )
    return kaart


def controleer(gegevens: dict[str, Any]) -> dict[str, Any]:
    """The contact's fields cleaned, or one ValidationError naming every field to change."""
    fouten: dict[str, list[str]] = {}
    schoon: dict[str, Any] = {}
    for veld in VRIJE_TEKST:
        tekst = str(gegevens.get(veld) or "").strip()
        if len(tekst) > MAX_LENGTE[veld]:
            fouten[veld] = [
                _("Gebruik ten hoogste %(aantal)s tekens.") % {"aantal": MAX_LENGTE[veld]}
            ]
        schoon[veld] = tekst
    if not schoon["naam"]:
        fouten["naam"] = [_("Vul de naam in van de persoon, dienst of organisatie.")]
    if not schoon["waarvoor"]:
        fouten["waarvoor"] = [
            _(
                "Vul in waarvoor medewerkers deze partij raadplegen, bijvoorbeeld 'advies bij "
                "vermoedens van eergerelateerd geweld'."
            )
        ]
    soort = gegevens.get("soort")
    if soort not in Soort.values:
        fouten["soort"] = [_("Kies of dit Veilig Thuis is of een andere deskundige.")]
    schoon["soort"] = soort
    for veld, controle in (
        ("telefoon", contactgegevens.telefoon),
        ("email", contactgegevens.email),
        ("url", contactgegevens.webadres),
    ):
        try:
            schoon[veld] = controle(str(gegevens.get(veld) or ""))
        except ValidationError as fout:
            fouten[veld] = list(fout.messages)
    if not fouten.keys() & {"telefoon", "email", "url"} and not any(
        schoon[v] for v in ("telefoon", "email", "url")
    ):
        fouten["telefoon"] = [
            _(
                "Vul ten minste één manier in om contact op te nemen: een telefoonnummer, "
                "e-mailadres of website."
            )
        ]
    vormen = list(gegevens.get("deskundig_bij") or [])
    if any(v not in BijzondereVorm.values for v in vormen):
        fouten["deskundig_bij"] = [_("Kies alleen vormen van geweld uit de lijst.")]
    schoon["deskundig_bij"] = [v for v in BijzondereVorm.values if v in vormen]
    schoon["anoniem_raadplegen"] = bool(gegevens.get("anoniem_raadplegen"))
    if fouten:
        raise ValidationError(fouten)
    return schoon


def _waarden(contact: Contact) -> dict[str, Any]:
    return {v: getattr(contact, v) for v in WAARDEN}


@transaction.atomic
def voeg_contact_toe(*, actor: Membership | None, **gegevens: Any) -> Contact:
    lid = _mag(actor)
    schoon = controleer(gegevens)
    kaart = kaart_voor_schrijven(lid.organisatie_id)
    contact = Contact.objects.create(kaart=kaart, organisatie_id=lid.organisatie_id, **schoon)
    _gewijzigd(kaart)
    leg_vast(
        actor=lid, soort="socialekaart.contact_toegevoegd", obj=contact, nieuw=_waarden(contact)
    )
    return contact


def _eigen_contact(lid: Membership, contact_id: int) -> Contact:
    contact = (
        Contact.objects.select_for_update()
        .filter(pk=contact_id, organisatie_id=lid.organisatie_id)
        .first()
    )
    if contact is None:
        raise Http404(_("Dit contact staat niet op de sociale kaart van uw organisatie."))
    return contact


@transaction.atomic
def wijzig_contact(*, actor: Membership | None, contact_id: int, **gegevens: Any) -> Contact:
    lid = _mag(actor)
    contact = _eigen_contact(lid, contact_id)
    schoon = controleer(gegevens)
    oud = _waarden(contact)
    tekst_gewijzigd = [v for v in VRIJE_TEKST if getattr(contact, v) != schoon[v]]
    for veld, waarde in schoon.items():
        setattr(contact, veld, waarde)
    contact.gewijzigd_op = timezone.now()
    contact.save()
    _gewijzigd(contact.kaart)
    leg_vast(
        actor=lid,
        soort="socialekaart.contact_gewijzigd",
        obj=contact,
        oud=oud,
        nieuw={**_waarden(contact), "tekst_gewijzigd": tekst_gewijzigd},
    )
    return contact


@transaction.atomic
def verwijder_contact(*, actor: Membership | None, contact_id: int) -> None:
    lid = _mag(actor)
    contact = _eigen_contact(lid, contact_id)
    oud = _waarden(contact)
    kaart = contact.kaart
    leg_vast(actor=lid, soort="socialekaart.contact_verwijderd", obj=contact, oud=oud)
    contact.delete()
    _gewijzigd(kaart)


def _gewijzigd(kaart: SocialeKaart) -> None:
    kaart.gewijzigd_op = timezone.now()
    kaart.save(update_fields=["gewijzigd_op"])
