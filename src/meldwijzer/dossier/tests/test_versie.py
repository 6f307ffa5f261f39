"""No lost work, per part of a casus (docs/adr/0004, docs/adr/0013).

A form carries the casus version it was opened with. Saving it is refused, with a Dutch message
and nothing stored, only when the part it works on changed since. Adding something new never
conflicts, replacing the same record does, and what builds on the whole dossier is refused once
for any change and then only for a change of its own part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Betrokkene, Casus, Kindcheck, Signaal
from meldwijzer.dossier.services.bouwstenen import markeer_bijgewerkt
from meldwijzer.dossier.services.gelijktijdig import Geopend
from meldwijzer.dossier.tests.bouwers import GISTEREN, maak_klaar_voor_stap5

pytestmark = pytest.mark.django_db


def signaal(lid, casus, tekst="Tussendoor.", **extra):
    return services.leg_signaal_vast(
        actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst=tekst, **extra
    )


def test_elke_schrijfactie_hoogt_de_versie_op(beroepskracht, casus):
    assert casus.versie == 1
    signaal(beroepskracht, casus, "Eerste.")
    assert casus.versie == 2
    services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="leerling", leeftijd=8
    )
    assert casus.versie == Casus.objects.get(pk=casus.pk).versie == 3


def test_twee_nieuwe_signalen_botsen_niet(beroepskracht, aandachtsfunctionaris, casus):
    geopend = casus.versie  # both open the form at this version
    signaal(aandachtsfunctionaris, Casus.objects.get(pk=casus.pk), "Van Anne.", versie=geopend)
    signaal(beroepskracht, casus, "Van Bea.", versie=geopend)
    assert sorted(s.tekst for s in Signaal.objects.all()) == ["Van Anne.", "Van Bea."]


def _volwassenen(lid: Membership, casus: Casus) -> tuple[Betrokkene, Betrokkene]:
    return tuple(  # type: ignore[return-value]
        services.voeg_betrokkene_toe(
            actor=lid, casus=casus, rol="volwassene", relatie=relatie, leeftijd=40
        )
        for relatie in ("moeder", "vader")
    )


def test_dezelfde_kindcheck_botst_en_niets_wordt_opgeslagen(
    beroepskracht, aandachtsfunctionaris, casus
):
    moeder, _vader = _volwassenen(beroepskracht, casus)
    geopend = Casus.objects.get(pk=casus.pk).versie
    services.leg_kindcheck_vast(
        actor=aandachtsfunctionaris,
        casus=Casus.objects.get(pk=casus.pk),
        betrokkene=moeder,
        condities=[],
        versie=geopend,
    )
    voor = Gebeurtenis.objects.count()
    with pytest.raises(ValidationError) as fout:
        services.leg_kindcheck_vast(
            actor=beroepskracht, casus=casus, betrokkene=moeder, condities=[], versie=geopend
        )
    assert fout.value.code == "verouderd"
    tekst = fout.value.messages[0]
    assert "Terwijl u dit formulier invulde, veranderde de Kindcheck van deze betrokkene" in tekst
    assert "staat nog in het formulier" in tekst
    assert Kindcheck.objects.count() == 1 and Gebeurtenis.objects.count() == voor
    # With the current version (after looking), the same input is saved.
    services.leg_kindcheck_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=moeder,
        condities=[],
        versie=Casus.objects.get(pk=casus.pk).versie,
    )
    assert Kindcheck.objects.count() == 2


def test_een_besluit_noemt_de_laatste_wijziging(beroepskracht, aandachtsfunctionaris, casus):
    maak_klaar_voor_stap5(beroepskracht, casus)
    geopend = Casus.objects.get(pk=casus.pk).versie
    signaal(aandachtsfunctionaris, Casus.objects.get(pk=casus.pk), "Nieuw feit.")
    with pytest.raises(ValidationError) as fout:
        _antwoord("1", "ja")(beroepskracht, casus, geopend)
    tekst = fout.value.messages[0]
    assert "gewijzigd nadat u dit formulier opende" in tekst
    assert aandachtsfunctionaris.user.weergavenaam in tekst and "signaal vastgelegd" in tekst


# --- the table of docs/adr/0013 ----------------------------------------------------------

Schrijf = Callable[[Membership, Casus, Any], object]


def _signaal(lid, c, v):
    return signaal(lid, c, versie=v)


def _consultatie(lid, c, v):
    return services.leg_consultatie_vast(
        actor=lid, casus=c, met_wie="collega", datum=GISTEREN, advies="x", versie=v
    )


def _betrokkene(lid, c, v):
    return services.voeg_betrokkene_toe(
        actor=lid, casus=c, rol="kind", relatie="x", leeftijd=3, versie=v
    )


def _spoedmelding(lid, c, v):
    return services.leg_melding_vast(
        actor=lid,
        casus=c,
        datum=GISTEREN,
        wijze="telefoon",
        vt_contact="x",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="x",
        spoed=True,
        spoed_reden="Acuut.",
        versie=v,
    )


def _kindcheck(relatie: str) -> Schrijf:
    def schrijf(lid, c, v):
        b = next(b for b in Betrokkene.objects.filter(casus=c) if b.relatie == relatie)
        return services.leg_kindcheck_vast(actor=lid, casus=c, betrokkene=b, condities=[], versie=v)

    return schrijf


def _antwoord(afweging: str, antwoord: str, toelichting: str = "") -> Schrijf:
    return lambda lid, c, v: services.beantwoord_afweging(
        actor=lid, casus=c, afweging=afweging, antwoord=antwoord, toelichting=toelichting, versie=v
    )


def _onbekend(lid, c, v):
    """A write that names no part, like an import: the whole casus changed."""
    vast = Casus.objects.get(pk=c.pk)
    markeer_bijgewerkt(vast)


ZONDER_VOORBEREIDING: Callable[[Membership, Casus], None] = lambda lid, c: None  # noqa: E731


def _stap5(lid, c):
    maak_klaar_voor_stap5(lid, c)


def _twee_volwassenen(lid, c):
    _volwassenen(lid, c)


TABEL = [
    # (id, preparation, in between by someone else, the form saved after it, seen, conflicts)
    ("signaal-na-signaal", ZONDER_VOORBEREIDING, _signaal, _signaal, False, False),
    ("consultatie-na-signaal", ZONDER_VOORBEREIDING, _signaal, _consultatie, False, False),
    ("betrokkene-na-signaal", ZONDER_VOORBEREIDING, _signaal, _betrokkene, False, False),
    ("spoedmelding-na-signaal", ZONDER_VOORBEREIDING, _signaal, _spoedmelding, False, False),
    ("spoedmelding-twee-keer", ZONDER_VOORBEREIDING, _spoedmelding, _spoedmelding, False, True),
    (
        "kindcheck-zelfde",
        _twee_volwassenen,
        _kindcheck("moeder"),
        _kindcheck("moeder"),
        False,
        True,
    ),
    ("kindcheck-ander", _twee_volwassenen, _kindcheck("vader"), _kindcheck("moeder"), False, False),
    ("antwoord-na-signaal", _stap5, _signaal, _antwoord("1", "ja"), False, True),
    ("antwoord-na-signaal-gezien", _stap5, _signaal, _antwoord("1", "ja"), True, False),
    ("antwoord-twee-keer-gezien", _stap5, _antwoord("1", "ja"), _antwoord("1", "ja"), True, True),
    # Afweging 1 = nee closes the casus: the traject a new signaal would land in changed.
    ("signaal-na-afsluiten", _stap5, _antwoord("1", "nee", "Geen zorgen."), _signaal, False, True),
    ("signaal-na-onbekende-wijziging", ZONDER_VOORBEREIDING, _onbekend, _signaal, False, True),
]


@pytest.mark.parametrize(
    ("voorbereiding", "tussendoor", "schrijf", "gezien", "botst"),
    [t[1:] for t in TABEL],
    ids=[t[0] for t in TABEL],
)
def test_wat_botst(
    beroepskracht, aandachtsfunctionaris, casus, voorbereiding, tussendoor, schrijf, gezien, botst
):
    voorbereiding(beroepskracht, casus)
    geopend = Casus.objects.get(pk=casus.pk).versie
    tussendoor(aandachtsfunctionaris, Casus.objects.get(pk=casus.pk), None)
    voor = Gebeurtenis.objects.count()
    versie = Geopend(geopend, wijzigingen_gezien=gezien)
    if botst:
        with pytest.raises(ValidationError) as fout:
            schrijf(beroepskracht, Casus.objects.get(pk=casus.pk), versie)
        assert fout.value.code == "verouderd"
        assert Gebeurtenis.objects.count() == voor  # nothing stored
    else:
        schrijf(beroepskracht, Casus.objects.get(pk=casus.pk), versie)
        assert Gebeurtenis.objects.count() > voor


def test_een_versie_uit_de_toekomst_botst_altijd(beroepskracht, casus):
    with pytest.raises(ValidationError) as fout:
        signaal(beroepskracht, casus, versie=casus.versie + 5)
    assert fout.value.code == "verouderd"


def test_de_versie_van_elk_onderdeel_staat_op_de_casus(beroepskracht, casus):
    moeder, _vader = _volwassenen(beroepskracht, casus)
    signaal(beroepskracht, casus)
    services.leg_kindcheck_vast(actor=beroepskracht, casus=casus, betrokkene=moeder, condities=[])
    vast = Casus.objects.get(pk=casus.pk)
    # Additions change no part another form depends on; the Kindcheck of the mother does.
    assert vast.onderdeelversies == {f"kindcheck:{moeder.pk}": vast.versie}
    laatste = Gebeurtenis.objects.filter(casus=casus).order_by("-volgnummer").first()
    assert vast.tijdlijnstand == laatste.volgnummer
