"""The aandachtsfunctionaris's dashboard: counts of one organisation.

The figures that change only when something is written — casussen started and closed, advice
requests, meldingen, besluiten by outcome, the doorlooptijd, the casussen per step now — are sums
of the running totals per month (``rapportage.totalen``, docs/adr/0028): a few hundred rows for a
year, however many casussen. The figures that change with time alone — casussen per step with an
overdue termijn, termijnen overdue or due soon — are ``GROUP BY``s over the partial covering
indexes of the open termijnen. A fixed number of queries whatever the number of casussen; no row
is looped over in Python (DESIGN.md, 'Data and scale'). Reads only; the view writes the access
log.

The counts are also kept for a short while in the cache, under a key that holds the position of
the organisation's audit chain: every write to a dossier appends to that chain, so any change
makes the next view count again. Reads append only to the access chain and leave the counts in
the cache. What changes outside the dossier services (``meldwijzer rapportage bijwerken``) shows
after ``MELDWIJZER_DASHBOARD_CACHE_SECONDEN`` at most. The page caches its list of overdue
termijnen under the same key (ADR 0009, amendment); ``verlopen_lijst`` reads it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meldwijzer.audit.models import Ketenkop
from meldwijzer.dossier.models import Fase
from meldwijzer.dossier.werkdagen import plus_werkdagen
from meldwijzer.rapportage import labels, totalen
from meldwijzer.rapportage.models import MijlpaalSoort, Termijn, TermijnSoort

# Buckets of days from the first signal to the besluit: (upper bound inclusive, label).
DOORLOOPTIJD_KLASSEN: list[tuple[int | None, str]] = [
    (7, "0–7"),
    (14, "8–14"),
    (28, "15–28"),
    (56, "29–56"),
    (91, "57–91"),
    (None, "> 91"),
]
MAX_LIJST = 50  # overdue termijnen listed by name; the count covers all
MIJLPAALSOORTEN = (
    MijlpaalSoort.GEOPEND,
    MijlpaalSoort.ADVIESVRAAG,
    MijlpaalSoort.BESLUIT,
    MijlpaalSoort.DOORLOOPTIJD,
    MijlpaalSoort.MELDING,
    MijlpaalSoort.AFSLUITING,
)
LIJSTVELDEN = (
    "soort",
    "omschrijving",  # Termijn.naam: the framework's words for a termijn it sets
    "uiterlijk",
    "open",
    "fase",
    "casus__uuid",
    "casus__kenmerk",
    "verantwoordelijke__first_name",
    "verantwoordelijke__last_name",
    "verantwoordelijke__username",
)


def binnenkort_werkdagen() -> int:
    """How many working days ahead a termijn counts as 'binnenkort' (and gets a reminder)."""
    return int(getattr(settings, "MELDWIJZER_HERINNERING_WERKDAGEN_VOORAF", 5))


@dataclass(frozen=True)
class Filter:
    organisatie_id: int
    van: dt.date
    tot: dt.date  # inclusive
    eigenaar_id: int | None = None

    @classmethod
    def standaard(cls, organisatie_id: int, vandaag: dt.date | None = None) -> Filter:
        """The last twelve months, this one included."""
        vandaag = vandaag or timezone.localdate()
        maand = vandaag.month - 11
        jaar = vandaag.year + (maand - 1) // 12
        return cls(organisatie_id, dt.date(jaar, (maand - 1) % 12 + 1, 1), vandaag)


@dataclass(frozen=True)
class Telling:
    sleutel: str
    label: str
    aantal: int
    extra: int = 0  # a second column where a table has one (e.g. with an overdue termijn)


@dataclass(frozen=True)
class Maand:
    maand: dt.date
    regulier: int
    spoed: int

    @property
    def totaal(self) -> int:
        return self.regulier + self.spoed


@dataclass
class Doorlooptijd:
    klassen: list[Telling]
    aantal: int
    mediaan: float | None
    gemiddelde: float | None


@dataclass
class Dashboard:
    filter: Filter
    vandaag: dt.date
    binnenkort_tot: dt.date
    per_stap: list[Telling]
    verlopen: list[Telling]
    binnenkort: list[Telling]
    verlopen_lijst: list[Termijn]
    besluiten: list[Telling]
    meldingen: list[Maand]
    doorlooptijd: Doorlooptijd
    geopend: int
    afgesloten: int
    adviesvragen: int
    extra: dict[str, int] = field(default_factory=dict)
    cachesleutel: str = ""  # where these counts are cached; empty when the cache is off

    @property
    def open_casussen(self) -> int:
        return sum(t.aantal for t in self.per_stap if t.sleutel != Fase.AFGESLOTEN)

    @property
    def verlopen_totaal(self) -> int:
        return sum(t.aantal for t in self.verlopen)

    @property
    def binnenkort_totaal(self) -> int:
        return sum(t.aantal for t in self.binnenkort)

    @property
    def besluiten_totaal(self) -> int:
        return sum(t.aantal for t in self.besluiten)

    @property
    def meldingen_totaal(self) -> int:
        return sum(m.totaal for m in self.meldingen)

    @property
    def spoed_totaal(self) -> int:
        return sum(m.spoed for m in self.meldingen)


def _termijnen(f: Filter) -> QuerySet[Termijn]:
    qs = Termijn.objects.filter(organisatie_id=f.organisatie_id, open=True)
    return qs.filter(verantwoordelijke_id=f.eigenaar_id) if f.eigenaar_id else qs


def _gebeurtenissen(f: Filter, vandaag: dt.date) -> Counter[totalen.Cel]:
    """The milestones of the period, per month, soort, uitkomst and duration, from the running
    totals (``rapportage.totalen``): one query, two when the period cuts a month."""
    return totalen.tellingen(
        f.organisatie_id, f.van, f.tot, MIJLPAALSOORTEN, f.eigenaar_id, vandaag=vandaag
    )


def _aantal(cellen: Counter[totalen.Cel], soort: MijlpaalSoort) -> int:
    return sum(n for (_m, s, _u, _d), n in cellen.items() if s == soort)


def per_stap(f: Filter, vandaag: dt.date) -> list[Telling]:
    """Casussen per step of the meldcode now (every casus, not only those of the period; from the
    running totals), with how many of them have an overdue termijn (counted: that changes with
    the date)."""
    aantallen = totalen.per_stap(f.organisatie_id, f.eigenaar_id)
    met_verlopen = dict(
        _termijnen(f)
        .filter(uiterlijk__lt=vandaag)
        .values_list("fase")
        .annotate(n=Count("casus", distinct=True))
        .order_by()
    )
    return [
        Telling(
            fase.value,
            str(fase.label),
            aantallen.get(fase.value, 0),
            met_verlopen.get(fase.value, 0),
        )
        for fase in Fase
    ]


def termijnen_per_soort(qs: QuerySet[Termijn]) -> list[Telling]:
    aantallen = dict(qs.values_list("soort").annotate(n=Count("pk")).order_by())
    return [Telling(s.value, str(s.label), aantallen.get(s.value, 0)) for s in TermijnSoort]


def besluiten(cellen: Counter[totalen.Cel]) -> list[Telling]:
    """The besluit in force at the end of each traject, by the soorten of its actions."""
    per_code: Counter[str] = Counter()
    for (_m, soort, uitkomst, _d), n in cellen.items():
        if soort == MijlpaalSoort.BESLUIT:
            per_code[uitkomst] += n
    rijen = sorted(per_code.items(), key=lambda rij: (-rij[1], rij[0]))
    return [Telling(code, labels.uitkomst(code), n) for code, n in rijen]


def _maanden(van: dt.date, tot: dt.date) -> list[dt.date]:
    maanden, m = [], dt.date(van.year, van.month, 1)
    while m <= tot:
        maanden.append(m)
        m = dt.date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return maanden


def meldingen_per_maand(f: Filter, cellen: Counter[totalen.Cel]) -> list[Maand]:
    tellingen: Counter[tuple[dt.date, str]] = Counter()
    for (maand, soort, uitkomst, _d), n in cellen.items():
        if soort == MijlpaalSoort.MELDING:
            tellingen[(maand, uitkomst)] += n
    return [
        Maand(m, tellingen.get((m, "regulier"), 0), tellingen.get((m, "spoed"), 0))
        for m in _maanden(f.van, f.tot)
    ]


def doorlooptijd(cellen: Counter[totalen.Cel]) -> Doorlooptijd:
    """Days from the first signal of a traject to its first besluit: classes, median, mean —
    from the totals per duration (as many as distinct durations, not traject)."""
    per_dagen: Counter[int] = Counter()
    for (_m, soort, _u, dagen), n in cellen.items():
        if soort == MijlpaalSoort.DOORLOOPTIJD:
            per_dagen[dagen] += n
    verdeling = sorted(per_dagen.items())
    aantal = sum(n for _d, n in verdeling)
    klassen = []
    onder = -1
    for i, (boven, label) in enumerate(DOORLOOPTIJD_KLASSEN):
        n = sum(k for d, k in verdeling if d > onder and (boven is None or d <= boven))
        klassen.append(Telling(f"k{i}", _("%(klasse)s dagen") % {"klasse": label}, n))
        onder = boven if boven is not None else onder
    if not aantal:
        return Doorlooptijd(klassen, 0, None, None)
    gemiddelde = sum(d * n for d, n in verdeling) / aantal

    def waarde(positie: int) -> int:  # the value at this 0-based position in sorted order
        gezien = 0
        for d, n in verdeling:
            gezien += n
            if positie < gezien:
                return d
        raise IndexError(positie)  # pragma: no cover

    mediaan = (waarde((aantal - 1) // 2) + waarde(aantal // 2)) / 2
    return Doorlooptijd(klassen, aantal, float(mediaan), float(gemiddelde))


def cache_seconden() -> int:
    """How long the counts stay in the cache at most; 0 switches the cache off."""
    return int(getattr(settings, "MELDWIJZER_DASHBOARD_CACHE_SECONDEN", 120))


def _cachesleutel(f: Filter, vandaag: dt.date) -> str:
    """Everything the counts depend on: the filter, the day (termijnen expire overnight), the
    language of the labels and where the organisation's audit chain stands."""
    volgnummer = (
        Ketenkop.objects.filter(organisatie_id=f.organisatie_id, keten="gebeurtenissen")
        .values_list("volgnummer", flat=True)
        .first()
    )
    delen = (f.organisatie_id, f.eigenaar_id or "", f.van, f.tot, vandaag)
    extra = (binnenkort_werkdagen(), translation.get_language(), volgnummer or 0)
    return "meldwijzer.dashboard:" + ":".join(str(d) for d in (*delen, *extra))


