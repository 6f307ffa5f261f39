from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.translation import gettext_lazy as _

register = template.Library()

_KEUZEWIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.inclusion_tag("web/_veld.html")
def veld(field: forms.BoundField, klasse: str = "") -> dict[str, Any]:
    """One form field with label, hint and error, linked for assistive technology."""
    widget = field.field.widget
    is_keuze = isinstance(widget, _KEUZEWIDGETS)
    hint_id = f"{field.auto_id}_hint" if field.help_text else ""
    fout_id = f"{field.auto_id}_fout" if field.errors else ""
    beschreven = " ".join(i for i in (hint_id, fout_id) if i)
    context: dict[str, Any] = {
        "field": field,
        "is_keuze": is_keuze,
        "hint_id": hint_id,
        "fout_id": fout_id,
        "beschreven": beschreven,
        "klasse": klasse,
    }
    if not is_keuze:
        attrs: dict[str, str] = {}
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
def foutsamenvatting(*formulieren: forms.Form | None) -> dict[str, Any]:
    """The error summary at the top of a page: every error, linked to its field."""
    fouten: list[dict[str, str]] = []
    for form in formulieren:
        if form is None or not form.is_bound or not form.errors:
            continue
        for tekst in form.non_field_errors():
            fouten.append({"tekst": tekst, "href": ""})
        for field in form:
            if not field.errors:
                continue
            is_keuze = isinstance(field.field.widget, _KEUZEWIDGETS)
            doel = f"{field.auto_id}_0" if is_keuze else field.auto_id
            for tekst in field.errors:
                fouten.append({"tekst": f"{field.label}: {tekst}", "href": f"#{doel}"})
    return {"fouten": fouten}


@register.filter
def html_id(waarde: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(waarde))


@register.filter
def bevat(verzameling: Any, waarde: Any) -> bool:
    try:
        return waarde in verzameling
    except TypeError:
        return False


_SOORTEN = {
    "casus.geopend": _("Casus geopend"),
    "casus.stap": _("Stap gewijzigd"),
    "casus.heropend": _("Casus heropend"),
    "betrokkene.toegevoegd": _("Betrokkene toegevoegd"),
    "signaal.vastgelegd": _("Signaal vastgelegd (stap 1)"),
    "consultatie.vastgelegd": _("Consultatie vastgelegd (stap 2)"),
    "gesprek.vastgelegd": _("Gesprek of reden geen gesprek vastgelegd (stap 3)"),
    "weging.vastgelegd": _("Weging vastgelegd (stap 4)"),
    "afweging.beantwoord": _("Afweging beantwoord (stap 5)"),
    "afweging.ingetrokken": _("Conceptantwoord ingetrokken (stap 5)"),
    "besluit.vastgelegd": _("Besluit vastgelegd (stap 5)"),
    "melding.vastgelegd": _("Melding bij Veilig Thuis vastgelegd"),
    "hulp_buiten_meldcode.vastgelegd": _("Hulp buiten de meldcode genoteerd"),
}


@register.filter
def gebeurtenis_label(soort: str) -> str:
    return str(_SOORTEN.get(soort, soort))


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
