"""Opening, closing-related and reopening writes of a casus, and its betrokkenen."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_casus_openen
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.dossier.invoer import BETROKKENE
from meldwijzer.dossier.models import (
    Betrokkene,
    BetrokkeneRol,
    Casus,
    Fase,
    HulpBuitenMeldcode,
)
from meldwijzer.dossier.services.bouwstenen import (
    bekende_velden,
    controleer_invoer,
    ga_naar_fase,
    geldige_datum,
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import TOEVOEGING, TRAJECT, Onderdeel, Versie
from meldwijzer.sleutels.zoekindex import zoekwaarde


def maak_kenmerk(organisatie_id: int) -> str:
    alfabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    jaar = timezone.localdate().year
    for _poging in range(20):
        kenmerk = f"{jaar}-" + "".join(secrets.choice(alfabet) for _i in range(5))
        if not Casus.objects.filter(organisatie_id=organisatie_id, kenmerk=kenmerk).exists():
            return kenmerk
    raise RuntimeError("no free kenmerk")  # 32**5 codes per year: practically unreachable


# Reopening starts a new ronde: it conflicts with another reopening or closing meanwhile.
HEROPENEN = Onderdeel(raakt=(TRAJECT,))


@transaction.atomic
def open_casus(
    *, actor: Membership, titel: str, kader_versie: KaderVersie | None = None, route: str = ""
) -> Casus:
    if not mag_casus_openen(actor):
        raise PermissionDenied(_("Uw rol kan geen casus openen."))
    titel = verplichte_tekst(titel, "titel", _("Geef de casus een korte omschrijving."))
    if len(titel) > 200:
        raise veldfout("titel", _("Houd de omschrijving korter dan 200 tekens."))
    # The version of the organisation's framework valid today; pinned for good (docs/adr/0006).
    versie = kader_versie or kaderversie_voor_organisatie(actor.organisatie_id)
    if not versie.is_vastgesteld:
        raise veldfout(
            None, _("Een casus begint alleen onder een vastgestelde versie van een kader.")
        )
    routes = [r.id for r in versie.kader().model.routes]
    if route and route not in routes:
        raise veldfout(
            "route",
            _("Kies een route van dit afwegingskader: %(routes)s.") % {"routes": ", ".join(routes)},
        )
    if not route and len(routes) > 1:
        raise veldfout(
            "route",
            _("Dit afwegingskader heeft meerdere routes; kies er een: %(routes)s.")
            % {"routes": ", ".join(routes)},
        )
    casus = Casus.objects.create(
        route=route,
        organisatie_id=actor.organisatie_id,
        eigenaar_id=actor.user_id,
        kenmerk=maak_kenmerk(actor.organisatie_id),
        titel=titel,
        kader_versie=versie,
    )
    geopend = leg_vast(
        actor=actor,
        soort="casus.geopend",
        casus=casus,
        obj=casus,
        nieuw=momentopname(casus, ["kenmerk", "titel", "kader_versie", "route", "fase"]),
    )
    casus.tijdlijnstand = geopend.volgnummer
    casus.save(update_fields=["tijdlijnstand"])
    return casus


@transaction.atomic
def voeg_betrokkene_toe(
    *, actor: Membership, casus: Casus, versie: Versie | None = None, **waarden: Any
) -> Betrokkene:
    """A person involved, with the fields its declaration names (dossier.invoer.BETROKKENE).
    Name and birth date are optional and stored encrypted; with both, a keyed blind index lets
    colleagues find another casus of the same person in the organisation (sleutels.zoekindex).

    Written here, not declared: the rules between the fields (a leeftijd or a geboortejaar for
    a child, the birth date's year as geboortejaar, a geboortejaar not after this year), the
    birth date's own range and message, and the blind index (docs/adr/0017)."""
    vast = vergrendel(actor, casus, versie=versie, onderdeel=TOEVOEGING)
    velden = betrokkenevelden(vast, None, waarden)
    betrokkene = Betrokkene.objects.create(
        casus=vast, ronde=vast.ronde, vastgelegd_door=actor.user, **velden
    )
    leg_vast(
        actor=actor,
        soort="betrokkene.toegevoegd",
        casus=vast,
        obj=betrokkene,
        nieuw=momentopname(betrokkene, BETROKKENE.namen()),
    )
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return betrokkene


def betrokkenevelden(vast: Casus, huidig: object, waarden: Mapping[str, Any]) -> dict[str, Any]:
    """A betrokkene's fields, checked, with the blind index of name and birth date."""
    velden = controleer_invoer(
        BETROKKENE, bekende_velden(BETROKKENE, dict(waarden)), zonder=("geboortedatum",)
    )
    velden.update(_leeftijd_en_geboorte(velden, waarden.get("geboortedatum")))
    velden["zoekindex"] = zoekwaarde(vast.organisatie_id, velden["naam"], velden["geboortedatum"])
    return velden


def _leeftijd_en_geboorte(velden: dict[str, Any], geboortedatum: Any) -> dict[str, Any]:
    """A birth date between 1900 and today gives the geboortejaar when that is missing; then a
    child needs a leeftijd or a geboortejaar, and a geboortejaar is not after this year. An
    adult's age may stay unknown: a teacher rarely knows a father's age, and nothing is guessed
    in its place (pages and documents say "onbekend")."""
    leeftijd, geboortejaar = velden["leeftijd"], velden["geboortejaar"]
    if geboortedatum is not None:
        if not dt.date(1900, 1, 1) <= geboortedatum <= timezone.localdate():
            raise veldfout("geboortedatum", _("Vul een geboortedatum tussen 1900 en vandaag in."))
        geboortejaar = geboortejaar or geboortedatum.year
    if leeftijd is None and geboortejaar is None and velden["rol"] == BetrokkeneRol.KIND:
        raise veldfout("leeftijd", _("Vul een leeftijd of een geboortejaar in."))
    if geboortejaar is not None and geboortejaar > timezone.localdate().year:
        raise veldfout("geboortejaar", _("Vul een geboortejaar tussen 1900 en nu in."))
    return {"geboortejaar": geboortejaar, "geboortedatum": geboortedatum}


@transaction.atomic
def noteer_hulp_buiten_meldcode(
    *,
    actor: Membership,
    casus: Casus,
    datum: dt.date | None,
    omschrijving: str,
    versie: Versie | None = None,
) -> HulpBuitenMeldcode:
    """After afweging 1 = nee: help for other problems, outside the meldcode (H3, Afweging 1)."""
    vast = vergrendel(actor, casus, ook_afgesloten=True, versie=versie, onderdeel=TOEVOEGING)
    if not vast.is_afgesloten:
        raise veldfout(
            None,
            _(
                "Hulp buiten de meldcode noteert u nadat de meldcode is afgesloten omdat er geen "
                "vermoeden is."
            ),
        )
    datum = geldige_datum(datum, "datum")
    omschrijving = verplichte_tekst(
        omschrijving, "omschrijving", _("Beschrijf welke hulp er komt.")
    )
    hulp = HulpBuitenMeldcode.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        datum=datum,
        omschrijving=omschrijving,
    )
    leg_vast(
        actor=actor,
        soort="hulp_buiten_meldcode.vastgelegd",
        casus=vast,
        obj=hulp,
        nieuw=momentopname(hulp, ["datum", "omschrijving"]),
    )
    markeer_bijgewerkt(vast, TOEVOEGING)
    ververs(casus, vast)
    return hulp


