"""The melding at Veilig Thuis (basic: agreements, feedback and termijnen follow later)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier import selectors
from meldwijzer.dossier.models import Casus, Melding, RedenNietGeinformeerd, Wijze
from meldwijzer.dossier.services._basis import (
    _bijgewerkt,
    _datum,
    _fout,
    _keuze,
    _tekst,
    _vergrendel,
    _ververs,
)


@transaction.atomic
def leg_melding_vast(
    *,
    actor: Membership,
    casus: Casus,
    datum: dt.date | None,
    wijze: str,
    vt_contact: str,
    vooraf_geinformeerd: bool,
    vt_kenmerk: str = "",
    hoe_geinformeerd: str = "",
    reden_niet_geinformeerd: str = "",
    toelichting_niet_geinformeerd: str = "",
) -> Melding:
    vast = _vergrendel(actor, casus)
    stand = selectors.stap5_stand(vast)
    if stand.besluit is None or not stand.besluit_in_ronde or not stand.melding_open:
        raise _fout(None, _("Volgens het huidige besluit is er nu geen melding nodig."))
    _datum(datum, "datum")
    _keuze(wijze, Wijze, "wijze")
    vt_contact = _tekst(vt_contact, "vt_contact", _("Vul in met wie u bij Veilig Thuis sprak."))
    if vooraf_geinformeerd:
        hoe_geinformeerd = _tekst(
            hoe_geinformeerd, "hoe_geinformeerd", _("Beschrijf hoe u de betrokkenen informeerde.")
        )
        reden_niet_geinformeerd, toelichting_niet_geinformeerd = "", ""
    else:
        if not reden_niet_geinformeerd:
            raise _fout(
                "reden_niet_geinformeerd",
                _("Open melden is de regel: kies waarom u de betrokkenen niet vooraf informeerde."),
            )
        _keuze(reden_niet_geinformeerd, RedenNietGeinformeerd, "reden_niet_geinformeerd")
        toelichting_niet_geinformeerd = _tekst(
            toelichting_niet_geinformeerd,
            "toelichting_niet_geinformeerd",
            _("Licht toe waarom u de betrokkenen niet vooraf informeerde."),
        )
        hoe_geinformeerd = ""
    melding = Melding.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        besluit=stand.besluit,
        datum=datum,
        wijze=wijze,
        vt_contact=vt_contact,
        vt_kenmerk=(vt_kenmerk or "").strip(),
        vooraf_geinformeerd=vooraf_geinformeerd,
        hoe_geinformeerd=hoe_geinformeerd,
        reden_niet_geinformeerd=reden_niet_geinformeerd,
        toelichting_niet_geinformeerd=toelichting_niet_geinformeerd,
    )
    leg_vast(
        actor=actor,
        soort="melding.vastgelegd",
        casus=vast,
        obj=melding,
        nieuw=momentopname(
            melding,
            [
                "besluit",
                "datum",
                "wijze",
                "vt_contact",
                "vt_kenmerk",
                "vooraf_geinformeerd",
                "hoe_geinformeerd",
                "reden_niet_geinformeerd",
                "toelichting_niet_geinformeerd",
            ],
        ),
    )
    _bijgewerkt(vast)
    _ververs(casus, vast)
    return melding
