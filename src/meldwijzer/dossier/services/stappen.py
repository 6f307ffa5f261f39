"""Steps 1–4: signalen, consultatie, gesprek (or the reason there was none), weging."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier.formulering import speculatieve_woorden
from meldwijzer.dossier.invoer import (
    CONSULTATIE,
    GEEN_GESPREK,
    GESPREK,
    GESPREK_GEVOERD,
    SIGNAAL,
    WEGING,
)
from meldwijzer.dossier.models import (
    Aard,
    BijzondereVorm,
    Bron,
    Casus,
    Consultatie,
    Gesprek,
    Signaal,
    Weging,
)
from meldwijzer.dossier.services.bouwstenen import (
    bekende_velden,
    controleer_invoer,
    controleer_vinkjes,
    eis_in_dit_geval,
    geldige_keuze,
    markeer_bijgewerkt,
    vergrendel,
    ververs,
    zet_vooruit,
)
from meldwijzer.dossier.services.gelijktijdig import TOEVOEGING, Versie


@transaction.atomic
def leg_signaal_vast(
    *,
    actor: Membership,
    casus: Casus,
    versie: Versie | None = None,
    **waarden: Any,
) -> Signaal:
    """A note of stap 1, with the fields its declaration names (dossier.invoer.SIGNAAL) and its
    ticks (``aangevinkt``, ``vormen``, ``feit_bevestigd``; see ``signaalvelden``)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    signaal = maak_signaal(actor, vast, waarden)
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return signaal


def maak_signaal(actor: Membership, vast: Casus, waarden: Mapping[str, Any]) -> Signaal:
    """The signaal itself, on a casus row already locked by the caller (also used at stap 5,
    where a signal ticked at an afweging may be recorded on the spot)."""
    velden = signaalvelden(vast, None, waarden)
    signaal = Signaal.objects.create(
        casus=vast, ronde=vast.ronde, vastgelegd_door=actor.user, **velden
    )
    leg_vast(
        actor=actor,
        soort="signaal.vastgelegd",
        casus=vast,
        obj=signaal,
        nieuw=momentopname(signaal, SIGNAALVELDEN),
    )
    return signaal


# The declared fields and the ticks kept beside them: what the audit trail and a correction keep.
SIGNAALVELDEN = [*SIGNAAL.namen(), "aangevinkt", "vormen", "speculatief_bevestigd"]


# What a signaal's form sends beside the declared fields.
_NAAST_SIGNAAL = frozenset({"aangevinkt", "vormen", "feit_bevestigd"})


def signaalvelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    """A signaal's fields, checked: the declared ones, who told it unless it is one's own
    observation, ticks from the framework's catalogues, the special forms. A *feit* with
    speculative wording is refused until the professional rephrases it, records it as *mening*,
    or confirms it is a fact (``feit_bevestigd``; H2: facts apart from opinions, notes without
    speculative wording)."""
    eigen = {k: v for k, v in waarden.items() if k not in _NAAST_SIGNAAL}
    velden = controleer_invoer(SIGNAAL, bekende_velden(SIGNAAL, eigen))
    if velden["bron"] != Bron.EIGEN:  # told by someone else: say by whom
        eis_in_dit_geval(SIGNAAL, velden, ["bron_wie"])
    velden["aangevinkt"] = controleer_vinkjes(vast, waarden.get("aangevinkt") or ())
    vormen = sorted(set(waarden.get("vormen") or ()))
    for vorm in vormen:
        geldige_keuze(vorm, BijzondereVorm, "vormen")
    velden["vormen"] = vormen
    speculatief = speculatieve_woorden(velden["tekst"]) if velden["aard"] == Aard.FEIT else []
    if speculatief and not waarden.get("feit_bevestigd"):
        raise ValidationError(
            {
                "tekst": [
                    ValidationError(
                        _(
                            "U legt dit vast als feit, maar de tekst bevat speculatieve "
                            "woorden: %(woorden)s. Beschrijf wat u zelf zag of hoorde, leg het "
                            "vast als mening, of bevestig dat het een feit is (hoofdstuk 2: feiten "
                            "gescheiden van meningen, zonder speculatieve formuleringen)."
                        )
                        % {"woorden": ", ".join(f"‘{t.gevonden}’" for t in speculatief)},
                        code="speculatief",
                    )
                ]
            }
        )
    velden["speculatief_bevestigd"] = bool(speculatief)
    return velden


@transaction.atomic
def leg_consultatie_vast(
    *, actor: Membership, casus: Casus, versie: Versie | None = None, **waarden: Any
) -> Consultatie:
    """Stap 2: a consultatie, with the fields its declaration names (dossier.invoer)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    velden = consultatievelden(vast, None, waarden)
    consultatie = Consultatie.objects.create(
        casus=vast, ronde=vast.ronde, vastgelegd_door=actor.user, **velden
    )
    leg_vast(
        actor=actor,
        soort="consultatie.vastgelegd",
        casus=vast,
        obj=consultatie,
        nieuw=momentopname(consultatie, CONSULTATIE.namen()),
    )
    zet_vooruit(actor, vast, 2)
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return consultatie


@transaction.atomic
def leg_gesprek_vast(
    *, actor: Membership, casus: Casus, versie: Versie | None = None, **waarden: Any
) -> Gesprek:
    """Stap 3 with the fields its declaration names (dossier.invoer.GESPREK): held, with whom,
    when and how they reacted; or not held, why and why that was safer."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    velden = gespreksvelden(vast, None, waarden)
    gesprek = Gesprek.objects.create(
        casus=vast, ronde=vast.ronde, vastgelegd_door=actor.user, **velden
    )
    leg_vast(
        actor=actor,
        soort="gesprek.vastgelegd",
        casus=vast,
        obj=gesprek,
        nieuw=momentopname(gesprek, GESPREK.namen()),
    )
    zet_vooruit(actor, vast, 3)
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return gesprek


@transaction.atomic
def leg_weging_vast(
    *, actor: Membership, casus: Casus, versie: Versie | None = None, **waarden: Any
) -> Weging:
    """Stap 4: a weging, with the fields its declaration names (dossier.invoer)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    velden = wegingvelden(vast, None, waarden)
    weging = Weging.objects.create(
        casus=vast, ronde=vast.ronde, vastgelegd_door=actor.user, **velden
    )
    leg_vast(
        actor=actor,
        soort="weging.vastgelegd",
        casus=vast,
        obj=weging,
        nieuw=momentopname(weging, WEGING.namen()),
    )
    zet_vooruit(actor, vast, 4)
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return weging


def consultatievelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    return controleer_invoer(CONSULTATIE, bekende_velden(CONSULTATIE, dict(waarden)))


def gespreksvelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    """Stap 3's two cases: held (with whom, when, the reaction) or not (why); the other case's
    fields stay empty."""
    velden = controleer_invoer(GESPREK, bekende_velden(GESPREK, dict(waarden)))
    leeg: tuple[str, ...]
    if velden["gevoerd"]:
        nodig, leeg = GESPREK_GEVOERD, ("reden_geen_gesprek",)
    else:
        nodig, leeg = GEEN_GESPREK, GESPREK_GEVOERD
    eis_in_dit_geval(GESPREK, velden, nodig)
    for naam in leeg:
        velden[naam] = None if naam == "datum" else ""
    return velden


def wegingvelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    return controleer_invoer(WEGING, bekende_velden(WEGING, dict(waarden)))
