"""What an organisation's meldcode must contain, element by element, each with its source and
the words by which the document shows it covers the element. docs/meldcode.md lists the same
elements (same ids); meldcode/tests/test_meldcode.py checks the PDF and the ODF text against
this list.

Sources: only what could be read and cited — the Basisdocument (hoofdstuk and section heading).
The articles of the Besluit verplichte meldcode (Stb. 2013, 324) and the Basismodel meldcode
could not be read here; docs/meldcode.md says so and cites no article (never a guessed one)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vereiste:
    id: str
    wat: str
    bron: str
    # Every one of these must be in the document's text.
    herkenbaar_aan: tuple[str, ...]


VEREISTEN: tuple[Vereiste, ...] = (
    Vereiste(
        "stappenplan",
        "Het stappenplan van vijf stappen, met het afwegingskader in stap 5",
        "Basisdocument, hoofdstuk 1, Inleiding (figuur 2: Nieuwe situatie: Meldcode met "
        "afwegingskader); hoofdstuk 2, De plaats van een afwegingskader in het stappenplan van "
        "een meldcode",
        ("Het stappenplan", "Stap 1", "Stap 2", "Stap 3", "Stap 4", "Stap 5"),
    ),
    Vereiste(
        "afwegingskader",
        "Een afwegingskader van de beroepsgroep, verplicht sinds 1 januari 2019",
        "Basisdocument, hoofdstuk 1, Wat verandert er voor de beroepsgroepen?",
        ("Het afwegingskader", "Afweging 1", "Afweging 2"),
    ),
    Vereiste(
        "twee-beslissingen",
        "Stap 5 neemt twee beslissingen: is melden noodzakelijk, en is hulp (ook) mogelijk",
        "Basisdocument, hoofdstuk 2, Stap 5: twee beslissingen die beide genomen moeten worden",
        ("is melden noodzakelijk", "is hulp (ook) mogelijk"),
    ),
    Vereiste(
        "normen",
        "Wanneer volgens de normen van de beroepsgroep in ieder geval gemeld moet worden",
        "Basisdocument, hoofdstuk 2, Wat is een afwegingskader?; hoofdstuk 3, de professionele "
        "normen bij de afwegingen",
        ("Professionele normen",),
    ),
    Vereiste(
        "onveiligheid",
        "Wat de beroepsgroep verstaat onder acute en structurele onveiligheid",
        "Basisdocument, hoofdstuk 4, Acute en/of structurele onveiligheid",
        ("Acute onveiligheid:", "Structurele onveiligheid:"),
    ),
    Vereiste(
        "stroomschema",
        "Het afwegingskader als stroomschema, ook hoe de meldcode wordt afgesloten",
        "Basisdocument, hoofdstuk 2, Een afwegingskader is beroeps(groep)specifiek",
        ("Stroomschema",),
    ),
    Vereiste(
        "functionarissen",
        "Welke functionarissen medewerkers raadplegen voor advies en ondersteuning bij de stappen",
        "Basisdocument, hoofdstuk 1, De rol van de aandachtsfunctionaris",
        ("Rollen en verantwoordelijkheden", "Aandachtsfunctionaris", "Sociale kaart"),
    ),
    Vereiste(
        "zorgvuldigheid",
        "Richtlijnen voor zorgvuldigheid in stap 1 tot en met 4: feiten gescheiden van meningen, "
        "dossiernotities zonder speculatieve formuleringen",
        "Basisdocument, hoofdstuk 2, De plaats van een afwegingskader in het stappenplan van een "
        "meldcode",
        ("feiten apart van meningen", "zonder speculatieve woorden"),
    ),
    Vereiste(
        "instrumenten",
        "Een overzicht van risicotaxatie- en veiligheidstaxatie-instrumenten voor stap 4",
        "Basisdocument, hoofdstuk 2, De plaats van een afwegingskader in het stappenplan van een "
        "meldcode",
        ("Instrumenten voor risicotaxatie en veiligheidstaxatie",),
    ),
    Vereiste(
        "veilig-thuis",
        "Advies vragen bij Veilig Thuis kan, zonder persoonsgegevens van de betrokkenen",
        "Basisdocument, hoofdstuk 2, De plaats van een afwegingskader in het stappenplan van een "
        "meldcode",
        ("Veilig Thuis in de regio", "zonder namen te noemen"),
    ),
    Vereiste(
        "kindcheck",
        "De Kindcheck bij acute medische zorg voor een volwassene",
        "Basisdocument, hoofdstuk 4, Oudersignalen",
        ("Kindcheck",),
    ),
    Vereiste(
        "voorwaarden",
        "De vier voorwaarden waaraan goede hulp moet voldoen",
        "Basisdocument, hoofdstuk 5, Waar moet goede hulp aan voldoen?",
        ("Voorwaarden voor effectieve hulp",),
    ),
)
