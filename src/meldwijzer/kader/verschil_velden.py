"""The fields the diff compares, per part of a framework, with the words a policy adviser reads
for them (:mod:`meldwijzer.kader.verschil`). A field of the file format that is missing here is
not compared: add it when the format grows (docs/kader-formaat.md)."""

from __future__ import annotations

Velden = list[tuple[str, str]]
"""(attribute of the model, its Dutch name) in reading order."""

METADATA: Velden = [
    ("formaat", "kaderformaat"),
    ("id", "id"),
    ("titel", "titel"),
    ("versie", "versie"),
    ("geldig_vanaf", "geldig vanaf"),
    ("status", "status"),
    ("beroepsgroep", "beroepsgroep"),
    ("sector", "sector"),
    ("vastgesteld_door", "vastgesteld door"),
    ("in_overleg_met", "in overleg met"),
    ("bronnen", "bronnen"),
    ("toelichting", "toelichting"),
]
TERM: Velden = [("tekst", "omschrijving"), ("toelichting", "toelichting"), ("bron", "bron")]
ROUTE: Velden = [
    ("titel", "titel"),
    ("omschrijving", "omschrijving"),
    ("start", "start"),
    ("buiten_meldcode", "buiten de meldcode"),
    ("afwegingen_van", "neemt de afwegingen over van"),
    ("aanpassingen", "andere woorden per afweging"),
]
AFWEGING: Velden = [
    ("rol", "rol"),
    ("kort", "kort label"),
    ("vraag", "vraag"),
    ("hulptekst", "hulptekst"),
    ("bron", "bron"),
    ("catalogi", "catalogi"),
    ("samen_met_veilig_thuis", "altijd samen met Veilig Thuis"),
]
OPTIE: Velden = [
    ("label", "label"),
    ("betekenis", "betekenis"),
    ("acties", "acties"),
    ("volgende", "volgende afweging"),
    ("norm", "norm"),
    ("samen_met_veilig_thuis", "vanaf hier samen met Veilig Thuis"),
    ("opnieuw_melden", "opnieuw melden"),
    ("uitleg", "uitleg"),
    ("acties_als", "acties onder voorwaarde"),
    ("termijnen", "termijnen"),
]
NORM: Velden = [
    ("titel", "titel"),
    ("tekst", "tekst"),
    ("bron", "bron"),
    ("uitwerking_van", "werkt uit"),
    ("vervalt_naast", "vervalt naast"),
    ("ontleend_aan", "ontleend aan basisnorm"),
]
ACTIE: Velden = [
    ("soort", "soort"),
    ("label", "label"),
    ("uitleg", "uitleg"),
    ("bron", "bron"),
    ("vervolg", "draagt over aan"),
    ("termijnen", "termijnen"),
]
CATALOGUS: Velden = [
    ("titel", "titel"),
    ("soort", "soort"),
    ("aanvinkbaar", "aanvinkbaar"),
    ("afwegingen", "getoond bij de afwegingen"),
    ("uitleg", "uitleg"),
    ("bron", "bron"),
    ("routes", "hoort bij de routes"),
]
ITEM: Velden = [
    ("tekst", "tekst"),
    ("toelichting", "toelichting"),
    ("bron", "bron"),
    ("ontleend_aan", "ontleend aan basisitem"),
    ("zie_catalogus", "zie catalogus"),
    ("weergave", "weergave (citaat of uitleg)"),
    ("altijd_van_toepassing", "altijd van toepassing"),
    ("gevolg", "gevolg als het is aangevinkt"),
]
SIGNAALREGEL: Velden = [
    ("route", "route"),
    ("afweging", "afweging"),
    ("bij_betekenis", "bij antwoord dat betekent"),
    ("wanneer", "wanneer"),
    ("signalen", "signalen"),
    ("soort", "soort"),
    ("tekst", "tekst"),
    ("norm", "norm"),
    ("bron", "bron"),
]
