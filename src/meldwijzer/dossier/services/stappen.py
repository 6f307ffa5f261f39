"""Steps 1–4: signalen, consultatie, gesprek (or the reason there was none), weging."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.services import leg_vast, momentopname
from meldwijzer.dossier.models import (
    Aard,
    Bron,
    Casus,
    Consultatie,
    Gesprek,
    MetWie,
    RedenGeenGesprek,
    Signaal,
    Weging,
)
from meldwijzer.dossier.services._basis import (
    _bijgewerkt,
    _controleer_vinkjes,
    _datum,
    _fout,
    _keuze,
    _tekst,
    _vergrendel,
    _ververs,
    _vooruit,
)


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
) -> Signaal:
    vast = _vergrendel(actor, casus)
    _datum(datum, "datum")
    _keuze(bron, Bron, "bron")
    _keuze(aard, Aard, "aard")
    tekst = _tekst(tekst, "tekst", _("Beschrijf wat er is waargenomen of verteld."))
    bron_wie = (bron_wie or "").strip()
    if bron != Bron.EIGEN and not bron_wie:
        raise _fout("bron_wie", _("Vul in wie dit vertelde of van welke derde het komt."))
    vinkjes = _controleer_vinkjes(vast, aangevinkt)
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
    )
    leg_vast(
        actor=actor,
        soort="signaal.vastgelegd",
        casus=vast,
        obj=signaal,
        nieuw=momentopname(signaal, ["datum", "bron", "bron_wie", "aard", "tekst", "aangevinkt"]),
    )
    _bijgewerkt(vast)
    _ververs(casus, vast)
    return signaal


@transaction.atomic
def leg_consultatie_vast(
    *,
    actor: Membership,
    casus: Casus,
    met_wie: str,
    datum: dt.date | None,
    advies: str,
    naam_functie: str = "",
) -> Consultatie:
    vast = _vergrendel(actor, casus)
    _keuze(met_wie, MetWie, "met_wie")
    _datum(datum, "datum")
    advies = _tekst(advies, "advies", _("Beschrijf wat er werd geadviseerd."))
    consultatie = Consultatie.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        met_wie=met_wie,
        naam_functie=(naam_functie or "").strip(),
        datum=datum,
        advies=advies,
    )
    leg_vast(
        actor=actor,
        soort="consultatie.vastgelegd",
        casus=vast,
        obj=consultatie,
        nieuw=momentopname(consultatie, ["met_wie", "naam_functie", "datum", "advies"]),
    )
    _vooruit(actor, vast, 2)
    _bijgewerkt(vast)
    _ververs(casus, vast)
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
) -> Gesprek:
    vast = _vergrendel(actor, casus)
    if gevoerd:
        met_wie = _tekst(met_wie, "met_wie", _("Vul in met wie het gesprek was."))
        _datum(datum, "datum")
        reactie = _tekst(reactie, "reactie", _("Beschrijf de reactie op uw zorgen."))
        reden_geen_gesprek, toelichting = "", (toelichting or "").strip()
    else:
        if not reden_geen_gesprek:
            raise _fout("reden_geen_gesprek", _("Kies waarom het gesprek niet plaatsvond."))
        _keuze(reden_geen_gesprek, RedenGeenGesprek, "reden_geen_gesprek")
        toelichting = _tekst(
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
    _vooruit(actor, vast, 3)
    _bijgewerkt(vast)
    _ververs(casus, vast)
    return gesprek


@transaction.atomic
def leg_weging_vast(
    *,
    actor: Membership,
    casus: Casus,
    datum: dt.date | None,
    aard_en_ernst: str,
    risicofactoren: str = "",
    beschermende_factoren: str = "",
) -> Weging:
    vast = _vergrendel(actor, casus)
    _datum(datum, "datum")
    aard_en_ernst = _tekst(
        aard_en_ernst, "aard_en_ernst", _("Beschrijf uw inschatting van aard en ernst.")
    )
    weging = Weging.objects.create(
        casus=vast,
        ronde=vast.ronde,
        vastgelegd_door=actor.user,
        datum=datum,
        aard_en_ernst=aard_en_ernst,
        risicofactoren=(risicofactoren or "").strip(),
        beschermende_factoren=(beschermende_factoren or "").strip(),
    )
    leg_vast(
        actor=actor,
        soort="weging.vastgelegd",
        casus=vast,
        obj=weging,
        nieuw=momentopname(
            weging, ["datum", "aard_en_ernst", "risicofactoren", "beschermende_factoren"]
        ),
    )
    _vooruit(actor, vast, 4)
    _bijgewerkt(vast)
    _ververs(casus, vast)
    return weging
