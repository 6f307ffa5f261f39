"""What people do with frameworks in the app (docs/adr/0006): the kaderbeheerder imports, previews
and publishes versions of its beroepsorganisatie's frameworks; an organisation's beheerder
chooses which published framework its new casussen use.

Each function checks the actor's right first (``accounts.permissions``), then validates, writes
and records the act in the audit trail of the actor's organisation.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import (
    mag_kader_kiezen,
    mag_kaders_beheren,
    mag_kaderversie_beheren,
)
from meldwijzer.audit.services import leg_vast
from meldwijzer.catalogus.models import Kaderkeuze, KaderVersie
from meldwijzer.catalogus.services import (
    Importuitslag,
    actuele_kaderversie,
    gekozen_kader_id,
    importeer_kadertekst,
    publiceer_kaderversie,
    verwijder_concept,
)
from meldwijzer.kader import OnleesbaarKader

# A framework file is a few hundred lines; this leaves ample room and stops abuse.
MAX_BESTAND = 2 * 1024 * 1024


def _kaderbeheerder(actor: Membership | None) -> Membership:
    if not mag_kaders_beheren(actor):
        raise PermissionDenied(_("Alleen een kaderbeheerder importeert en stelt kaders vast."))
    assert actor is not None
    return actor


def _eigen_versie(actor: Membership, versie: KaderVersie | None) -> KaderVersie:
    if versie is None:
        raise ValidationError(_("Kies een kaderversie."))
    if not mag_kaderversie_beheren(actor, versie.beroepsorganisatie_id):
        raise PermissionDenied(
            _(
                "Dit kader wordt niet door uw beroepsorganisatie beheerd; alleen zijn eigen "
                "kaderbeheerders stellen het vast."
            )
        )
    return versie


def lees_upload(inhoud: bytes, bestandsnaam: str) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), not too large."""
    if len(inhoud) > MAX_BESTAND:
        raise OnleesbaarKader(
            _("%(bestand)s is groter dan 2 MB; een kaderbestand is veel kleiner.")
            % {"bestand": bestandsnaam}
        )
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        raise OnleesbaarKader(
            _(
                "%(bestand)s is geen tekstbestand in UTF-8. Sla het YAML-bestand op als UTF-8 "
                "en probeer het opnieuw."
            )
            % {"bestand": bestandsnaam}
        ) from fout


@transaction.atomic
def importeer_kader(*, actor: Membership, tekst: str, bestandsnaam: str) -> Importuitslag:
    """Import a framework file as a concept version of the actor's beroepsorganisatie.

    A file with errors stores nothing and returns every problem with its line.
    """
    actor = _kaderbeheerder(actor)
    uitslag = importeer_kadertekst(
        tekst,
        bestandsnaam,
        door=actor.user,
        beroepsorganisatie=actor.organisatie,
        meegeleverd_toegestaan=False,
    )
    if uitslag.versie is not None and not uitslag.bestond_al:
        leg_vast(
            actor=actor,
            soort="kader.geimporteerd",
            obj=uitslag.versie,
            nieuw={
                "kader": uitslag.versie.verwijzing,
                "hash": uitslag.versie.hash,
                "bestand": bestandsnaam,
            },
        )
    return uitslag


@transaction.atomic
def stel_kader_vast(
    *,
    actor: Membership,
    versie: KaderVersie,
    geldig_vanaf: dt.date | None,
    geldig_tot: dt.date | None = None,
) -> KaderVersie:
    """Publish a concept version of the actor's beroepsorganisatie: valid from ``geldig_vanaf``
    (today or later), never overlapping another version of the same framework."""
    actor = _kaderbeheerder(actor)
    versie = _eigen_versie(actor, versie)
    vastgesteld = publiceer_kaderversie(
        versie, geldig_vanaf=geldig_vanaf, geldig_tot=geldig_tot, door=actor.user
    )
    leg_vast(
        actor=actor,
        soort="kader.vastgesteld",
        obj=vastgesteld,
        oud={"status": "concept"},
        nieuw={
            "kader": vastgesteld.verwijzing,
            "status": "vastgesteld",
            "geldig_vanaf": geldig_vanaf,
            "geldig_tot": geldig_tot,
        },
    )
    return vastgesteld


@transaction.atomic
def verwijder_conceptkader(*, actor: Membership, versie: KaderVersie) -> None:
    """Withdraw a concept that will not be published (a published version stays forever)."""
    actor = _kaderbeheerder(actor)
    versie = _eigen_versie(actor, versie)
    if versie.is_vastgesteld:
        raise ValidationError(
            _("Een vastgestelde versie wordt nooit verwijderd; stel een nieuwe versie vast.")
        )
    leg_vast(
        actor=actor,
        soort="kader.concept_verwijderd",
        obj=versie,
        oud={"kader": versie.verwijzing, "hash": versie.hash},
    )
    verwijder_concept(versie)


@transaction.atomic
def kies_kader(*, actor: Membership, kader_id: str) -> Kaderkeuze | None:
    """The organisation's beheerder chooses the framework for new casussen: one with a
    published version valid today. Running casussen keep their version."""
    if not mag_kader_kiezen(actor):
        raise PermissionDenied(_("Alleen de functioneel beheerder kiest het afwegingskader."))
    kader_id = (kader_id or "").strip()
    if not kader_id:
        raise ValidationError({"kader": [_("Kies een afwegingskader.")]})
    try:
        actuele_kaderversie(kader_id)  # the shipped basis is loaded when the table lacks it
    except ValidationError as fout:
        raise ValidationError(
            {
                "kader": [
                    _(
                        "Van kader '%(kader)s' is vandaag geen vastgestelde versie geldig; kies "
                        "een kader met een geldige versie."
                    )
                    % {"kader": kader_id}
                ]
            }
        ) from fout
    oud = gekozen_kader_id(actor.organisatie_id)
    if oud == kader_id:
        return None
    keuze = Kaderkeuze.objects.create(
        organisatie_id=actor.organisatie_id, kader_id=kader_id, gekozen_door=actor.user
    )
    leg_vast(
        actor=actor,
        soort="organisatie.kader_gekozen",
        obj=keuze,
        oud={"kader": oud},
        nieuw={"kader": kader_id},
    )
    return keuze
