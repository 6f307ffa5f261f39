"""Running totals of the milestones (``Totaal``): kept on every write, read by the dashboard and
the annual figures, counted again on demand (docs/adr/0028-bijgehouden-totalen.md).

Every change of a ``Mijlpaal`` row — added, changed, removed by the projection, erased with its
casus, written by the synthetic generator — is turned into ``Wijzigingen`` (+1 for the row as it
is now, −1 for the row as it was) and applied here with one upsert that *adds* to the stored
count, inside the transaction of the write. Two transactions that change the same total each add
their own difference: the database serialises the two updates of the row (the second waits for
the first's row lock and then adds to the committed value), so no count is lost.

A total covers a calendar month. For a month that a period cuts (the dashboard's default ends
today), the milestones of the part outside the period are subtracted from the month's total, or
the part inside is counted directly, whichever has fewer days up to today: at most half a month
read from the ``Mijlpaal`` index at each end, and nothing for a cut after today.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from meldwijzer.rapportage.models import Mijlpaal, MijlpaalSoort, Totaal

# (organisatie, beroepskracht — 0 for the whole organisation —, maand, soort, uitkomst, dagen)
Sleutel = tuple[int, int, dt.date, str, str, int]
# What a count is read by: (maand, soort, uitkomst, dagen)
Cel = tuple[dt.date, str, str, int]
GEEN_DAGEN = -1
HELE_ORGANISATIE = 0
PARTIJ = 400  # rows per upsert statement (well under SQLite's 32,766 parameters)


class Wijzigingen(Counter[Sleutel]):
    """The differences one write makes to the totals, gathered before they are stored."""

    def mijlpaal(
        self,
        organisatie_id: int,
        eigenaar_id: int,
        soort: str,
        datum: dt.date,
        uitkomst: str | None,
        dagen: int | None,
        teken: int = 1,
    ) -> None:
        """Count one milestone in (``teken`` 1) or out (−1), for the organisation and for its
        beroepskracht."""
        maand = datum.replace(day=1)
        rest = (maand, str(soort), uitkomst or "", GEEN_DAGEN if dagen is None else dagen)
        self[(organisatie_id, HELE_ORGANISATIE, *rest)] += teken
        self[(organisatie_id, eigenaar_id, *rest)] += teken


def maand_van(datum: dt.date) -> dt.date:
    return datum.replace(day=1)


def volgende_maand(maand: dt.date) -> dt.date:
    return dt.date(maand.year + maand.month // 12, maand.month % 12 + 1, 1)


def opslaan(wijzigingen: Wijzigingen) -> None:
    """Add the differences to the stored totals, in the caller's transaction. The rows are
    written in key order, so two transactions lock shared rows in the same order (no deadlock
    between them on PostgreSQL)."""
    rijen = sorted((s, n) for s, n in wijzigingen.items() if n)
    if not rijen:
        return
    tabel = connection.ops.quote_name(Totaal._meta.db_table)
    kolommen = "organisatie_id, beroepskracht, maand, soort, uitkomst, dagen"
    datum = connection.ops.adapt_datefield_value
    with transaction.atomic(), connection.cursor() as cur:
        for begin in range(0, len(rijen), PARTIJ):
            deel = rijen[begin : begin + PARTIJ]
            waarden = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(deel))
            params: list[Any] = []
            for (org, wie, maand, soort, uitkomst, dagen), n in deel:
                params += [org, wie, datum(maand), soort, uitkomst, dagen, n]
            # Names from the model, values as parameters; Django's bulk_create can only set a
            # conflicting row to the new value, not add to it.
            sql = (
                f"INSERT INTO {tabel} ({kolommen}, aantal) VALUES {waarden} "  # noqa: S608
                f"ON CONFLICT ({kolommen}) DO UPDATE SET aantal = {tabel}.aantal + excluded.aantal"
            )
            cur.execute(sql, params)


def mijlpalen_van_casus_eruit(casus_id: int) -> None:
    """Before a casus's milestones are erased with it: count them out of the totals."""
    wijzigingen = Wijzigingen()
    for org, wie, soort, datum, uitkomst, dagen in Mijlpaal.objects.filter(
        casus_id=casus_id
    ).values_list("organisatie_id", "eigenaar_id", "soort", "datum", "uitkomst", "dagen"):
        wijzigingen.mijlpaal(org, wie, soort, datum, uitkomst, dagen, teken=-1)
    opslaan(wijzigingen)


