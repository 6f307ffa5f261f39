"""Steps 1–4: signalen, consultatie, gesprek (or the reason there was none), weging."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier.formulering import speculatieve_woorden
from meldwijzer.dossier.invoer import CONSULTATIE, WEGING
from meldwijzer.dossier.models import (
    Aard,
    BijzondereVorm,
    Bron,
    Casus,
    Consultatie,
    Gesprek,
    RedenGeenGesprek,
    Signaal,
    Weging,
)
from meldwijzer.dossier.services.bouwstenen import (
    bekende_velden,
    controleer_invoer,
    controleer_vinkjes,
    geldige_datum,
    geldige_keuze,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
    vrije_tekst,
    zet_vooruit,
)
from meldwijzer.dossier.services.gelijktijdig import TOEVOEGING, Versie


@transaction.atomic
def leg_signaal_vast(
    *,
    actor: Membership,
    casus: Casus,
    datum: dt.date | None,
    bron: str,
    aard: str,
    tekst: str,
    bron_wie: str = "",
    aangevinkt: Iterable[str] = (),
    vormen: Iterable[str] = (),
    feit_bevestigd: bool = False,
    versie: Versie | None = None,
) -> Signaal:
    """A note of stap 1. A *feit* with speculative wording is refused until the professional
    rephrases it, records it as *mening*, or confirms it is a fact (H2: facts apart from
    opinions, notes without speculative wording)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    geldige_datum(datum, "datum")
    geldige_keuze(bron, Bron, "bron")
    geldige_keuze(aard, Aard, "aard")
    tekst = verplichte_tekst(tekst, "tekst", _("Beschrijf wat er is waargenomen of verteld."))
    bron_wie = vrije_tekst(bron_wie, "bron_wie", maximaal=200)
    if bron != Bron.EIGEN and not bron_wie:
        raise veldfout("bron_wie", _("Vul in wie dit vertelde of van welke derde het komt."))
    vinkjes = controleer_vinkjes(vast, aangevinkt)
    vormen = sorted(set(vormen))
    for vorm in vormen:
        geldige_keuze(vorm, BijzondereVorm, "vormen")
    speculatief = speculatieve_woorden(tekst) if aard == Aard.FEIT else []
    if speculatief and not feit_bevestigd:
        raise ValidationError(
            {
                "tekst": [
                    ValidationError(
                        _(
                            "U legt dit vast als feit, maar de tekst bevat speculatieve "
                            "woorden: %(woorden)s. Beschrijf wat u zelf zag of hoorde, leg het "
                            "vast als mening, of bevestig dat het een feit is (H2: feiten "
                            "gescheiden van meningen, zonder speculatieve formuleringen)."
                        )
                        % {"woorden": ", ".join(f"‘{t.gevonden}’" for t in speculatief)},
                        code="speculatief",
                    )
                ]
            }
        )
    signaal = Signaal.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        datum=datum,
        bron=bron,
        bron_wie=bron_wie,
        aard=aard,
        tekst=tekst,
        aangevinkt=vinkjes,
        vormen=vormen,
        speculatief_bevestigd=bool(speculatief),
    )
    leg_vast(
        actor=actor,
        soort="signaal.vastgelegd",
        casus=vast,
        obj=signaal,
        nieuw=momentopname(
            signaal,
            [
                "datum",
                "bron",
                "bron_wie",
                "aard",
                "tekst",
                "aangevinkt",
                "vormen",
                "speculatief_bevestigd",
            ],
        ),
    )
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return signaal


@transaction.atomic
def leg_consultatie_vast(
    *, actor: Membership, casus: Casus, versie: Versie | None = None, **waarden: Any
) -> Consultatie:
    """Stap 2: a consultatie, with the fields its declaration names (dossier.invoer)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    velden = controleer_invoer(CONSULTATIE, bekende_velden(CONSULTATIE, waarden))
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
    *,
    actor: Membership,
    casus: Casus,
    gevoerd: bool,
    met_wie: str = "",
    datum: dt.date | None = None,
    reactie: str = "",
    reden_geen_gesprek: str = "",
    toelichting: str = "",
    versie: Versie | None = None,
) -> Gesprek:
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    if gevoerd:
        met_wie = verplichte_tekst(
            met_wie, "met_wie", _("Vul in met wie het gesprek was."), maximaal=200
        )
        geldige_datum(datum, "datum")
        reactie = verplichte_tekst(reactie, "reactie", _("Beschrijf de reactie op uw zorgen."))
        reden_geen_gesprek, toelichting = "", vrije_tekst(toelichting, "toelichting")
    else:
        if not reden_geen_gesprek:
            raise veldfout("reden_geen_gesprek", _("Kies waarom het gesprek niet plaatsvond."))
        geldige_keuze(reden_geen_gesprek, RedenGeenGesprek, "reden_geen_gesprek")
        toelichting = verplichte_tekst(
            toelichting, "toelichting", _("Licht toe waarom een gesprek niet veilig was.")
        )
        met_wie, datum, reactie = "", None, ""
    gesprek = Gesprek.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        gevoerd=gevoerd,
        met_wie=met_wie,
        datum=datum,
        reactie=reactie,
        reden_geen_gesprek=reden_geen_gesprek,
        toelichting=toelichting,
    )
    leg_vast(
        actor=actor,
        soort="gesprek.vastgelegd",
        casus=vast,
        obj=gesprek,
        nieuw=momentopname(
            gesprek, ["gevoerd", "met_wie", "datum", "reactie", "reden_geen_gesprek", "toelichting"]
        ),
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
    velden = controleer_invoer(WEGING, bekende_velden(WEGING, waarden))
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
