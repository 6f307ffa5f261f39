"""The demo organisation's sociale kaart: a regional Veilig Thuis office and the experts a
school or childcare organisation typically consults (`manage.py demo`).

National numbers are the public ones (Veilig Thuis 0800-2000, Centrum Seksueel Geweld
0800-0188, police 0900-8844); local entries are invented and say so."""

from __future__ import annotations

from typing import Any

from meldwijzer.accounts.models import Membership
from meldwijzer.socialekaart import services
from meldwijzer.socialekaart.models import Contact, Soort

DEMO_CONTACTEN: tuple[dict[str, Any], ...] = (
    {
        "soort": Soort.VEILIG_THUIS,
        "naam": "Veilig Thuis (demo-regio)",
        "waarvoor": "Advies bij elk vermoeden van huiselijk geweld of kindermishandeling, en "
        "melden. Ook 's avonds en in het weekend bereikbaar.",
        "telefoon": "0800-2000",
        "email": "",
        "url": "https://www.veiligthuis.nl",
        "anoniem_raadplegen": True,
        "deskundig_bij": [],
        "opmerking": "Vraag bij advies om de naam van de adviseur en noteer die bij de "
        "consultatie.",
    },
    {
        "soort": Soort.DESKUNDIGE,
        "naam": "Jeugdarts GGD (demo)",
        "waarvoor": "Medische vragen over letsel, groei en ontwikkeling van een kind; de "
        "jeugdarts kent het kind vaak uit het consultatiebureau of de school.",
        "telefoon": "030 123 45 67",
        "email": "jeugdarts@ggd-demo.example",
        "url": "",
        "anoniem_raadplegen": True,
        "deskundig_bij": [],
        "opmerking": "",
    },
    {
        "soort": Soort.DESKUNDIGE,
        "naam": "Wijkteam Centrum (demo)",
        "waarvoor": "Hulp en ondersteuning voor het gezin in de wijk: opvoeding, schulden, "
        "huisvesting. Bespreek samen wie casusregie heeft.",
        "telefoon": "030 765 43 21",
        "email": "wijkteam-centrum@gemeente-demo.example",
        "url": "",
        "anoniem_raadplegen": False,
        "deskundig_bij": ["ouderenmishandeling"],
        "opmerking": "",
    },
    {
        "soort": Soort.DESKUNDIGE,
        "naam": "Centrum Seksueel Geweld",
        "waarvoor": "Na seksueel geweld: acute medische en psychische hulp en advies over "
        "sporenonderzoek, liefst binnen een week na het geweld.",
        "telefoon": "0800-0188",
        "email": "",
        "url": "https://centrumseksueelgeweld.nl",
        "anoniem_raadplegen": True,
        "deskundig_bij": [],
        "opmerking": "",
    },
    {
        "soort": Soort.DESKUNDIGE,
        "naam": "Aandachtsfunctionaris eergerelateerd geweld, Veilig Thuis (demo)",
        "waarvoor": "Overleg vóór een gesprek bij vermoedens van eergerelateerd geweld of "
        "huwelijksdwang: wat u wel en niet bespreekt, en met wie.",
        "telefoon": "030 111 22 33",
        "email": "eer@veiligthuis-demo.example",
        "url": "",
        "anoniem_raadplegen": True,
        "deskundig_bij": ["eergerelateerd", "huwelijksdwang"],
        "opmerking": "",
    },
    {
        "soort": Soort.DESKUNDIGE,
        "naam": "Politie (geen spoed)",
        "waarvoor": "Aangifte en overleg met de wijkagent. Bij acuut gevaar: 112.",
        "telefoon": "0900-8844",
        "email": "",
        "url": "https://www.politie.nl",
        "anoniem_raadplegen": False,
        "deskundig_bij": ["stalking"],
        "opmerking": "",
    },
)


def vul_demo_kaart(beheerder: Membership) -> int:
    """Fill the demo organisation's kaart once; returns how many contacts were added (none when
    it already has contacts, so `make run` twice keeps what the beheerder changed)."""
    if Contact.objects.filter(organisatie_id=beheerder.organisatie_id).exists():
        return 0
    for gegevens in DEMO_CONTACTEN:
        services.voeg_contact_toe(actor=beheerder, **gegevens)
    return len(DEMO_CONTACTEN)
