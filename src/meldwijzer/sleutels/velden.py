"""Model fields whose value is stored encrypted under the data key of its own casus.

On the model the value is plain (text, date or JSON); in the database it is a token
(``sleutels.crypto``). ``sleutel`` is the dotted path from the row to the casus's data key:
``"sleutel"`` on the casus itself, ``"casus.sleutel"`` on a row of a casus,
``"afsluiting.casus.sleutel"`` one step further. Encryption happens in ``pre_save``, where the
row is known; a plain value reaching the database any other way (``QuerySet.update``,
``bulk_update``, a filter on content) is refused, as is every lookup but equality to a stored
token and emptiness: ciphertext cannot be searched (the blind index of ``sleutels.zoekindex``
finds a betrokkene instead). See docs/adr/0005-versleuteling-per-casus.md.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from meldwijzer.sleutels import crypto

if TYPE_CHECKING:
    from django import forms

TOEGESTANE_LOOKUPS = frozenset({"exact", "isnull", "in"})


class Versleuteld(str):
    """A token ready for the database: the only non-empty value these fields accept there."""

    __slots__ = ()


class OnversleuteldeWaarde(TypeError):
    pass


def _weiger(veld: models.Field, waarde: object) -> OnversleuteldeWaarde:
    return OnversleuteldeWaarde(
        f"{veld.model.__name__}.{veld.name} wordt versleuteld opgeslagen: schrijf via save() van "
        "de rij (QuerySet.update en bulk_update kunnen niet versleutelen), en zoek niet op de "
        f"inhoud. Kreeg {type(waarde).__name__}."
    )


def sleutel_id_van_rij(instance: models.Model, pad: str) -> uuid.UUID:
    """Follow ``pad`` (``"casus.sleutel"``) to the data key id, with one small query at most."""
    obj: Any = instance
    delen = pad.split(".")
    for i, deel in enumerate(delen[:-1]):
        veld = obj._meta.get_field(deel)
        if veld.is_cached(obj):
            obj = getattr(obj, deel)
            continue
        rest = "__".join(delen[i + 1 :])
        gevonden = (
            veld.related_model._base_manager.filter(pk=getattr(obj, veld.attname))
            .values_list(rest, flat=True)
            .first()
        )
        return _vereist(instance, gevonden)
    return _vereist(instance, getattr(obj, delen[-1] + "_id"))


def _vereist(instance: models.Model, sleutel_id: Any) -> uuid.UUID:
    if sleutel_id is None:
        raise crypto.SleutelFout(
            f"{type(instance).__name__} hoort bij een casus zonder datasleutel; een casus krijgt "
            "er "
            "een bij het aanmaken (Casus.save)."
        )
    return sleutel_id if isinstance(sleutel_id, uuid.UUID) else uuid.UUID(str(sleutel_id))


class _Versleuteling:
    """What the three field types share: the key path, encryption on save, the lookup guard."""

    sleutel: str

    def _zet_sleutel(self, sleutel: str) -> None:
        self.sleutel = sleutel

    def _deconstrueer(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs["sleutel"] = self.sleutel
        return kwargs

    def _versleutel(self, instance: models.Model, tekst: str) -> Versleuteld:
        from meldwijzer.sleutels import sleutelring

        return Versleuteld(
            sleutelring.versleutel(sleutel_id_van_rij(instance, self.sleutel), tekst)
        )

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in TOEGESTANE_LOOKUPS:
            raise FieldError(
                f"Zoeken in versleutelde inhoud ({lookup_name}) kan niet: de database ziet alleen "
                "versleutelde tekst."
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(
            f"Versleutelde inhoud heeft geen onderdelen om op te zoeken ({lookup_name})."
        )


class VersleuteldeTekst(_Versleuteling, models.TextField):
    """Free text, encrypted. ``max_length`` limits the plain text (forms, validation)."""

    def __init__(self, *args: Any, sleutel: str = "casus.sleutel", **kwargs: Any) -> None:
        self._zet_sleutel(sleutel)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        naam, pad, args, kwargs = super().deconstruct()
        return naam, pad, args, self._deconstrueer(kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        waarde = getattr(model_instance, self.attname)
        if waarde is None or waarde == "":
            return waarde
        return self._versleutel(model_instance, self.naar_tekst(waarde))

    def naar_tekst(self, waarde: Any) -> str:
        return str(waarde)

    def van_tekst(self, tekst: str) -> Any:
        return tekst

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        if isinstance(value, Versleuteld):
            return str(value)
        raise _weiger(self, value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        from meldwijzer.sleutels import sleutelring

        tekst = sleutelring.ontsleutel(value)
        if isinstance(tekst, sleutelring.Onleesbaar):
            return tekst
        return self.van_tekst(tekst)


class VersleuteldeDatum(VersleuteldeTekst):
    """A date (a birth date), encrypted: the column holds a token; the model a ``date``."""

    def naar_tekst(self, waarde: Any) -> str:
        return waarde.isoformat() if isinstance(waarde, dt.date) else str(waarde)

    def van_tekst(self, tekst: str) -> Any:
        try:
            return dt.date.fromisoformat(tekst)
        except ValueError:
            return None

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, dt.date):
            return value
        return models.DateField().to_python(value)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,  # a date here has no choices
        **kwargs: Any,
    ) -> forms.Field:
        from django import forms

        veldklasse = form_class or forms.DateField
        return veldklasse(required=not self.blank, label=self.verbose_name, **kwargs)


class VersleuteldeJSON(_Versleuteling, models.JSONField):
    """A JSON value with free text inside (a besluit's answers, the voorwaarden), encrypted as a
    whole. The column holds the token as a JSON string."""

    def __init__(self, *args: Any, sleutel: str = "casus.sleutel", **kwargs: Any) -> None:
        self._zet_sleutel(sleutel)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        naam, pad, args, kwargs = super().deconstruct()
        return naam, pad, args, self._deconstrueer(kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        waarde = getattr(model_instance, self.attname)
        if waarde is None:
            return None
        tekst = json.dumps(waarde, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
        return self._versleutel(model_instance, tekst)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return value
        if isinstance(value, Versleuteld):
            return super().get_prep_value(str(value))
        raise _weiger(self, value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        waarde = super().from_db_value(value, expression, connection)
        if not crypto.is_token(waarde):
            return waarde  # data from before encryption
        from meldwijzer.sleutels import sleutelring

        tekst = sleutelring.ontsleutel(waarde)
        if isinstance(tekst, sleutelring.Onleesbaar):
            return None
        return json.loads(tekst)
