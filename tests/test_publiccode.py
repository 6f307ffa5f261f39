"""publiccode.yml holds what the Standaard voor Publieke Code (publiccode.yml 0.4, core keys)
requires, with the types it requires, and agrees with the repository it describes.

The checker returns its findings as sentences, so a test can also show that it notices a
missing or wrong key: a check that never fails proves nothing."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PUBLICCODE = REPO / "publiccode.yml"

VERSIES = {"0.4", "0.4.0"}
STATUSSEN = {"concept", "development", "beta", "stable", "obsolete"}
SOORTEN = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
ONDERHOUD = {"internal", "contract", "community", "none"}
# The standard's controlled vocabulary of categories (categories-list).
CATEGORIEEN = {
    "accounting",
    "agile-project-management",
    "applicant-tracking",
    "application-development",
    "appointment-scheduling",
    "backup",
    "billing-and-invoicing",
    "blog",
    "budgeting",
    "business-intelligence",
    "business-process-management",
    "cad",
    "call-center-management",
    "cloud-management",
    "collaboration",
    "communications",
    "compliance-management",
    "contact-management",
    "content-management",
    "crm",
    "customer-service-and-support",
    "data-analytics",
    "data-collection",
    "data-visualization",
    "design",
    "design-system",
    "digital-asset-management",
    "digital-citizenship",
    "document-management",
    "donor-management",
    "e-commerce",
    "e-signature",
    "educational-content",
    "email-management",
    "email-marketing",
    "employee-management",
    "enterprise-project-management",
    "enterprise-social-networking",
    "erp",
    "event-management",
    "facility-management",
    "feedback-and-reviews-management",
    "financial-reporting",
    "fleet-management",
    "fundraising",
    "gamification",
    "geographic-information-systems",
    "grant-management",
    "graphic-design",
    "help-desk",
    "hr",
    "ide",
    "identity-management",
    "instant-messaging",
    "inventory-management",
    "it-asset-management",
    "it-development",
    "it-management",
    "it-security",
    "it-service-management",
    "knowledge-management",
    "learning-management-system",
    "marketing",
    "mind-mapping",
    "mobile-marketing",
    "mobile-payment",
    "network-management",
    "office",
    "online-booking",
    "online-community",
    "payment-gateway",
    "payroll",
    "predictive-analysis",
    "procurement",
    "productivity-suite",
    "project-collaboration",
    "project-management",
    "property-management",
    "real-estate-management",
    "remote-support",
    "resource-management",
    "sales-management",
    "seo",
    "service-desk",
    "social-media-management",
    "survey",
    "talent-management",
    "task-management",
    "taxes-management",
    "test-management",
    "time-management",
    "time-tracking",
    "translation",
    "video-conferencing",
    "video-editing",
    "visitor-management",
    "voip",
    "warehouse-management",
    "web-collaboration",
    "web-conferencing",
    "website-builder",
    "whistleblowing",
    "workflow-management",
}
TAALCODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # BCP 47, primary subtag first
DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _tekst(waarde: Any) -> bool:
    return isinstance(waarde, str) and waarde.strip() != ""


def _lijst_van_teksten(waarde: Any) -> bool:
    return isinstance(waarde, list) and len(waarde) > 0 and all(_tekst(w) for w in waarde)


def problemen(doc: Any) -> list[str]:
    """What is missing or of the wrong kind in a parsed publiccode.yml (empty when it is right)."""
    if not isinstance(doc, dict):
        return ["het bestand is geen mapping van sleutels"]
    uit: list[str] = []
    if doc.get("publiccodeYmlVersion") not in VERSIES:
        uit.append("publiccodeYmlVersion moet de tekst '0.4' zijn")
    if not _tekst(doc.get("name")):
        uit.append("name ontbreekt")
    if not (_tekst(doc.get("url")) and re.match(r"^https?://\S+$", doc["url"])):
        uit.append("url moet een http(s)-adres van de repository zijn")
    platforms = doc.get("platforms")
    if not (_tekst(platforms) or _lijst_van_teksten(platforms)):
        uit.append("platforms ontbreekt")
    categorieen = doc.get("categories")
    if not _lijst_van_teksten(categorieen):
        uit.append("categories moet een lijst zijn")
    else:
        uit += [f"onbekende categorie: {c}" for c in categorieen if c not in CATEGORIEEN]
    if doc.get("developmentStatus") not in STATUSSEN:
        uit.append(f"developmentStatus moet een van {sorted(STATUSSEN)} zijn")
    if doc.get("softwareType") not in SOORTEN:
        uit.append(f"softwareType moet een van {sorted(SOORTEN)} zijn")
    if "releaseDate" in doc and not (
        isinstance(doc["releaseDate"], str) and DATUM.match(doc["releaseDate"])
    ):
        uit.append("releaseDate moet als tekst JJJJ-MM-DD staan")
    uit += _beschrijving(doc.get("description"))
    uit += _juridisch_en_onderhoud(doc)
    uit += _vertaling(doc.get("localisation"))
    return uit


def _beschrijving(beschrijving: Any) -> list[str]:
    if not isinstance(beschrijving, dict) or not beschrijving:
        return ["description moet minstens één taal hebben"]
    uit: list[str] = []
    for taal, tekst in beschrijving.items():
        if not (isinstance(taal, str) and TAALCODE.match(taal)):
            uit.append(f"description: {taal!r} is geen BCP 47-taalcode")
        if not isinstance(tekst, dict):
            uit.append(f"description/{taal} moet een mapping zijn")
            continue
        kort, lang = tekst.get("shortDescription"), tekst.get("longDescription")
        if not (_tekst(kort) and len(kort) <= 150):
            uit.append(f"description/{taal}/shortDescription: verplicht, hoogstens 150 tekens")
        if not (_tekst(lang) and 150 <= len(lang) <= 10000):
            uit.append(f"description/{taal}/longDescription: verplicht, 150 tot 10000 tekens")
        if not _lijst_van_teksten(tekst.get("features")):
            uit.append(f"description/{taal}/features: een lijst van minstens één functie")
    return uit


def _juridisch_en_onderhoud(doc: dict[str, Any]) -> list[str]:
    uit: list[str] = []
    juridisch = doc.get("legal")
    if not (isinstance(juridisch, dict) and _tekst(juridisch.get("license"))):
        uit.append("legal/license (een SPDX-uitdrukking) ontbreekt")
    onderhoud = doc.get("maintenance")
    if not isinstance(onderhoud, dict) or onderhoud.get("type") not in ONDERHOUD:
        return [*uit, f"maintenance/type moet een van {sorted(ONDERHOUD)} zijn"]
    soort = onderhoud["type"]
    contacten = onderhoud.get("contacts")
    if soort in {"internal", "community"} and not (
        isinstance(contacten, list)
        and contacten
        and all(isinstance(c, dict) and _tekst(c.get("name")) for c in contacten)
    ):
        uit.append(f"maintenance/contacts: bij type {soort} minstens één contact met een naam")
    aannemers = onderhoud.get("contractors")
    if soort == "contract" and not (
        isinstance(aannemers, list)
        and aannemers
        and all(
            isinstance(a, dict)
            and _tekst(a.get("name"))
            and isinstance(a.get("until"), str)
            and DATUM.match(a["until"])
            for a in aannemers
        )
    ):
        uit.append("maintenance/contractors: bij type contract elk met name en until (datum)")
    return uit


def _vertaling(vertaling: Any) -> list[str]:
    if not isinstance(vertaling, dict):
        return ["localisation ontbreekt"]
    uit: list[str] = []
    if not isinstance(vertaling.get("localisationReady"), bool):
        uit.append("localisation/localisationReady moet true of false zijn")
    talen = vertaling.get("availableLanguages")
    if not (_lijst_van_teksten(talen) and all(TAALCODE.match(t) for t in talen)):
        uit.append("localisation/availableLanguages: een lijst van BCP 47-taalcodes")
    return uit


@pytest.fixture(scope="module")
def publiccode() -> dict[str, Any]:
    doc = yaml.safe_load(PUBLICCODE.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]


def test_publiccode_heeft_alle_verplichte_sleutels(publiccode: dict[str, Any]) -> None:
    assert problemen(publiccode) == []


@pytest.mark.parametrize(
    ("pad", "verwacht"),
    [
        (("publiccodeYmlVersion",), "publiccodeYmlVersion"),
        (("name",), "name"),
        (("url",), "url"),
        (("platforms",), "platforms"),
        (("categories",), "categories"),
        (("developmentStatus",), "developmentStatus"),
        (("softwareType",), "softwareType"),
        (("description",), "description"),
        (("description", "nl", "shortDescription"), "nl/shortDescription"),
        (("description", "nl", "longDescription"), "nl/longDescription"),
        (("description", "nl", "features"), "nl/features"),
        (("legal", "license"), "legal/license"),
        (("maintenance", "type"), "maintenance/type"),
        (("maintenance", "contacts"), "maintenance/contacts"),
        (("localisation", "localisationReady"), "localisationReady"),
        (("localisation", "availableLanguages"), "availableLanguages"),
    ],
)
def test_een_ontbrekende_verplichte_sleutel_valt_op(
    publiccode: dict[str, Any], pad: tuple[str, ...], verwacht: str
) -> None:
    kapot = copy.deepcopy(publiccode)
    plek = kapot
    for sleutel in pad[:-1]:
        plek = plek[sleutel]
    del plek[pad[-1]]
    assert any(verwacht in p for p in problemen(kapot)), problemen(kapot)


@pytest.mark.parametrize(
    ("pad", "waarde", "verwacht"),
    [
        (("publiccodeYmlVersion",), 0.4, "publiccodeYmlVersion"),  # a float, not the text
        (("developmentStatus",), "klaar", "developmentStatus"),
        (("softwareType",), "webapp", "softwareType"),
        (("categories",), ["meldcode"], "onbekende categorie"),
        (("description", "nl", "shortDescription"), "x" * 151, "shortDescription"),
        (("description", "nl", "longDescription"), "te kort", "longDescription"),
        (("localisation", "localisationReady"), "ja", "localisationReady"),
        (("releaseDate",), "5 december 2026", "releaseDate"),
    ],
)
def test_een_verkeerde_soort_valt_op(
    publiccode: dict[str, Any], pad: tuple[str, ...], waarde: Any, verwacht: str
) -> None:
    kapot = copy.deepcopy(publiccode)
    plek = kapot
    for sleutel in pad[:-1]:
        plek = plek[sleutel]
    plek[pad[-1]] = waarde
    assert any(verwacht in p for p in problemen(kapot)), problemen(kapot)


def test_licentie_en_versie_zijn_die_van_het_project(
    publiccode: dict[str, Any], project: dict[str, Any]
) -> None:
    assert publiccode["legal"]["license"] == project["license"]["text"] == "EUPL-1.2"
    assert publiccode.get("softwareVersion", project["version"]) == project["version"]
    licentie = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in licentie.splitlines()[0]
    assert "Appendix" in licentie  # the whole text, with its list of compatible licences


def test_talen_zijn_die_van_de_app(publiccode: dict[str, Any]) -> None:
    """The languages named are the ones the interface ships (its gettext catalogues)."""
    locale = REPO / "src" / "meldwijzer" / "locale"
    vertaald = {p.name for p in locale.iterdir() if (p / "LC_MESSAGES").is_dir()}
    assert set(publiccode["localisation"]["availableLanguages"]) == vertaald
    assert set(publiccode["description"]) == vertaald
