"""The fixed reads of the casus pages (gedeeld.rijen, the casus list's rows) give what the ORM
gives: the same rows in the same order, every value converted alike (dates, JSON, decrypted
text), the fields left out deferred, and withdrawn or other casussen' rows never."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone

from meldwijzer.dossier import lijsten, selectors, services
from meldwijzer.dossier.models import Besluit, Betrokkene, Casus, Signaal
from meldwijzer.dossier.tests import bouwers
from meldwijzer.gedeeld import rijen

pytestmark = pytest.mark.django_db


def _velden(obj, namen):
    return {n: getattr(obj, n) for n in namen}


def test_betrokkenen_kort_zoals_de_orm(beroepskracht):
    casus = services.open_casus(actor=beroepskracht, titel="Fictieve casus")
    ander = services.open_casus(actor=beroepskracht, titel="Andere fictieve casus")
    for c, relatie in ((casus, "moeder (fictief)"), (casus, "zoon (fictief)"), (ander, "oom")):
        services.voeg_betrokkene_toe(
            actor=beroepskracht, casus=c, rol="ouder", relatie=relatie, naam="Anna", leeftijd=40
        )
    weg = Betrokkene.objects.filter(casus=casus).order_by("pk").last()
    assert weg is not None
    Betrokkene.objects.filter(pk=weg.pk).update(ingetrokken_op=timezone.now())
    services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="dochter (fictief)", leeftijd=4
    )

    kort = selectors.betrokkenen_kort(casus)
    orm = list(selectors.betrokkenen(casus))
    assert [b.pk for b in kort] == [b.pk for b in orm]
    namen = ["rol", "leeftijd", "geboortejaar", "relatie", "naam", "vastgelegd_op", "ronde"]
    assert [_velden(b, namen) for b in kort] == [_velden(b, namen) for b in orm]
    assert kort[0].relatie == "moeder (fictief)"  # decrypted, as the field does
    assert isinstance(kort[0].vastgelegd_op, dt.datetime) and kort[0].vastgelegd_op.tzinfo
    # What the overview does not show is not read: deferred, as with only().
    assert "geboortedatum" in kort[0].get_deferred_fields()
    assert "vastgelegd_door_id" in kort[0].get_deferred_fields()
    assert isinstance(Betrokkene.__dict__["geboortedatum"], DeferredAttribute)


def test_lees_geeft_volgorde_limiet_en_alle_velden(beroepskracht):
    casus = services.open_casus(actor=beroepskracht, titel="Fictieve casus")
    for i in range(3):
        services.leg_signaal_vast(
            actor=beroepskracht,
            casus=Casus.objects.get(pk=casus.pk),
            datum=timezone.localdate() - dt.timedelta(days=i),
            bron="eigen",
            aard="feit",
            tekst=f"Fictief signaal {i}.",
        )
    orm = list(Signaal.objects.filter(casus=casus).order_by("-datum", "-pk"))
    gelezen = rijen.lees(Signaal, "casus_id = %s", [casus.pk], volgorde="datum DESC, id DESC")
    assert gelezen == orm
    for a, b in zip(gelezen, orm, strict=True):
        assert not a.get_deferred_fields()
        for veld in Signaal._meta.concrete_fields:
            assert getattr(a, veld.attname) == getattr(b, veld.attname), veld.name
    # As values_list: the fields asked, in their order, converted alike.
    velden = ("pk", "datum", "vastgelegd_op", "aangevinkt", "tekst")
    assert rijen.waarden(
        Signaal, velden, "casus_id = %s", [casus.pk], volgorde="datum DESC, id DESC"
    ) == list(Signaal.objects.filter(casus=casus).order_by("-datum", "-pk").values_list(*velden))
    eerste = rijen.lees(Signaal, "casus_id = %s", [casus.pk], volgorde="datum, id", limiet=1)
    assert eerste == [orm[-1]]
    assert rijen.lees(Signaal, "casus_id = %s", [-1], volgorde="id") == []


def test_huidig_besluit_en_antwoorden_kort_zoals_de_orm(beroepskracht, casus_stap5):
    bouwers.beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    casus = Casus.objects.get(pk=casus_stap5.pk)
    kort = selectors.huidig_besluit(casus, kort=True)
    vol = selectors.huidig_besluit(casus)
    assert kort is not None and vol is not None and kort.pk == vol.pk
    for naam in ("ronde", "volgnummer", "uitkomst", "signalen", "vastgelegd_op"):
        assert getattr(kort, naam) == getattr(vol, naam)
    assert "antwoorden" in kort.get_deferred_fields()
    assert isinstance(kort, Besluit)
    antwoorden = selectors.huidige_antwoorden(casus, met_tekst=False)
    volledig = selectors.huidige_antwoorden(casus)
    assert [(a.pk, a.afweging, a.antwoord, a.signalen, a.bronnen) for a in antwoorden] == [
        (a.pk, a.afweging, a.antwoord, a.signalen, a.bronnen) for a in volledig
    ]
    assert "toelichting" in antwoorden[0].get_deferred_fields()


def test_lijstrijen_zoals_de_casussen(aandachtsfunctionaris, beroepskracht):
    services.open_casus(actor=beroepskracht, titel="Eerste fictieve casus")
    services.open_casus(actor=beroepskracht, titel="Tweede fictieve casus")
    casussen = selectors.casussen_lijst(aandachtsfunctionaris)
    rijen_ = lijsten.lijstrijen(lijsten.lijstwaarden(casussen[0:25]))
    assert [
        (r.uuid, r.kenmerk, r.titel, r.get_fase_display(), r.eigenaar, r.bijgewerkt_op)
        for r in rijen_
    ] == [
        (
            c.uuid,
            c.kenmerk,
            c.titel,
            c.get_fase_display(),
            c.eigenaar.weergavenaam,
            c.bijgewerkt_op,
        )
        for c in casussen
    ]
    assert {r.titel for r in rijen_} == {"Eerste fictieve casus", "Tweede fictieve casus"}


def test_lees_met_geeft_de_rij_en_haar_verwijzing_zoals_select_related(
    beroepskracht, django_assert_num_queries
):
    from meldwijzer.accounts.models import Membership, Organisatie, Rol
    from meldwijzer.accounts.selectors import (
        actieve_lidmaatschappen,
        lidmaatschap_en_aantal,
        lidmaatschappen,
    )

    user = beroepskracht.user
    # Three more organisations: one sorts first, one is inactive, one membership is inactive.
    for naam, org_actief, lid_actief in (
        ("Aaa fictief", True, True),
        ("Zzz fictief", False, True),
        ("Mmm fictief", True, False),
    ):
        org = Organisatie.objects.create(naam=naam, actief=org_actief)
        Membership.objects.create(
            user=user, organisatie=org, rol=Rol.BEROEPSKRACHT, actief=lid_actief
        )
    orm = list(lidmaatschappen(user))
    with django_assert_num_queries(1):
        gekozen, aantal = lidmaatschap_en_aantal(user)
        assert gekozen is not None
        assert gekozen.organisatie.naam == "Aaa fictief"  # joined: no query more
        assert gekozen.user is user
    assert aantal == len(orm) == 2
    gelezen = actieve_lidmaatschappen(user)
    assert gelezen == orm
    for a, b in zip(gelezen, orm, strict=True):
        for veld in Membership._meta.concrete_fields:
            assert getattr(a, veld.attname) == getattr(b, veld.attname), veld.name
        for veld in Organisatie._meta.concrete_fields:
            assert getattr(a.organisatie, veld.attname) == getattr(b.organisatie, veld.attname)
    gekozen, _aantal = lidmaatschap_en_aantal(user, str(orm[1].organisatie_id))
    assert gekozen == orm[1]


def test_termijnen_van_een_casus_zoals_de_orm(
    beroepskracht, collega, casus_stap5, django_assert_num_queries
):
    import datetime as dt

    from meldwijzer.rapportage.models import Termijn
    from meldwijzer.rapportage.selectors import termijnen_van_casus

    vandaag = timezone.localdate()
    # Open ones out of order, with two people responsible, and a closed one.
    for sleutel, dagen, open_, wie in (
        ("b", 9, True, beroepskracht.user),
        ("a", 3, True, collega.user),
        ("c", 3, True, beroepskracht.user),
        ("d", 1, False, beroepskracht.user),
    ):
        Termijn.objects.create(
            organisatie_id=casus_stap5.organisatie_id,
            casus=casus_stap5,
            ronde=casus_stap5.ronde,
            fase="5",
            sleutel=sleutel,
            soort="evaluatie",
            verantwoordelijke=wie,
            telwijze="dagen",
            startdatum=vandaag,
            aantal=dagen,
            eenheid="dagen",
            uiterlijk=vandaag + dt.timedelta(days=dagen),
            open=open_,
        )
    orm = list(
        Termijn.objects.filter(casus=casus_stap5, open=True)
        .select_related("verantwoordelijke")
        .order_by("uiterlijk", "pk")
    )
    with django_assert_num_queries(1):
        gelezen = termijnen_van_casus(casus_stap5)
        namen = [t.verantwoordelijke.get_username() for t in gelezen]  # joined: no query more
    assert gelezen == orm and [t.sleutel for t in gelezen] == ["a", "c", "b"]
    assert namen == [t.verantwoordelijke.get_username() for t in orm]
    for a, b in zip(gelezen, orm, strict=True):
        for veld in Termijn._meta.concrete_fields:
            assert getattr(a, veld.attname) == getattr(b, veld.attname), veld.name
