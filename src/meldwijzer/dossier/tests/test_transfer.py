"""Transfer of a casus between organisations (docs/handleiding-casus.md): a casus walked through
steps 1–5
at A, exported encrypted, imported at B intact — every besluit decides the same when the engine
recomputes it — with both sides in their audit trail and access log; and every bad file refused
with nothing stored."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meldwijzer.accounts.models import Rol
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Antwoord, Besluit, Betrokkene, Casus, Correctie, Signaal
from meldwijzer.dossier.services import transfer
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord, maak_klaar_voor_stap5
from meldwijzer.dossier.tests.test_vervolg import afspraak, melding, terugkoppeling
from meldwijzer.sleutels import wachtwoordbestand

pytestmark = pytest.mark.django_db
WACHTZIN = "paard batterij nietje correct"


@pytest.fixture
def ontvanger(maak_lid, andere_organisatie):
    return maak_lid(Rol.AANDACHTSFUNCTIONARIS, andere_organisatie, "ontvanger")


@pytest.fixture
def volle_casus(beroepskracht, casus):
    """A casus with every kind of record: betrokkene, signals, stap 5 over several besluiten
    (2 = ja: melden with Veilig Thuis, then hulp evaluated), a melding with an agreement and
    feedback, a hulpplan and evaluation, and a zienswijze."""
    maak_klaar_voor_stap5(beroepskracht, casus)
    kind = services.voeg_betrokkene_toe(
        actor=beroepskracht,
        casus=casus,
        rol="kind",
        relatie="leerling groep 5",
        naam="Sam Jansen",
        geboortedatum=GISTEREN.replace(year=GISTEREN.year - 9),
    )
    services.leg_zienswijze_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=kind,
        datum=GISTEREN,
        hoe="mondeling",
        tekst="Sam zegt dat het thuis soms eng is.",
    )
    beantwoord(beroepskracht, casus, {"1": "ja"})
    signaal = services.leg_signaal_vast(
        actor=beroepskracht, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst="Plek."
    )
    services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus,
        afweging="2",
        antwoord="ja",
        signalen=["factor.herhaling"],
        bronnen=[signaal.pk],
    )
    services.corrigeer(
        actor=beroepskracht,
        casus=casus,
        soort="signaal",
        item_id=signaal.pk,
        reden="onvolledig",
        toelichting="De plek zat op de bovenarm.",
        waarden={
            "datum": GISTEREN,
            "bron": "eigen",
            "aard": "feit",
            "tekst": "Plek op de bovenarm.",
            "aangevinkt": ["factor.herhaling"],
        },
    )
    m = melding(beroepskracht, casus)
    afspraak(beroepskracht, casus, m)
    terugkoppeling(beroepskracht, casus, m)
    beantwoord(beroepskracht, casus, {"3": "ja", "4": "ja", "5": "ja"})
    casus.refresh_from_db()
    return casus


def _exporteer(lid, casus, **extra: Any) -> transfer.Export:
    return services.exporteer_casus(
        actor=lid, casus=casus, wachtwoord=WACHTZIN, ontvanger="Huisartsenpraktijk", **extra
    )


def _inhoud(bestand: bytes) -> dict[str, Any]:
    _kop, inhoud = wachtwoordbestand.ontsleutel(bestand, WACHTZIN)
    return json.loads(inhoud)


def _aantallen(casus: Casus) -> dict[str, int]:
    aantallen = {}
    for (model, pad), naam in zip(transfer.MODELLEN, transfer.NAMEN, strict=True):
        assert naam is not None  # a concrete model always has a model_name
        aantallen[naam] = model._default_manager.filter(**{pad: casus}).count()
    return aantallen


def test_rondgang_tussen_twee_organisaties(beroepskracht, volle_casus, ontvanger):
    a = volle_casus
    export = _exporteer(beroepskracht, a, ip_adres="192.0.2.10")
    assert a.titel.encode() not in export.inhoud  # encrypted: nothing readable in the file
    assert b"Sam Jansen" not in export.inhoud
    assert json.loads(export.inhoud)["openbaar"]["inhoud"] == transfer.FORMAAT

    b = services.importeer_casus(
        actor=ontvanger, bestand=export.inhoud, wachtwoord=WACHTZIN, ip_adres="198.51.100.7"
    )
    assert b.organisatie_id == ontvanger.organisatie_id != a.organisatie_id
    assert b.eigenaar_id == ontvanger.user_id
    assert (b.titel, b.fase, b.ronde, b.route) == (a.titel, a.fase, a.ronde, a.route)
    assert b.kader_versie.hash == a.kader_versie.hash
    assert _aantallen(b) == _aantallen(a)
    # The sources and the correction name B's own signaal rows.
    signaal_b = Signaal.objects.filter(casus=b, aangevinkt=["factor.herhaling"]).get()
    assert Antwoord.objects.get(casus=b, afweging="2").bronnen == {
        "factor.herhaling": [signaal_b.pk]
    }
    assert {c.object_id for c in Correctie.objects.filter(casus=b)} == {signaal_b.pk}
    assert signaal_b.tekst == "Plek op de bovenarm." and signaal_b.gecorrigeerd_op is not None
    assert all(
        n > 0
        for naam, n in _aantallen(a).items()
        if naam not in {"afsluiting", "afsluitafspraak", "kindcheck", "hulpbuitenmeldcode"}
    )

    # The engine decides the same: every besluit recomputed on B equals A's stored outcome.
    besluiten_a = list(Besluit.objects.filter(casus=a).order_by("volgnummer"))
    besluiten_b = list(Besluit.objects.filter(casus=b).order_by("volgnummer"))
    assert len(besluiten_b) == len(besluiten_a) >= 3
    for ba, bb in zip(besluiten_a, besluiten_b, strict=True):
        assert bb.uitkomst == ba.uitkomst
        assert bb.herbereken() == ba.herbereken() == ba.uitkomst
        assert bb.kader_versie.hash == ba.kader_versie.hash
        assert bb.signalen == ba.signalen
        assert bb.antwoorden_dict == ba.antwoorden_dict
        assert (bb.vervangt is None) == (ba.vervangt is None)
    assert (
        selectors.huidig_besluit(b).uitkomst["acties"]
        == selectors.huidig_besluit(a).uitkomst["acties"]
    )

    # Content decrypted into the file arrives intact, under B's own data key.
    kind_a = Betrokkene.objects.get(casus=a)
    kind_b = Betrokkene.objects.get(casus=b)
    assert (kind_b.naam, kind_b.geboortedatum) == (kind_a.naam, kind_a.geboortedatum)
    assert kind_b.zoekindex and kind_b.zoekindex != kind_a.zoekindex  # keyed per organisation
    assert b.sleutel_id != a.sleutel_id
    assert selectors.zienswijzen(b).get().betrokkene_id == kind_b.pk

    # Who at A recorded what stays at A: B sees the organisation.
    inhoud = json.dumps(_inhoud(export.inhoud))
    for geheim in (f'"{beroepskracht.user.username}"', beroepskracht.user.weergavenaam):
        assert geheim not in inhoud
    assert f'"beantwoord_door_id": {beroepskracht.user_id}' not in inhoud
    opnemer = selectors.signalen(b).first().vastgelegd_door
    assert opnemer.weergavenaam == f"{a.organisatie.naam} (overgedragen)"
    assert not opnemer.is_active and not opnemer.has_usable_password()
    for antwoord in besluiten_b[-1].antwoorden:
        assert antwoord["beantwoord_door"] == a.organisatie.naam
        assert "beantwoord_door_id" not in antwoord

    # Both sides logged: A's export, B's import, each in its own organisation's chains.
    exp = Toegang.objects.get(organisatie_id=a.organisatie_id, casus_id=a.pk, actie="exporteren")
    assert (exp.gebruiker_id, exp.onderdeel, exp.ip_adres) == (
        beroepskracht.user_id,
        "casus.overdracht",
        "192.0.2.10",
    )
    assert exp.details["bestand_sha256"] == export.sha256
    imp = Toegang.objects.get(organisatie_id=b.organisatie_id, casus_id=b.pk, actie="importeren")
    assert imp.gebruiker_id == ontvanger.user_id and imp.ip_adres == "198.51.100.7"
    assert Gebeurtenis.objects.filter(casus=a, soort="casus.geexporteerd").count() == 1
    geimporteerd = Gebeurtenis.objects.get(casus=b, soort="casus.geimporteerd")
    assert geimporteerd.organisatie_id == b.organisatie_id
    assert geimporteerd.nieuw["oorspronkelijk_kenmerk"] == a.kenmerk
    assert geimporteerd.nieuw["bestand_sha256"] == export.sha256


def test_bestand_nummert_eigen_rijen_zonder_database_ids(beroepskracht, volle_casus, ontvanger):
    """The file numbers each kind of row 1, 2, …: the sender's database ids, which say how many
    rows other casussen hold, stay behind; references follow the numbering."""
    tweede = services.open_casus(actor=beroepskracht, titel="Tweede casus")
    maak_klaar_voor_stap5(beroepskracht, tweede)
    beantwoord(beroepskracht, tweede, {"1": "ja", "2": "nee", "3": "ja"})
    data = _inhoud(_exporteer(beroepskracht, tweede).inhoud)
    for naam in transfer.NAMEN:
        ids = [rij["id"] for rij in data["rijen"][naam]]
        assert ids == list(range(1, len(ids) + 1)), naam
    # volle_casus came first, so the second casus's rows have other ids in the database.
    signaal_pks = list(selectors.signalen(tweede).order_by("pk").values_list("pk", flat=True))
    assert signaal_pks != [r["id"] for r in data["rijen"]["signaal"]]
    besluiten = data["rijen"]["besluit"]
    assert len(besluiten) >= 2
    assert [b["vervangt"] for b in besluiten] == [None, *range(1, len(besluiten))]

    b = services.importeer_casus(
        actor=ontvanger, bestand=_opnieuw_versleuteld(data), wachtwoord=WACHTZIN
    )
    geimporteerd = list(Besluit.objects.filter(casus=b).order_by("volgnummer"))
    assert [x.vervangt_id for x in geimporteerd] == [None, *(x.pk for x in geimporteerd[:-1])]


def test_export_leest_kaderversies_niet_per_besluit(beroepskracht, volle_casus):
    assert Besluit.objects.filter(casus=volle_casus).count() >= 3
    casus = Casus.objects.get(pk=volle_casus.pk)
    tabel = KaderVersie._meta.db_table
    with CaptureQueriesContext(connection) as vragen:
        transfer.casus_als_dict(casus)
    los = [v["sql"] for v in vragen.captured_queries if f'FROM "{tabel}"' in v["sql"]]
    assert len(los) <= 2, los  # the casus's own version and the list of versions; not per besluit


def _stand() -> tuple[int, ...]:
    return (
        Casus.objects.count(),
        Betrokkene.objects.count(),
        Besluit.objects.count(),
        Gebeurtenis.objects.count(),
        Toegang.objects.count(),
    )


def _geweigerd(ontvanger, bestand: bytes, wachtwoord: str = WACHTZIN) -> str:
    voor = _stand()
    with pytest.raises(ValidationError) as fout:
        services.importeer_casus(actor=ontvanger, bestand=bestand, wachtwoord=wachtwoord)
    assert _stand() == voor, "nothing half-stored"
    return " ".join(fout.value.messages)


def _opnieuw_versleuteld(data: dict[str, Any]) -> bytes:
    return wachtwoordbestand.versleutel(
        json.dumps(data).encode(), WACHTZIN, openbaar={"inhoud": transfer.FORMAAT}
    )


def test_verkeerd_wachtwoord_geweigerd(beroepskracht, volle_casus, ontvanger):
    bestand = _exporteer(beroepskracht, volle_casus).inhoud
    tekst = _geweigerd(ontvanger, bestand, "een ander wachtwoord")
    assert "wachtwoord klopt niet" in tekst and "niets opgeslagen" in tekst


def test_gewijzigd_bestand_geweigerd(beroepskracht, volle_casus, ontvanger):
    geheel = json.loads(_exporteer(beroepskracht, volle_casus).inhoud)
    inhoud = bytearray(base64.b64decode(geheel["inhoud"]))
    inhoud[40] ^= 1
    geheel["inhoud"] = base64.b64encode(bytes(inhoud)).decode()
    _geweigerd(ontvanger, json.dumps(geheel).encode())
    # The readable header is authenticated too.
    geheel = json.loads(_exporteer(beroepskracht, volle_casus).inhoud)
    geheel["openbaar"]["let_op"] = "niets aan de hand"
    _geweigerd(ontvanger, json.dumps(geheel).encode())


@pytest.mark.parametrize("bestand", [b"", b"{niet: json", b'{"formaat": "iets anders"}', b"\xff"])
def test_geen_overdrachtsbestand_geweigerd(ontvanger, bestand):
    _geweigerd(ontvanger, bestand)


def test_onbekende_kaderversie_geweigerd_met_de_versie_in_de_melding(
    beroepskracht, volle_casus, ontvanger
):
    data = _inhoud(_exporteer(beroepskracht, volle_casus).inhoud)
    onbekend = "f" * 64
    oud = data["casus"]["kader_versie"]
    data["kaderversies"] = [{"id": "basis", "versie": "9.9", "hash": onbekend}]
    data["casus"]["kader_versie"] = onbekend
    for besluit in data["rijen"]["besluit"]:
        assert besluit["kader_versie"] == oud
        besluit["kader_versie"] = onbekend
    tekst = _geweigerd(ontvanger, _opnieuw_versleuteld(data))
    assert "basis versie 9.9" in tekst and "ffffffffffff" in tekst
    assert "meldwijzer kader importeer" in tekst


def test_besluit_dat_anders_beslist_geweigerd(beroepskracht, volle_casus, ontvanger):
    data = _inhoud(_exporteer(beroepskracht, volle_casus).inhoud)
    data["rijen"]["besluit"][0]["uitkomst"]["acties"] = ["afsluiten"]
    tekst = _geweigerd(ontvanger, _opnieuw_versleuteld(data))
    assert "Besluit 1" in tekst and "niet hetzelfde" in tekst


def test_ondergeschoven_inhoud_geweigerd(beroepskracht, volle_casus, ontvanger):
    """A file that decrypts but does not fit — an unknown field, a dangling reference, a value
    outside the choices — is refused like any unreadable file."""
    schoon = _inhoud(_exporteer(beroepskracht, volle_casus).inhoud)
    gevallen = []
    data = json.loads(json.dumps(schoon))
    data["rijen"]["signaal"][0]["eigenaar"] = "iemand"
    gevallen.append(data)
    data = json.loads(json.dumps(schoon))
    data["rijen"]["zienswijze"][0]["betrokkene"] = 999_999
    gevallen.append(data)
    data = json.loads(json.dumps(schoon))
    data["rijen"]["signaal"][0]["aard"] = "gerucht"
    gevallen.append(data)
    data = json.loads(json.dumps(schoon))
    data["casus"]["fase"] = "7"
    gevallen.append(data)
    data = json.loads(json.dumps(schoon))
    del data["rijen"]["melding"]
    gevallen.append(data)
    for geval in gevallen:
        _geweigerd(ontvanger, _opnieuw_versleuteld(geval))


def test_wie_mag_overdragen_en_ontvangen(beroepskracht, collega, volle_casus, ontvanger, maak_lid):
    with pytest.raises(PermissionDenied):
        _exporteer(collega, volle_casus)  # not the owner, not the AF
    with pytest.raises(PermissionDenied):
        _exporteer(ontvanger, volle_casus)  # another organisation
    po = maak_lid(Rol.PRIVACY_OFFICER, ontvanger.organisatie)
    bestand = _exporteer(beroepskracht, volle_casus).inhoud
    with pytest.raises(PermissionDenied):
        services.importeer_casus(actor=po, bestand=bestand, wachtwoord=WACHTZIN)


def test_kort_wachtwoord_geweigerd(beroepskracht, volle_casus):
    with pytest.raises(ValidationError) as fout:
        services.exporteer_casus(actor=beroepskracht, casus=volle_casus, wachtwoord="kort")
    assert "wachtwoord" in fout.value.message_dict
    assert not Toegang.objects.filter(actie="exporteren").exists()


# --- the pages and the command line -------------------------------------------------------------


def test_webpaginas_exporteren_en_inlezen(beroepskracht, volle_casus, ontvanger, client_van):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    a = volle_casus
    client = client_van(beroepskracht)
    adres = reverse("web:casus_exporteren", args=[a.uuid])
    assert "Overdrachtsbestand maken" in client.get(adres).content.decode()
    formulier = {
        "ontvanger": "Huisartsenpraktijk Het Baken",
        "wachtwoord": WACHTZIN,
        "wachtwoord_herhaald": WACHTZIN,
        "nagelezen": "on",
    }
    onvolledig = client.post(adres, {**formulier, "wachtwoord_herhaald": "iets anders"})
    assert onvolledig.status_code == 200
    assert "niet gelijk" in onvolledig.content.decode()
    voor = Toegang.objects.filter(casus_id=a.pk, actie="exporteren").count()
    antwoord = client.post(adres, formulier)
    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"].startswith('attachment; filename="overdracht-')
    # Exactly one access record for the export: the service's, not a second from the page.
    assert Toegang.objects.filter(casus_id=a.pk, actie="exporteren").count() == voor + 1

    b_client = client_van(ontvanger)
    inlezen = reverse("web:casus_importeren")
    assert b_client.get(inlezen).status_code == 200
    fout = b_client.post(
        inlezen,
        {"bestand": SimpleUploadedFile("x.json", antwoord.content), "wachtwoord": "verkeerd!"},
    )
    assert fout.status_code == 200 and "wachtwoord klopt niet" in fout.content.decode()
    assert not Casus.objects.filter(organisatie=ontvanger.organisatie).exists()
    klaar = b_client.post(
        inlezen,
        {"bestand": SimpleUploadedFile("x.json", antwoord.content), "wachtwoord": WACHTZIN},
    )
    b = Casus.objects.get(organisatie=ontvanger.organisatie)
    assert klaar.status_code == 302 and klaar.url == reverse("web:casus", args=[b.uuid])
    pagina = b_client.get(klaar.url).content.decode()
    assert a.titel in pagina
    assert b_client.get(reverse("web:casus", args=[a.uuid])).status_code == 404


def test_opdrachtregel_exporteer_en_importeer(
    beroepskracht, volle_casus, ontvanger, tmp_path, monkeypatch, capsys
):
    from meldwijzer.cli import main

    monkeypatch.setenv("MELDWIJZER_OVERDRACHT_WACHTWOORD", WACHTZIN)
    bestand = tmp_path / "overdracht.json"
    a = volle_casus
    wie_a = ["--organisatie", a.organisatie.naam, "--gebruiker", beroepskracht.user.username]
    assert main(["casus", "exporteer", a.kenmerk, *wie_a, "-o", str(bestand)]) == 0
    wie_b = ["--organisatie", ontvanger.organisatie.naam, "--gebruiker", ontvanger.user.username]
    assert main(["casus", "importeer", str(bestand), *wie_b]) == 0
    b = Casus.objects.get(organisatie=ontvanger.organisatie)
    assert capsys.readouterr().out.strip().endswith(f"{b.kenmerk} in {ontvanger.organisatie.naam}.")
    assert Toegang.objects.filter(casus_id=b.pk, actie="importeren").count() == 1

    monkeypatch.setenv("MELDWIJZER_OVERDRACHT_WACHTWOORD", "een ander wachtwoord")
    assert main(["casus", "importeer", str(bestand), *wie_b]) == 2
    assert "wachtwoord klopt niet" in capsys.readouterr().err
    assert Casus.objects.filter(organisatie=ontvanger.organisatie).count() == 1
    assert main(["casus", "exporteer", "2000-XXXXX", *wie_a, "-o", str(bestand)]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_opdrachtregel_onschrijfbaar_doel_exporteert_niets(
    beroepskracht, volle_casus, tmp_path, monkeypatch, capsys
):
    """A target that cannot be written: a Dutch message and exit 2, no export in the audit trail,
    no traceback."""
    from meldwijzer.cli import main

    monkeypatch.setenv("MELDWIJZER_OVERDRACHT_WACHTWOORD", WACHTZIN)
    a = volle_casus
    wie_a = ["--organisatie", a.organisatie.naam, "--gebruiker", beroepskracht.user.username]
    doel = tmp_path / "bestaat-niet" / "overdracht.json"
    assert main(["casus", "exporteer", a.kenmerk, *wie_a, "-o", str(doel)]) == 2
    assert "niet te schrijven" in capsys.readouterr().err
    assert not Gebeurtenis.objects.filter(casus=a, soort="casus.geexporteerd").exists()
