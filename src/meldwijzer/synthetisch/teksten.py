"""Fake names and note texts. Every name carries the word 'Fictief' so nobody mistakes a
generated dossier for a real person's; the notes are generic sentences of our own."""

from __future__ import annotations

VOORNAMEN = (
    "Anouk",
    "Bram",
    "Daan",
    "Eva",
    "Fenna",
    "Gijs",
    "Iris",
    "Joris",
    "Lotte",
    "Milan",
    "Noor",
    "Olaf",
    "Puck",
    "Ruben",
    "Sanne",
    "Thijs",
    "Vera",
    "Wout",
    "Yara",
    "Zeger",
    "Lieke",
    "Hidde",
    "Femke",
    "Jesse",
    "Maud",
    "Niels",
    "Roos",
    "Stijn",
    "Tess",
    "Bas",
)
ACHTERNAMEN = (
    "Aalbers",
    "Bakhuis",
    "Corsten",
    "Dijkgraaf",
    "Elzinga",
    "Feenstra",
    "Groeneveld",
    "Hofstede",
    "Jonkman",
    "Kuipers",
    "Lammers",
    "Mulder",
    "Noordhoek",
    "Oosterhuis",
    "Postma",
    "Rietveld",
    "Smeets",
    "Terpstra",
    "Uiterwijk",
    "Veldkamp",
    "Wiersma",
    "Zijlstra",
)

TITELS = (
    "Zorgen over thuissituatie (synthetisch)",
    "Signalen op school (synthetisch)",
    "Spanningen tussen ouders (synthetisch)",
    "Verwaarlozing vermoed (synthetisch)",
    "Zorgen over oudere cliënt (synthetisch)",
    "Onrust na scheiding (synthetisch)",
)

RELATIES = {
    "kind": ("kind in het gezin", "oudste kind", "jongste kind"),
    "ouder": ("moeder van het kind", "vader van het kind", "stiefouder"),
    "partner": ("ex-partner van de moeder", "partner van de cliënt"),
    "oudere": ("grootmoeder", "cliënt in de thuiszorg"),
    "volwassene": ("oom", "buurvrouw"),
}

SIGNAALTEKSTEN = (
    "Fictief: het kind kwam deze week drie keer zonder ontbijt naar de opvang.",
    "Fictief: moeder vertelde dat er thuis veel ruzie is over geld.",
    "Fictief: blauwe plek op de bovenarm gezien tijdens het omkleden.",
    "Fictief: de leerkracht meldt dat het kind stil en teruggetrokken is.",
    "Fictief: de buurvrouw hoorde 's avonds geschreeuw uit de woning.",
    "Fictief: afspraken op het consultatiebureau werden twee keer gemist.",
    "Fictief: het kind zegt bang te zijn om naar huis te gaan.",
    "Fictief: vader reageerde geprikkeld toen naar de thuissituatie werd gevraagd.",
    "Fictief: de cliënt heeft een ongeopende stapel post en onbetaalde rekeningen.",
    "Fictief: de kleding van het kind is al dagen dezelfde en niet schoon.",
)

ADVIEZEN = (
    "Fictief: collega adviseert eerst een gesprek met beide ouders.",
    "Fictief: Veilig Thuis adviseert de signalen nauwkeurig vast te leggen en te wegen.",
    "Fictief: aandachtsfunctionaris raadt aan de huisarts te betrekken.",
)

REACTIES = (
    "Fictief: moeder herkent de zorgen en wil hulp accepteren.",
    "Fictief: vader ontkent de signalen maar staat open voor een vervolggesprek.",
)

WEGINGEN = (
    "Fictief: aanhoudende spanningen met risico op escalatie; geen acuut gevaar.",
    "Fictief: verwaarlozing van basisbehoeften over langere tijd.",
)


def naam(nummer: int) -> str:
    """A fake full name, marked as such."""
    voornaam = VOORNAMEN[nummer % len(VOORNAMEN)]
    achternaam = ACHTERNAMEN[(nummer // len(VOORNAMEN)) % len(ACHTERNAMEN)]
    return f"{voornaam} {achternaam} (fictief)"