# --- reading ----------------------------------------------------------------------------------


Dagen = tuple[dt.date, dt.date]  # a range of days, both inclusive


def _te_lezen_dagen(dagen: Dagen, vandaag: dt.date) -> int:
    """How many of these days can hold milestones to read: none after today (a milestone is
    dated when it happened), so a cut at today costs nothing."""
    tot = min(dagen[1], vandaag)
    return max(0, (tot - dagen[0]).days + 1)


def _plan(
    van: dt.date, tot: dt.date, vandaag: dt.date
) -> tuple[set[dt.date], list[Dagen], list[Dagen]]:
    """For each month [van, tot] touches: its total whole, its total less the days outside the
    period, or — when the days inside are fewer to read — those days counted directly without
    the total. Returns (months whose total is used, days to add, days to subtract): at most
    half a month of days read at each end of the period."""
    uit_totaal: set[dt.date] = set()
    erbij: list[Dagen] = []
    eraf: list[Dagen] = []
    maand = maand_van(van)
    dag = dt.timedelta(days=1)
    while maand <= tot:
        einde = volgende_maand(maand) - dag
        binnen = (max(maand, van), min(einde, tot))
        buiten = [d for d in ((maand, binnen[0] - dag), (binnen[1] + dag, einde)) if d[0] <= d[1]]
        if not buiten:
            uit_totaal.add(maand)
        elif _te_lezen_dagen(binnen, vandaag) < sum(_te_lezen_dagen(d, vandaag) for d in buiten):
            erbij.append(binnen)
        else:
            uit_totaal.add(maand)
            eraf += buiten
        maand = volgende_maand(maand)
    return uit_totaal, erbij, eraf


