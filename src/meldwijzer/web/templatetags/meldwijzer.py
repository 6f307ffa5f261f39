from __future__ import annotations

import json
import re
from typing import Any

from django import forms, template
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meldwijzer import datumtekst
from meldwijzer.dossier import datums, gebeurtenissen, invoer, wijzigingen
from meldwijzer.dossier.formulering import woordenlijst
from meldwijzer.kader.beslisdelen import SCHEIDING
from meldwijzer.web import menu

register = template.Library()

_KEUZEWIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _apart_getoond(form: Any) -> dict[str, str]:
    return getattr(form, "apart_getoond", None) or {}


@register.inclusion_tag("web/_veld.html")
def veld(field: forms.BoundField, klasse: str = "") -> dict[str, Any]:
    """One form field with label, hint and error, linked for assistive technology."""
    widget = field.field.widget
    is_keuze = isinstance(widget, _KEUZEWIDGETS)
    hint_id = f"{field.auto_id}_hint" if field.help_text else ""
    # An error that a block of its own says (the form's ``apart_getoond``) is described by that
    # block, not repeated under the field.
    elders = _apart_getoond(field.form).get(field.name, "")
    fouten = [] if elders else field.errors
    fout_id = elders or (f"{field.auto_id}_fout" if fouten else "")
    beschreven = " ".join(i for i in (hint_id, fout_id) if i)
    context: dict[str, Any] = {
        "field": field,
        "fouten": fouten,
        # "(optioneel)" only for a field that is never required; a field required in some
        # cases (``voorwaardelijk``) says when in its hint instead.
        "optioneel": not field.field.required and not getattr(field.field, "voorwaardelijk", False),
        "is_keuze": is_keuze,
        "hint_id": hint_id,
        "fout_id": fout_id,
        "beschreven": beschreven,
        "klasse": klasse,
    }
    if not is_keuze:
        attrs: dict[str, str | bool] = {}
        if beschreven:
            attrs["aria-describedby"] = beschreven
        if field.errors:
            attrs["aria-invalid"] = "true"
        css = widget.attrs.get("class", "")
        soort = "textarea" if isinstance(widget, forms.Textarea) else "invoer"
        attrs["class"] = f"{css} {soort}".strip()
        context["widget"] = field.as_widget(attrs=attrs)
    return context


@register.inclusion_tag("web/_foutsamenvatting.html")
def foutsamenvatting(*formulieren: Any) -> dict[str, Any]:
    """The error summary at the top of a page: every error, linked to its field."""
    fouten: list[dict[str, Any]] = []
    alle: list[forms.BaseForm] = []
    for form in formulieren:
        if isinstance(form, forms.BaseFormSet):  # a formset: its own errors, then each form
            if form.is_bound:
                fouten.extend({"tekst": t, "href": ""} for t in form.non_form_errors())
            alle.extend(form.forms)
        elif isinstance(form, forms.BaseForm):
            alle.append(form)
    for form in alle:
        if not form.is_bound or not form.errors:
            continue
        voor = getattr(form, "samenvatting_prefix", "")
        voor = f"{voor} — " if voor else ""
        elders = _apart_getoond(form)
        for tekst in form.non_field_errors():
            fouten.append({"tekst": tekst, "href": ""})
        for field in form:
            if not field.errors or field.name in elders:
                continue
            is_keuze = isinstance(field.field.widget, _KEUZEWIDGETS)
            doel = f"{field.auto_id}_0" if is_keuze else field.auto_id
            for tekst in field.errors:
                fouten.append({"tekst": f"{voor}{field.label}: {tekst}", "href": f"#{doel}"})
    return {"fouten": fouten}


@register.simple_tag(takes_context=True)
def versieveld(context: template.Context, casus: Any, form: Any = None) -> str:
    """The casus version this form was opened with, and its audit position: a save is refused
    when the part it works on changed since (dossier.services.gelijktijdig).

    On the form refused as stale it also shows what changed since it was opened, and carries
    that the person saw it: saving again then goes through unless its own part changes again."""
    velden = format_html(
        '<input type="hidden" name="versie" value="{}">'
        '<input type="hidden" name="tijdlijn_tot" value="{}">',
        casus.versie,
        casus.tijdlijnstand,
    )
    if not getattr(form, "verouderd", False):
        return velden
    request = context.get("request")
    try:
        tot: int | None = int(request.POST.get("tijdlijn_tot", "")) if request else None
    except ValueError:
        tot = None
    overzicht = render_to_string(
        "web/_gewijzigd.html",
        {"casus": casus, "sinds": wijzigingen.sinds(casus, tot)},
        request=request,
    )
    gezien = format_html('<input type="hidden" name="wijzigingen_gezien" value="{}">', casus.versie)
    return velden + gezien + overzicht  # each escaped by format_html or the template


