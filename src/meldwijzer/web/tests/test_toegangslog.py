"""The access log (NEN 7513), walked from the URL resolver: every address is classified, every view
of casus data or of the log writes exactly one access record — who, role, organisation, casus or
betrokkene, action, basis, on whose behalf, address, time — and a failed permission check writes
one refused record. An address missing from ``audit.toegang.REGELS`` fails this test."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.audit import toegang
from meldwijzer.audit.models import Toegang
from meldwijzer.dossier import services
from meldwijzer.web.tests.wereld import Wereld, alle_adressen, bouw_wereld, inhoud, url

pytestmark = pytest.mark.django_db

# Who walks which kind of address: someone allowed to use it.
WANDELAAR = {
    "web:logboek": "po",
    "web:logboek_export": "po",
    "web:kader_gebruik": "af",
    "web:dashboard": "af",
    "web:jaarcijfers": "af",
    "web:jaarcijfers_csv": "af",
    "web:beheer_gebruikers": "beheerder",
    "web:beheer_gebruiker": "beheerder",
    "web:beheer_gebruiker_actie": "beheerder",
    "web:beheer_bewaartermijn": "beheerder",
    "web:beheer_taken": "beheerder",
    "web:beheer_kader": "beheerder",
}


class _Terugdraaien(Exception):
    pass


def _verzoek(client: Any, methode: str, pad: str) -> tuple[Any, list[Toegang]]:
    """One request; the access records it wrote; then everything rolled back."""
    uitkomst: list[Any] = []
    try:
        with transaction.atomic():
            voor = Toegang.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            antwoord = getattr(client, methode)(pad, REMOTE_ADDR="192.0.2.7")
            inhoud(antwoord)  # a streamed export writes while it is read
            uitkomst = [antwoord, list(Toegang.objects.filter(pk__gt=voor).order_by("pk"))]
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    return uitkomst[0], uitkomst[1]


def controleer_classificatie() -> None:
    ontbrekend = sorted(a.naam for a in alle_adressen() if a.naam not in toegang.REGELS)
    assert not ontbrekend, (
        f"Addresses not classified for the access log: {ontbrekend}. Add each to REGELS in "
        "audit/toegang.py: casus(...) for a page of one casus, lijst(...) for a list, search or "
        "log, GEEN for a page without casus data."
    )
    verouderd = set(toegang.REGELS) - {a.naam for a in alle_adressen()}
    assert not verouderd, f"REGELS for addresses that no longer exist: {sorted(verouderd)}"


def test_elk_adres_is_geclassificeerd():
    controleer_classificatie()
    for adres in alle_adressen():  # a casus address is logged as one (the casus named)
        if adres.casusgebonden:
            assert toegang.REGELS[adres.naam].casus, adres.naam


def test_een_ongeclassificeerd_adres_laat_de_test_falen(monkeypatch):
    monkeypatch.delitem(toegang.REGELS, "web:signalen")
    with pytest.raises(AssertionError, match="web:signalen"):
        controleer_classificatie()


@pytest.fixture
def wereld() -> Wereld:
    return bouw_wereld()


def test_elk_adres_schrijft_precies_een_toegangsregel(wereld: Wereld):
    fouten: list[str] = []
    gelogd = 0
    for adres in alle_adressen():
        if adres.naam in {"web:uitloggen", "web:overal_uitloggen"}:
            continue
        regel = toegang.REGELS[adres.naam]
        wie = WANDELAAR.get(adres.naam, "eigenaar")
        lid = wereld.leden[wie]
        pad = url(adres, wereld.waarden)
        for methode in ("get", "post"):
            antwoord, rijen = _verzoek(wereld.client(wie), methode, pad)
            status = antwoord.status_code
            fout = f"{wie} {methode.upper()} {pad} ({status})"
            if status >= 500:
                fouten.append(f"{fout}: server error")
                continue
            if regel.actie is None:
                if rijen:
                    fouten.append(f"{fout}: no casus data, yet {len(rijen)} access records")
                continue
            verwacht = 1 if (200 <= status < 300 or status in (403, 404)) else 0
            if len(rijen) != verwacht:
                fouten.append(f"{fout}: {len(rijen)} access records, expected {verwacht}")
                continue
            if not rijen:
                continue
            gelogd += 1
            rij = rijen[0]
            toegestaan = 200 <= status < 300
            klopt = (
                rij.gebruiker_id == lid.user_id
                and rij.rol == lid.rol
                and rij.organisatie_id == lid.organisatie_id
                and rij.ip_adres == "192.0.2.7"
                and rij.uitkomst == ("toegestaan" if toegestaan else "geweigerd")
                and rij.tijdstip.utcoffset() == dt.timedelta(0)
                and bool(rij.onderdeel)
            )
            if regel.casus and toegestaan:
                klopt = klopt and rij.casus_id == wereld.casus_a.pk and rij.grondslag == "eigenaar"
            if "betrokkene_id" in adres.parameters and toegestaan:
                klopt = klopt and rij.betrokkene_id == wereld.waarden["betrokkene_id"]
            if not klopt:
                fouten.append(f"{fout}: record incomplete: {rij.__dict__}")
    assert not fouten, "\n".join(fouten)
    assert gelogd > 40


def test_geweigerde_toegang_wordt_vastgelegd(wereld: Wereld):
    casus = wereld.casus_a
    pad = reverse("web:signalen", args=[casus.uuid])
    # A colleague of the same organisation without a share: refused, the casus named.
    antwoord, rijen = _verzoek(wereld.client("collega"), "get", pad)
    assert antwoord.status_code == 404 and len(rijen) == 1
    assert rijen[0].uitkomst == "geweigerd" and rijen[0].casus_id == casus.pk
    assert rijen[0].details == {"status": 404, "methode": "GET"}
    # Another organisation: refused, recorded there, without naming A's casus.
    antwoord, rijen = _verzoek(wereld.client("af_b"), "get", pad)
    assert antwoord.status_code == 404 and len(rijen) == 1
    assert rijen[0].organisatie_id == wereld.org_b.pk and rijen[0].casus_id is None
    # A role without casus content; a beroepskracht at the log.
    antwoord, rijen = _verzoek(wereld.client("po"), "get", pad)
    assert rijen[0].uitkomst == "geweigerd" and rijen[0].rol == Rol.PRIVACY_OFFICER
    antwoord, rijen = _verzoek(wereld.client("eigenaar"), "get", reverse("web:logboek"))
    assert antwoord.status_code == 403 and rijen[0].onderdeel == "logboek"
    assert rijen[0].uitkomst == "geweigerd"
    # A reader tries to write: refused by the service (403), recorded.
    antwoord, rijen = _verzoek(wereld.client("lezer"), "post", pad)
    assert antwoord.status_code in (200, 403)
    if antwoord.status_code == 403:
        assert rijen[0].uitkomst == "geweigerd"


def test_grondslag_en_namens_bij_een_gedeelde_casus(wereld: Wereld):
    pad = reverse("web:casus", args=[wereld.casus_a.uuid])
    _a, (rij,) = _verzoek(wereld.client("lezer"), "get", pad)
    assert rij.grondslag == "gedeeld" and rij.namens_id == wereld.leden["eigenaar"].user_id
    _a, (rij,) = _verzoek(wereld.client("af"), "get", pad)
    assert rij.grondslag == "aandachtsfunctionaris" and rij.namens_id is None


def test_een_casuspagina_die_zijn_casus_niet_noemt_geeft_een_fout(wereld: Wereld, monkeypatch):
    """Fail closed: a page of casus data that forgot to name its casus is a 500, not an unlogged
    read."""
    from meldwijzer.web.views import helpers

    monkeypatch.setattr(helpers, "noteer", lambda request, **kw: None)
    client = wereld.client("eigenaar")
    client.raise_request_exception = False
    antwoord = client.get(reverse("web:signalen", args=[wereld.casus_a.uuid]))
    assert antwoord.status_code == 500


# --- the log page: filters and export ----------------------------------------------------------


def test_logboek_filteren_op_periode_gebruiker_en_casus(wereld: Wereld):
    eigenaar, af = wereld.leden["eigenaar"], wereld.leden["af"]
    for wie in ("eigenaar", "af"):
        wereld.client(wie).get(reverse("web:casus", args=[wereld.casus_a.uuid]))
    po = wereld.client("po")
    basis = reverse("web:logboek")
    tekst = po.get(basis, {"gebruiker": af.user_id}).content.decode()
    assert "casus.overzicht" in tekst and ">eigenaar<" not in tekst
    laatste = Toegang.objects.filter(gebruiker=wereld.leden["po"].user).latest("pk")
    assert laatste.onderdeel == "logboek.toegang" and laatste.details["gebruiker"] == af.user_id
    tekst = po.get(basis, {"casus": wereld.casus_a.kenmerk.lower()}).content.decode()
    assert wereld.casus_a.kenmerk in tekst
    morgen = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    tekst = po.get(basis, {"van": morgen}).content.decode()
    assert "Geen logregels" in tekst
    tekst = po.get(
        basis, {"soort": "wijzigingen", "gebruiker": str(eigenaar.user_id)}
    ).content.decode()
    assert "casus.geopend" in tekst
    assert wereld.casus_a.titel not in tekst  # what and who, never the content


def test_logboek_exporteren_als_csv(wereld: Wereld):
    wereld.client("eigenaar").get(reverse("web:casus", args=[wereld.casus_a.uuid]))
    po = wereld.client("po")
    antwoord = po.get(reverse("web:logboek_export"), {"soort": "toegang"})
    assert antwoord["Content-Type"].startswith("text/csv")
    regels = list(csv.DictReader(io.StringIO(inhoud(antwoord))))
    assert any(
        r["onderdeel"] == "casus.overzicht" and r["casus"] == wereld.casus_a.kenmerk for r in regels
    )
    assert all(r["tijdstip_utc"].endswith("+00:00") for r in regels)
    export = Toegang.objects.filter(onderdeel="logboek.export").get()
    assert export.actie == "exporteren" and export.details["soort"] == "toegang"
    # Nothing of organisation B.
    assert not any(r["gebruiker"].endswith("_b") for r in regels)


def test_csv_export_zet_geen_formules_door(wereld: Wereld):
    lid = wereld.leden["eigenaar"]
    lid.user.username = "=HYPERLINK(1)"
    lid.user.save()
    wereld.client("eigenaar").get(reverse("web:casus", args=[wereld.casus_a.uuid]))
    tekst = inhoud(wereld.client("po").get(reverse("web:logboek_export")))
    assert "'=HYPERLINK(1)" in tekst


def test_logboek_vindt_een_verwijderde_casus_op_kenmerk(wereld: Wereld):
    """After retention the access rows keep the casus id; the deletion record maps the kenmerk."""
    from meldwijzer.dossier.services.bewaren import Verlopen, verwijder_casus

    casus = wereld.casus_a
    wereld.client("eigenaar").get(reverse("web:casus", args=[casus.uuid]))
    assert casus.is_afgesloten  # the world's casus ends with afweging 1 = nee
    assert casus.afgesloten_op is not None
    verwijder_casus(
        Verlopen(casus.pk, casus.kenmerk, casus.organisatie_id, casus.afgesloten_op, 20)
    )
    tekst = wereld.client("po").get(reverse("web:logboek"), {"casus": casus.kenmerk})
    assert f"#{casus.pk}" in tekst.content.decode()


def test_lezen_van_het_logboek_zelf_wordt_gelogd(wereld: Wereld):
    po = wereld.client("po")
    po.get(reverse("web:logboek"), {"soort": "inloggen"})
    rij = Toegang.objects.get(gebruiker=wereld.leden["po"].user)
    assert rij.onderdeel == "logboek.inloggen" and rij.actie == "inzien"


def test_openen_van_een_casus_via_de_dienst_logt_niets(wereld: Wereld):
    """Writes are in the audit trail; the access log is for reads (and refusals)."""
    voor = Toegang.objects.count()
    services.open_casus(actor=wereld.leden["eigenaar"], titel="Nieuw")
    assert Toegang.objects.count() == voor