def tellingen(f: Filter, vandaag: dt.date) -> Dashboard:
    """Every count of the dashboard, without the list of overdue termijnen."""
    binnenkort_tot = plus_werkdagen(vandaag, binnenkort_werkdagen())
    open_termijnen = _termijnen(f)
    cellen = _gebeurtenissen(f, vandaag)
    return Dashboard(
        filter=f,
        vandaag=vandaag,
        binnenkort_tot=binnenkort_tot,
        per_stap=per_stap(f, vandaag),
        verlopen=termijnen_per_soort(open_termijnen.filter(uiterlijk__lt=vandaag)),
        binnenkort=termijnen_per_soort(
            open_termijnen.filter(uiterlijk__gte=vandaag, uiterlijk__lte=binnenkort_tot)
        ),
        verlopen_lijst=[],
        besluiten=besluiten(cellen),
        meldingen=meldingen_per_maand(f, cellen),
        doorlooptijd=doorlooptijd(cellen),
        geopend=_aantal(cellen, MijlpaalSoort.GEOPEND),
        afgesloten=_aantal(cellen, MijlpaalSoort.AFSLUITING),
        adviesvragen=_aantal(cellen, MijlpaalSoort.ADVIESVRAAG),
    )


def verlopen_lijst(f: Filter, vandaag: dt.date) -> list[Termijn]:
    """The oldest overdue termijnen (at most ``MAX_LIJST``), from the database; the page
    renders them into a fragment cached under the counts' key."""
    return list(
        _termijnen(f)
        .filter(uiterlijk__lt=vandaag)
        .select_related("casus", "verantwoordelijke")
        # Only what the list shows: no encrypted column, so nothing to decrypt per row.
        .only(*LIJSTVELDEN)
        # In the order of the covering index (ties by stap, soort, casus), so the first rows of
        # the index are the answer: no sort of all overdue termijnen (docs/performance.md).
        .order_by("uiterlijk", "fase", "soort", "casus_id", "pk")[:MAX_LIJST]
    )


def dashboard(f: Filter, vandaag: dt.date | None = None, *, met_lijst: bool = True) -> Dashboard:
    """The counts (from the cache while the organisation's chain stands still) and, with
    ``met_lijst``, the list of overdue termijnen. The page asks without the list and renders
    it in a fragment cached under the counts' key (web/views/rapportage.py)."""
    vandaag = vandaag or timezone.localdate()
    seconden = cache_seconden()
    sleutel = ""
    if seconden > 0:
        sleutel = _cachesleutel(f, vandaag)
        d = cache.get(sleutel)
        if d is None:
            d = tellingen(f, vandaag)
            cache.set(sleutel, d, seconden)
    else:
        d = tellingen(f, vandaag)
    lijst = verlopen_lijst(f, vandaag) if met_lijst else []
    return replace(d, verlopen_lijst=lijst, cachesleutel=sleutel)