@register.filter
def html_id(waarde: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(waarde))


@register.filter
def bevat(verzameling: Any, waarde: Any) -> bool:
    try:
        return waarde in verzameling
    except TypeError:
        return False


@register.filter
def gebeurtenis_label(soort: str) -> str:
    return gebeurtenissen.label(soort)


@register.filter
def fase_label(waarde: str) -> str:
    from meldwijzer.dossier.models import Fase

    try:
        return str(Fase(waarde).label)
    except ValueError:
        return str(waarde)


@register.filter
def rol_label(waarde: str) -> str:
    from meldwijzer.accounts.models import Rol

    try:
        return str(Rol(waarde).label).lower()
    except ValueError:
        return str(waarde)


@register.filter
def vorm_label(waarde: str) -> str:
    from meldwijzer.dossier.models import BijzondereVorm

    try:
        return str(BijzondereVorm(waarde).label)
    except ValueError:
        return str(waarde)


@register.filter
def voorwaarde_status(waarde: str) -> str:
    from meldwijzer.dossier.models import VoorwaardeStatus

    try:
        return str(VoorwaardeStatus(waarde).label)
    except ValueError:
        return str(waarde)


@register.simple_tag
def speculatieve_vormen() -> str:
    """The word list of dossier.formulering as JSON, for the feit-or-mening script: per stem,
    each form as its words (escaped by the template as an attribute value)."""
    return json.dumps([[list(vorm) for vorm in ingang.vormen] for ingang in woordenlijst()])


@register.filter
def join_gevonden(treffers: Any) -> str:
    """The speculative words as found in the text, quoted (escaped by the template)."""
    return ", ".join(f"‘{t.gevonden}’" for t in treffers)


@register.filter
def get(mapping: Any, sleutel: Any) -> Any:
    try:
        return mapping.get(sleutel, sleutel)
    except AttributeError:
        return sleutel


@register.filter
def recht_label(waarde: str) -> str:
    from meldwijzer.dossier.models import Recht

    try:
        return str(Recht(waarde).label).lower()
    except ValueError:
        return str(waarde)


@register.filter
def evaluatie_label(waarde: str) -> str:
    from meldwijzer.dossier.models import EvaluatieResultaat

    try:
        return str(EvaluatieResultaat(waarde).label)
    except ValueError:
        return str(waarde)


@register.inclusion_tag("web/_gegevens.html")
def gegevens(
    obj: Any, klasse: str = "samenvatting samenvatting--breed", behalve: str = ""
) -> dict[str, Any]:
    """The recorded values of a declared record (dossier.invoer), each under its name, in the
    declaration's order; empty ones left out. A field added to the declaration shows here on
    the casus page and in the dossier without a template change. ``behalve``: the fields the
    template shows itself, space-separated (a note's heading and text); the rest follow here."""
    declaratie = invoer.declaratie_van(obj)
    zelf_getoond = set(behalve.split())
    rijen = []
    for veld in declaratie:
        waarde = getattr(obj, veld.naam)
        if waarde in (None, "") or veld.naam in zelf_getoond:
            continue
        soort = declaratie.soort(veld)
        if soort == invoer.DATUM:
            tekst: Any = datumtekst.datum(waarde)
        elif soort == invoer.JANEE:
            tekst = _("Ja") if waarde else _("Nee")
        elif soort == invoer.KEUZE:
            tekst = getattr(obj, f"get_{veld.naam}_display")()
        else:
            tekst = linebreaksbr(waarde, autoescape=True)
        rijen.append((capfirst(declaratie.label(veld)), tekst))
    return {"rijen": rijen, "klasse": klasse}


@register.filter(expects_localtime=True)
def met_seconden(moment: Any) -> str:
    """A moment to the second, in the one date style: "5 december 2026, 14:05:09" (the logs,
    where many records share a minute)."""
    return datumtekst.tijdstip(moment, seconden=True) if moment else ""


@register.filter
def leesbaar(waarde: Any) -> Any:
    """A date or moment kept as ISO text (the inzage export) in the one date style
    (datumtekst.uit_iso); other values unchanged."""
    return datumtekst.uit_iso(waarde)