def tellingen(
    organisatie_id: int,
    van: dt.date,
    tot: dt.date,
    soorten: Iterable[MijlpaalSoort],
    beroepskracht: int | None = None,
    vandaag: dt.date | None = None,
) -> Counter[Cel]:
    """How many milestones of these soorten fall in [van, tot] (inclusive), per month, soort,
    uitkomst and duration: the stored totals of the months it touches; for a month it cuts, the
    total less the milestones outside the period, or the milestones inside counted directly,
    whichever reads fewer days (``_plan``)."""
    namen = [str(s) for s in soorten]
    wie = beroepskracht or HELE_ORGANISATIE
    uitkomst: Counter[Cel] = Counter()
    if van > tot:
        return uitkomst
    uit_totaal, erbij, eraf = _plan(van, tot, vandaag or timezone.localdate())
    if uit_totaal:
        for maand, soort, u, dagen, n in Totaal.objects.filter(
            organisatie_id=organisatie_id,
            beroepskracht=wie,
            maand__gte=min(uit_totaal),
            maand__lte=max(uit_totaal),
            soort__in=namen,
        ).values_list("maand", "soort", "uitkomst", "dagen", "aantal"):
            if maand in uit_totaal:
                uitkomst[(maand, soort, u, dagen)] += n
    if erbij or eraf:
        bereiken = erbij + eraf  # disjoint, each within one month
        dagen_q = Q()
        for begin, einde in bereiken:
            dagen_q |= Q(datum__gte=begin, datum__lte=einde)
        qs = Mijlpaal.objects.filter(dagen_q, organisatie_id=organisatie_id, soort__in=namen)
        if beroepskracht:
            qs = qs.filter(eigenaar_id=beroepskracht)
        # Grouped per range of days, not per day: the database sums, and the rows that come
        # back are as many as the cells of a month, not as the days times the cells (at 100,000
        # casussen in one organisation the per-day rows were most of the dashboard's count;
        # docs/performance.md, 'Eindmeting').
        bereik = Case(
            *(
                When(datum__gte=begin, datum__lte=einde, then=Value(i))
                for i, (begin, einde) in enumerate(bereiken)
            ),
            output_field=IntegerField(),
        )
        for soort, u, dagen, i, n in (
            qs.annotate(bereik=bereik)
            .values_list("soort", "uitkomst", "dagen", "bereik")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            teken = 1 if i < len(erbij) else -1
            d = GEEN_DAGEN if dagen is None else dagen
            uitkomst[(maand_van(bereiken[i][0]), soort, u, d)] += teken * n
    return +uitkomst  # without the cells that came to nothing


def per_stap(organisatie_id: int, beroepskracht: int | None = None) -> dict[str, int]:
    """How many casussen are in each step now: the ``stap`` totals of every month (one per
    casus, in the month it started), a few hundred rows, however many casussen."""
    return {
        fase: n
        for fase, n in Totaal.objects.filter(
            organisatie_id=organisatie_id,
            beroepskracht=beroepskracht or HELE_ORGANISATIE,
            soort=MijlpaalSoort.STAP,
        )
        .values_list("uitkomst")
        .annotate(n=Sum("aantal"))
        .order_by()
        if n
    }


# --- checking and repairing -------------------------------------------------------------------


@dataclass(frozen=True)
class Verschil:
    organisatie_id: int
    beroepskracht: int
    maand: dt.date
    soort: str
    uitkomst: str
    dagen: int
    opgeslagen: int
    geteld: int


def _geteld(organisatie_id: int) -> Counter[Sleutel]:
    """The totals as they should be: the organisation's milestones counted, grouped by day in
    SQL (SQLite has no month function that an index serves) and summed into months here."""
    geteld: Counter[Sleutel] = Counter()
    for wie, soort, datum, u, dagen, n in (
        Mijlpaal.objects.filter(organisatie_id=organisatie_id)
        .values_list("eigenaar_id", "soort", "datum", "uitkomst", "dagen")
        .annotate(n=Count("pk"))
        .order_by()
        .iterator(chunk_size=5000)
    ):
        rest = (maand_van(datum), soort, u, GEEN_DAGEN if dagen is None else dagen)
        geteld[(organisatie_id, HELE_ORGANISATIE, *rest)] += n
        geteld[(organisatie_id, wie, *rest)] += n
    return geteld


def _opgeslagen(organisatie_id: int) -> Counter[Sleutel]:
    opgeslagen: Counter[Sleutel] = Counter()
    for wie, maand, soort, u, dagen, n in (
        Totaal.objects.filter(organisatie_id=organisatie_id)
        .values_list("beroepskracht", "maand", "soort", "uitkomst", "dagen")
        .annotate(n=Sum("aantal"))
        .order_by()
        .iterator(chunk_size=5000)
    ):
        opgeslagen[(organisatie_id, wie, maand, soort, u, dagen)] += n
    return opgeslagen


def verschillen(organisatie_id: int) -> list[Verschil]:
    """Every total that differs from a count of the milestones, in key order. The count and
    the totals are read from one snapshot (on PostgreSQL a repeatable-read transaction, when
    this is not inside another; SQLite's transactions see one state anyway), so a write during
    the check is not taken for a difference."""
    buitenste = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and buitenste:
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        geteld = _geteld(organisatie_id)
        opgeslagen = _opgeslagen(organisatie_id)
    return [
        Verschil(*sleutel, opgeslagen=opgeslagen.get(sleutel, 0), geteld=geteld.get(sleutel, 0))
        for sleutel in sorted(set(geteld) | set(opgeslagen))
        if opgeslagen.get(sleutel, 0) != geteld.get(sleutel, 0)
    ]


def herstel(organisatie_id: int) -> list[Verschil]:
    """Bring the organisation's totals in line with its milestones; returns what was wrong.

    Each difference is added as an increment (counted − stored), like any write: a write that
    commits between the check and the repair has added its own difference to the same row, and
    the two sums still come out right. Rows that came to zero are removed."""
    fout = verschillen(organisatie_id)
    with transaction.atomic():
        wijzigingen = Wijzigingen()
        for v in fout:
            sleutel = (v.organisatie_id, v.beroepskracht, v.maand, v.soort, v.uitkomst, v.dagen)
            wijzigingen[sleutel] += v.geteld - v.opgeslagen
        opslaan(wijzigingen)
        Totaal.objects.filter(organisatie_id=organisatie_id, aantal=0).delete()
    return fout