@transaction.atomic
def heropen_casus(
    *, actor: Membership, casus: Casus, reden: str, versie: Versie | None = None
) -> Casus:
    """New signals after closing: the casus re-enters at stap 1 in a new ronde."""
    vast = vergrendel(actor, casus, ook_afgesloten=True, versie=versie, onderdeel=HEROPENEN)
    if not vast.is_afgesloten:
        raise veldfout(None, _("Deze casus is niet afgesloten."))
    reden = verplichte_tekst(reden, "reden", _("Vul in waarom u de casus heropent."))
    oud = {
        "ronde": vast.ronde,
        "conclusie": vast.conclusie,
        "afgesloten_op": vast.afgesloten_op.isoformat() if vast.afgesloten_op else None,
    }
    vast.ronde += 1
    vast.conclusie = ""
    vast.afgesloten_op = None
    vast.save(update_fields=["ronde", "conclusie", "afgesloten_op"])
    leg_vast(
        actor=actor,
        soort="casus.heropend",
        casus=vast,
        obj=vast,
        oud=oud,
        nieuw={"ronde": vast.ronde},
        reden=reden,
    )
    ga_naar_fase(actor, vast, Fase.SIGNALEREN)
    markeer_bijgewerkt(vast, HEROPENEN)
    ververs(casus, vast)
    return vast
