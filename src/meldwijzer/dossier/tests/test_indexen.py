"""The indexes after dropping the single-column ones that another index already starts with
(ADR 0032): no such duplicate comes back, and the reads and deletes that filtered on those
columns alone still find their rows through an index, on SQLite and on PostgreSQL.

The plans are checked with sequential scans switched off on PostgreSQL: on tables this small
the planner would rightly scan them anyway, and with scans off it still scans only when no
index can serve the condition at all."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.sql import DeleteQuery

from meldwijzer.accounts.models import Membership
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.dossier import services
from meldwijzer.dossier.services.bewaren import _rijen_van_de_casus

pytestmark = pytest.mark.django_db


def _indexen(model: type[Model]) -> dict[str, dict]:
    with connection.cursor() as cur:
        return connection.introspection.get_constraints(cur, model._meta.db_table)


def _gedeeltelijk(model: type[Model]) -> set[str]:
    """Names of the model's indexes and constraints with a condition (partial indexes)."""
    return {
        i.name
        for i in (*model._meta.indexes, *model._meta.constraints)
        if getattr(i, "condition", None) is not None
    }


def _dubbele_indexen() -> list[str]:
    """Every non-unique single-column index whose column leads another full index or unique
    constraint of the same table: that one serves every lookup on the column."""
    dubbel = []
    for model in apps.get_models():
        if not model.__module__.startswith("meldwijzer.") or model._meta.proxy:
            continue
        indexen = _indexen(model)
        gedeeltelijk = _gedeeltelijk(model)
        for naam, index in indexen.items():
            if (
                not index["index"]
                or index["unique"]
                or index["primary_key"]
                or len(index["columns"]) != 1
                or naam in gedeeltelijk
            ):
                continue
            kolom = index["columns"][0]
            for ander, breder in indexen.items():
                if (
                    ander != naam
                    and (breder["index"] or breder["unique"])
                    and len(breder["columns"]) > 1
                    and breder["columns"][0] == kolom
                    and ander not in gedeeltelijk
                ):
                    dubbel.append(f"{model._meta.db_table}.{kolom}: {naam} (begin van {ander})")
                    break
    return sorted(dubbel)


def test_geen_index_die_al_het_begin_van_een_andere_is():
    assert _dubbele_indexen() == []


def _plan(sql: str, params: tuple | list) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("EXPLAIN " + sql, params)
            return "\n".join(r[0] for r in cur.fetchall())
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(r[-1]) for r in cur.fetchall())


def _volledige_scans(plan: str) -> list[str]:
    """The tables the plan reads from beginning to end."""
    if connection.vendor == "postgresql":
        return re.findall(r"Seq Scan on (\w+)", plan)
    # SQLite: ``SCAN t`` reads the whole table; ``SCAN t USING [COVERING] INDEX i`` the whole
    # index, which is no better for a filter.
    return re.findall(r"^SCAN (\w+)", plan, re.MULTILINE)


def test_wissen_vindt_de_rijen_van_een_casus_via_een_index():
    """Erasure deletes every row of a casus by its casus (``bewaren._wis``); a row of a table
    without an index starting with the casus column would be a full scan per erased casus."""
    gecontroleerd = 0
    for model, pad in _rijen_van_de_casus():
        qs = model._base_manager.filter(**{pad: 1})
        query = qs.query.clone()
        query.__class__ = DeleteQuery  # as QuerySet._raw_delete builds it
        sql, params = query.get_compiler(qs.db).as_sql()
        plan = _plan(sql, params)
        assert _volledige_scans(plan) == [], (model.__name__, sql, plan)
        gecontroleerd += 1
    assert gecontroleerd >= 10  # every dossier and report table of a casus


def _sql(qs: QuerySet) -> tuple[str, tuple]:
    return qs.query.sql_with_params()


def test_audit_en_toegang_per_casus_en_per_organisatie_via_een_index(
    beroepskracht: Membership,
):
    casus = services.open_casus(actor=beroepskracht, titel="Zorgen om Sam")
    org = casus.organisatie_id
    vragen = {
        "tijdlijn van een casus": tijdlijn(casus),
        "toegang tot een casus": Toegang.objects.filter(
            organisatie_id=org, casus_id__in=[casus.pk]
        ).order_by("-tijdstip", "-pk"),
        "wijzigingen van een organisatie": Gebeurtenis.objects.filter(organisatie_id=org).order_by(
            "-tijdstip", "-pk"
        ),
        "toegang van een organisatie": Toegang.objects.filter(organisatie_id=org).order_by(
            "-tijdstip", "-pk"
        ),
        "gebeurtenissen van een casus": Gebeurtenis.objects.filter(casus_id=casus.pk),
        "toegang tot een casus, alle organisaties": Toegang.objects.filter(casus_id=casus.pk),
    }
    for wat, qs in vragen.items():
        sql, params = _sql(qs)
        plan = _plan(sql, params)
        assert _volledige_scans(plan) == [], (wat, plan)