@register.filter
def datum_vastlegging(rij: Any) -> str:
    """A record's date, told apart from others of its kind on the same day (two meldingen on
    one day): "5 december 2026, 14:05" (datumtekst.datum_van_vastlegging)."""
    return datumtekst.datum_van_vastlegging(rij.datum, getattr(rij, "vastgelegd_op", None))


@register.filter
def met_weekdag(datum: Any) -> str:
    """A deadline with its weekday: "zaterdag 16 januari 2027" (dossier.datums)."""
    return datums.met_weekdag(datum) if datum else ""


@register.filter
def verschoven(termijn: Any) -> str:
    """The note beside a deadline counted onto a weekend or a public holiday and moved to the
    next working day: "verschoven van … naar …: weekend"; empty when it did not move."""
    verschuiving = datums.verschuiving_van(termijn)
    return datums.verschoven(verschuiving) if verschuiving else ""


@register.filter
def velden_voor(form: forms.BaseForm, naam: str) -> list[Any]:
    """The form's fields before the named one, in the form's order (a declared record's
    fields, dossier.invoer): the template places the rest itself."""
    velden = []
    for veld in form:
        if veld.name == naam:
            break
        velden.append(veld)
    return velden


@register.inclusion_tag("web/_correctie.html", takes_context=True)
def correctie(context: template.Context, obj: Any) -> dict[str, Any]:
    """Under a recorded item: that it was corrected, and (for who may record) the links to
    correct or withdraw it (docs/adr/0019). Withdrawn items are not on the current pages."""
    casus = context.get("casus")
    return {
        "obj": obj,
        "casus": casus,
        "soort": obj._meta.model_name,
        "mag_bewerken": getattr(casus, "mag_bewerken", False),
    }


@register.filter
def lijst_uit(mapping: Any, sleutel: Any) -> list[Any]:
    """The list under a key, empty when the key is missing (``get`` returns the key itself)."""
    try:
        return list(mapping.get(sleutel) or [])
    except AttributeError:
        return []


@register.filter
def correctie_reden(waarde: Any) -> str:
    """The reason of a correction or withdrawal in words; empty for anything else."""
    from meldwijzer.dossier.models import CorrectieReden

    try:
        return str(CorrectieReden(waarde).label)
    except ValueError:
        return ""


# "H3" at the start of a citation or of each part after "; ": the engine's and the framework's
# short form (DESIGN.md, 'Citations'), shown to people as "hoofdstuk 3".
_HOOFDSTUK = re.compile(r"(^|; )H(\d{1,2})\b")


@register.filter
def bronvermelding(bron: Any) -> str:
    """A citation as people read it: a framework's ``Bron`` or the text the engine stored
    (also in earlier besluiten), with "hoofdstuk 3" for "H3"; the section heading literal."""
    if not bron:
        return ""
    tekst = bron.als_tekst() if hasattr(bron, "als_tekst") else str(bron)
    hoofdstuk = _("hoofdstuk")
    return _HOOFDSTUK.sub(lambda m: f"{m[1]}{hoofdstuk} {m[2]}", tekst)


@register.filter
def bij(mapping: Any, sleutel: Any) -> Any:
    """The value under a key, or None when it is missing (not the key itself, as ``get``)."""
    try:
        return mapping.get(sleutel)
    except AttributeError:
        return None


@register.filter
def afweging_id(sleutel: Any) -> str:
    """The afweging's own id in an answer's key: ``thuissituatie/3`` → ``3`` (the route is
    named beside it; kaderformaat 2)."""
    return str(sleutel).rpartition(SCHEIDING)[2]


@register.simple_tag
def casustabs(casus: Any, tab: str) -> list[Any]:
    """The casus's parts as tabs with their addresses (meldwijzer.web.menu.casustabs)."""
    return menu.casustabs(casus.uuid, tab or "")


@register.simple_tag
def casusurl(naam: str, casus_uuid: Any) -> str:
    """``{% casusurl 'web:signalen' casus.uuid %}``: the address ``{% url %}`` gives for a casus
    page, without a reverse() per use (meldwijzer.web.menu.casusadres): the overview names
    some twenty of them."""
    if not naam.startswith("web:"):
        raise ValueError(f"Geen paginanaam van de app: {naam}")
    return menu.casusadres(naam.removeprefix("web:"), casus_uuid)
