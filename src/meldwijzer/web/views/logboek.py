"""The privacy officer's logs: access log, audit trail (what and who, never the content) and
login events of the organisation, filtered by period, user and casus, and exported as CSV.
Reading and exporting the log are themselves logged (audit.toegang)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from meldwijzer.accounts.models import Inloggebeurtenis, Membership
from meldwijzer.accounts.permissions import mag_logboek_lezen
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.audit.toegang import noteer
from meldwijzer.dossier.models import Casus
from meldwijzer.web.forms_beveiliging import LogboekFilterForm

SOORTEN = {
    "toegang": "logboek.toegang",
    "wijzigingen": "logboek.wijzigingen",
    "inloggen": "logboek.inloggen",
}


def logboekwerk(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not mag_logboek_lezen(getattr(request, "membership", None)):
            return render(request, "403.html", {"reden": "logboek"}, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _soort(request: HttpRequest) -> str:
    soort = request.GET.get("soort", "toegang")
    return soort if soort in SOORTEN else "toegang"


def _gebruikers(membership: Membership) -> list[tuple[int, str]]:
    leden = (
        Membership.objects.filter(organisatie_id=membership.organisatie_id)
        .select_related("user")
        .order_by("user__username")
    )
    return [(m.user_id, f"{m.user.username} ({m.user.weergavenaam})") for m in leden]


def _casus_ids(organisatie_id: int, kenmerk: str) -> list[int]:
    """The casus with this kenmerk, also when retention erased it (its deletion record)."""
    ids = set(
        Casus.objects.filter(organisatie_id=organisatie_id, kenmerk=kenmerk).values_list(
            "pk", flat=True
        )
    )
    ids.update(
        int(i)
        for i in Gebeurtenis.objects.filter(
            organisatie_id=organisatie_id, soort="casus.verwijderd", nieuw__kenmerk=kenmerk
        ).values_list("casus_id", flat=True)
        if i is not None
    )
    return sorted(ids)


def _kenmerk() -> Subquery:
    """The casus's kenmerk beside each row (none once retention erased the casus: the row keeps
    its id, and the deletion record the kenmerk)."""
    return Subquery(Casus.objects.filter(pk=OuterRef("casus_id")).values("kenmerk")[:1])


def _periode(filters: dict[str, Any]) -> Q:
    q = Q()
    if filters.get("van"):
        q &= Q(tijdstip__gte=_begin_van_de_dag(filters["van"]))
    if filters.get("tot"):
        q &= Q(tijdstip__lt=_begin_van_de_dag(filters["tot"] + dt.timedelta(days=1)))
    return q


def _begin_van_de_dag(datum: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(datum, dt.time.min))


def _rijen(membership: Membership, soort: str, filters: dict[str, Any]) -> QuerySet[Any]:
    org = membership.organisatie_id
    gebruiker = filters.get("gebruiker")
    kenmerk = (filters.get("casus") or "").strip().upper()
    if soort == "toegang":
        rijen = Toegang.objects.filter(_periode(filters), organisatie_id=org)
        if gebruiker:
            rijen = rijen.filter(gebruiker_id=gebruiker)
        if kenmerk:
            rijen = rijen.filter(casus_id__in=_casus_ids(org, kenmerk))
        if filters.get("uitkomst"):
            rijen = rijen.filter(uitkomst=filters["uitkomst"])
        return (
            rijen.select_related("gebruiker", "namens")
            .annotate(casus_kenmerk=_kenmerk())
            .only(
                "tijdstip",
                "rol",
                "actie",
                "uitkomst",
                "grondslag",
                "onderdeel",
                "ip_adres",
                "casus",
                "betrokkene_id",
                "details",
                "gebruiker__username",
                "gebruiker__first_name",
                "gebruiker__last_name",
                "namens__username",
            )
            .order_by("-tijdstip", "-pk")
        )
    if soort == "wijzigingen":
        # What changed and who changed it; the old and new values are casus content: not here.
        rijen = Gebeurtenis.objects.filter(_periode(filters), organisatie_id=org)
        if gebruiker:
            rijen = rijen.filter(actor_id=gebruiker)
        if kenmerk:
            rijen = rijen.filter(casus_id__in=_casus_ids(org, kenmerk))
        return (
            rijen.annotate(casus_kenmerk=_kenmerk())
            .only("tijdstip", "actor_naam", "actor_rol", "soort", "object_type", "casus")
            .order_by("-tijdstip", "-pk")
        )
    leden = Membership.objects.filter(organisatie_id=org).values("user_id")
    rijen = Inloggebeurtenis.objects.filter(_periode(filters), gebruiker_id__in=leden)
    if gebruiker:
        rijen = rijen.filter(gebruiker_id=gebruiker)
    return rijen.order_by("-tijdstip", "-pk")


def _filters(request: HttpRequest, membership: Membership) -> tuple[LogboekFilterForm, dict]:
    form = LogboekFilterForm(request.GET or None, gebruikers=_gebruikers(membership))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, {k: v for k, v in filters.items() if v not in (None, "")}


def _samenvatting(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in filters.items()}


@logboekwerk
def logboek(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    soort = _soort(request)
    form, filters = _filters(request, membership)
    pagina = Paginator(
        _rijen(membership, soort, filters), settings.MELDWIJZER_PAGINA_GROOTTE
    ).get_page(request.GET.get("pagina"))
    noteer(
        request,
        onderdeel=SOORTEN[soort],
        details={"pagina": pagina.number, **_samenvatting(filters)},
    )
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "logboek/logboek.html",
        {
            "pagina": pagina,
            "soort": soort,
            "form": form,
            "filterquery": querystring.urlencode(),
        },
    )


class _Regels:
    """A file-like sink for csv.writer that hands each line back (streamed export)."""

    def write(self, regel: str) -> str:
        return regel


_GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")


def _cel(waarde: Any) -> str:
    """A cell a spreadsheet does not run as a formula (CSV injection)."""
    if waarde is None:
        return ""
    if isinstance(waarde, dt.datetime):
        return waarde.astimezone(dt.UTC).isoformat(timespec="seconds")
    tekst = str(waarde)
    return "'" + tekst if tekst.startswith(_GEVAARLIJK) else tekst


def applicatie_van(toegang: Toegang) -> str:
    """The application (API token) through which this access happened, or ""."""
    details = toegang.details if isinstance(toegang.details, dict) else {}
    return str(details.get("applicatie") or "")


def _csv(soort: str, rijen: QuerySet[Any]) -> Iterator[list[Any]]:
    if soort == "toegang":
        yield [
            "tijdstip_utc",
            "gebruiker",
            "rol",
            "actie",
            "uitkomst",
            "grondslag",
            "namens",
            "applicatie",
            "onderdeel",
            "casus",
            "casus_id",
            "betrokkene_id",
            "ip_adres",
        ]
        for r in rijen.iterator(chunk_size=2000):
            yield [
                r.tijdstip,
                r.gebruiker.username,
                r.rol,
                r.actie,
                r.uitkomst,
                r.grondslag,
                r.namens.username if r.namens_id else "",
                applicatie_van(r),
                r.onderdeel,
                r.casus_kenmerk or "",
                r.casus_id,
                r.betrokkene_id,
                r.ip_adres,
            ]
    elif soort == "wijzigingen":
        yield ["tijdstip_utc", "wie", "rol", "wat", "soort_gegeven", "casus", "casus_id"]
        for r in rijen.iterator(chunk_size=2000):
            yield [
                r.tijdstip,
                r.actor_naam,
                r.actor_rol,
                r.soort,
                r.object_type,
                r.casus_kenmerk or "",
                r.casus_id,
            ]
    else:
        yield ["tijdstip_utc", "gebruikersnaam", "gebeurtenis", "ip_adres"]
        for r in rijen.iterator(chunk_size=2000):
            yield [r.tijdstip, r.gebruikersnaam, r.soort, r.ip_adres]


@logboekwerk
def export(request: HttpRequest) -> HttpResponseBase:
    """The filtered log as CSV (UTC times); the export itself is logged."""
    membership: Membership = request.membership  # type: ignore[attr-defined]
    soort = _soort(request)
    _form, filters = _filters(request, membership)
    rijen = _rijen(membership, soort, filters)
    noteer(request, details={"soort": soort, **_samenvatting(filters)})
    schrijver = csv.writer(_Regels())
    antwoord = StreamingHttpResponse(
        (schrijver.writerow([_cel(c) for c in regel]) for regel in _csv(soort, rijen)),
        content_type="text/csv; charset=utf-8",
    )
    stempel = timezone.now().strftime("%Y%m%d-%H%M%S")
    antwoord["Content-Disposition"] = f'attachment; filename="logboek-{soort}-{stempel}.csv"'
    return antwoord
