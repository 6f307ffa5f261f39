"""Who may see and change what: the one place for access rules (DESIGN.md, 'Who uses it').

Everything is scoped to the membership's organisation: a user acts in one organisation at a
time, in the role their membership there gives them, and nothing of another organisation is
ever visible. Per role (``RECHTEN``):

- beroepskracht: opens casussen; sees the casussen they own or that a colleague shared with
  them (``dossier.CasusDeling``, not withdrawn), and records in those they own or that were
  shared with them to record in (``recht = schrijven``);
- aandachtsfunctionaris: the same, and sees and records in every casus of the organisation;
- beheerder: manages the organisation's users, its sociale kaart and its meldcode document;
  never sees casus content;
- privacy officer: reads the access log, the audit trail and the login events; never sees
  casus content;
- kaderbeheerder (deployment-wide, for the beroepsorganisatie that is the membership's
  organisation): imports, previews and publishes afwegingskaders; never sees a casus.

Frameworks (docs/adr/0006): an organisation's beheerder chooses which published framework new
casussen use (``KADER_KIEZEN``); the owner of a casus and the aandachtsfunctionaris switch a
running casus to a newer version (``mag_kaderversie_wisselen``); the aandachtsfunctionaris sees
how many casussen were decided under each version (``ALLE_CASUSSEN``). Published versions are
readable by every logged-in user; concepts only by kaderbeheerders (``ziet_conceptkaders``).

Rapportage (docs/handleiding-termijnen.md): the aandachtsfunctionaris watches the organisation's
termijnen and
dashboard (``DASHBOARD``); the annual figures — anonymous counts, small numbers suppressed —
are for the aandachtsfunctionaris and the beheerder (``JAARCIJFERS``).

Oefenen (docs/handleiding-oefenen.md): beroepskrachten and the aandachtsfunctionaris practise on
the organisation's oefencasussen (``OEFENEN``); the aandachtsfunctionaris writes them and sees
their totals, never one learner's attempt (``OEFENCASUSSEN_SCHRIJVEN``, oefenen.selectors).

Views and services ask these functions and nothing else; ``docs/security.md`` lists the rules
and the tests that attack them. A casus a user may not see answers 404 (selectors.casus_voor),
so its existence is never revealed.

For all other code (sharing, handover, new casus pages): read a casus only through
``dossier.selectors.casus_voor`` / ``zichtbare_casussen`` (built on ``casus_filter``), and
check writes with ``mag_casus_bewerken`` (services._basis._vergrendel does). Do not write a
second visibility rule elsewhere.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q

from meldwijzer.accounts.models import Membership, Rol

if TYPE_CHECKING:
    from meldwijzer.dossier.models import Casus


class Recht(enum.StrEnum):
    CASUSINHOUD = "casusinhoud"  # casus pages at all (which casussen: casus_filter)
    ALLE_CASUSSEN = "alle_casussen"  # every casus of the organisation
    CASUS_OPENEN = "casus_openen"
    GEBRUIKERS_BEHEREN = "gebruikers_beheren"
    LOGBOEK_LEZEN = "logboek_lezen"
    # The organisation's termijnen and counts, and the anonymous annual figures
    # (docs/handleiding-termijnen.md).
    DASHBOARD = "dashboard"
    JAARCIJFERS = "jaarcijfers"
    KADERS_BEHEREN = "kaders_beheren"  # import, preview and publish framework versions
    KADER_KIEZEN = "kader_kiezen"  # which published framework the organisation uses
    # The organisation's sociale kaart and its meldcode document (docs/sociale-kaart.md,
    # docs/meldcode.md).
    SOCIALE_KAART_BEHEREN = "sociale_kaart_beheren"
    # Practice mode (docs/handleiding-oefenen.md): practising on oefencasussen, and writing them.
    OEFENEN = "oefenen"
    OEFENCASUSSEN_SCHRIJVEN = "oefencasussen_schrijven"


RECHTEN: dict[str, frozenset[Recht]] = {
    Rol.BEROEPSKRACHT: frozenset({Recht.CASUSINHOUD, Recht.CASUS_OPENEN, Recht.OEFENEN}),
    Rol.AANDACHTSFUNCTIONARIS: frozenset(
        {
            Recht.CASUSINHOUD,
            Recht.ALLE_CASUSSEN,
            Recht.CASUS_OPENEN,
            Recht.DASHBOARD,
            Recht.JAARCIJFERS,
            Recht.OEFENEN,
            Recht.OEFENCASUSSEN_SCHRIJVEN,
        }
    ),
    Rol.BEHEERDER: frozenset(
        {
            Recht.JAARCIJFERS,
            Recht.GEBRUIKERS_BEHEREN,
            Recht.KADER_KIEZEN,
            Recht.SOCIALE_KAART_BEHEREN,
        }
    ),
    Rol.PRIVACY_OFFICER: frozenset({Recht.LOGBOEK_LEZEN}),
    Rol.KADERBEHEERDER: frozenset({Recht.KADERS_BEHEREN}),
}

CASUSINHOUD_ROLLEN = frozenset(r for r, rechten in RECHTEN.items() if Recht.CASUSINHOUD in rechten)


def _geldig(membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.actief
        and membership.user.is_active
        and membership.organisatie.actief
    )


def heeft_recht(membership: Membership | None, recht: Recht) -> bool:
    return _geldig(membership) and recht in RECHTEN.get(membership.rol, frozenset())  # type: ignore[union-attr]


def ziet_casusinhoud(membership: Membership | None) -> bool:
    return heeft_recht(membership, Recht.CASUSINHOUD)


def ziet_alle_casussen(membership: Membership | None) -> bool:
    """The aandachtsfunctionaris sees every casus of the organisation."""
    return heeft_recht(membership, Recht.ALLE_CASUSSEN)


def mag_casus_openen(membership: Membership | None) -> bool:
    return heeft_recht(membership, Recht.CASUS_OPENEN)


def mag_gebruikers_beheren(membership: Membership | None) -> bool:
    return heeft_recht(membership, Recht.GEBRUIKERS_BEHEREN)


def mag_sociale_kaart_beheren(membership: Membership | None) -> bool:
    return heeft_recht(membership, Recht.SOCIALE_KAART_BEHEREN)


def ziet_sociale_kaart(membership: Membership | None) -> bool:
    """Every member of the organisation reads its sociale kaart (no casus content in it); the
    deployment-wide kaderbeheerder is no member of its staff."""
    return _geldig(membership) and membership.rol != Rol.KADERBEHEERDER  # type: ignore[union-attr]


def mag_logboek_lezen(membership: Membership | None) -> bool:
    return heeft_recht(membership, Recht.LOGBOEK_LEZEN)


def mag_dashboard_zien(membership: Membership | None) -> bool:
    """The dashboard of the whole organisation (termijnen, casussen, besluiten, meldingen)."""
    return heeft_recht(membership, Recht.DASHBOARD)


def mag_jaarcijfers_zien(membership: Membership | None) -> bool:
    """The annual figures: anonymous counts with small numbers suppressed."""
    return heeft_recht(membership, Recht.JAARCIJFERS)


def mag_oefenen(membership: Membership | None) -> bool:
    """Practise the afwegingen on oefencasussen of the organisation (no casus involved)."""
    return heeft_recht(membership, Recht.OEFENEN)


def mag_oefencasussen_schrijven(membership: Membership | None) -> bool:
    """Write and withdraw oefencasussen, and see their totals (never per person): the
    aandachtsfunctionaris, who trains colleagues in the meldcode."""
    return heeft_recht(membership, Recht.OEFENCASUSSEN_SCHRIJVEN)


def mag_kaders_beheren(membership: Membership | None) -> bool:
    """Import, preview and publish framework versions (the kaderbeheerder, deployment-wide)."""
    return heeft_recht(membership, Recht.KADERS_BEHEREN)


def ziet_conceptkaders(membership: Membership | None) -> bool:
    """Concept versions are work in progress of the kaderbeheerders; others see published ones."""
    return mag_kaders_beheren(membership)


def mag_kaderversie_beheren(
    membership: Membership | None, beroepsorganisatie_id: int | None
) -> bool:
    """Write a framework id: only kaderbeheerders of the beroepsorganisatie that owns it.

    A framework without an owner (shipped with Meldwijzer, or loaded by the server's beheerder)
    is not the kaderbeheerders' to change; the command line publishes those.
    """
    return (
        mag_kaders_beheren(membership)
        and membership is not None
        and beroepsorganisatie_id is not None
        and beroepsorganisatie_id == membership.organisatie_id
    )


def mag_kader_kiezen(membership: Membership | None) -> bool:
    """Choose the organisation's framework (the beheerder; no casus content involved)."""
    return heeft_recht(membership, Recht.KADER_KIEZEN)


def mag_kaderversie_wisselen(membership: Membership | None, casus: Casus) -> bool:
    """Switching a running casus to a newer framework version is an explicit act of the owner
    or the aandachtsfunctionaris (the same people who share and hand over a casus)."""
    return mag_casus_delen(membership, casus)


def _organisatie_filter(membership: Membership) -> Q:
    """The organisation boundary. (A test replaces this to prove the canary check works.)"""
    return Q(organisatie_id=membership.organisatie_id)


def _gedeeld_met(membership: Membership, *, schrijven: bool = False) -> Q:
    """The casussen shared with this user and not withdrawn (``dossier.CasusDeling``);
    with ``schrijven`` only the shares that allow recording."""
    deling = apps.get_model("dossier", "CasusDeling")
    delingen = deling.objects.filter(
        met_id=membership.user_id,
        ingetrokken_op__isnull=True,
        casus__organisatie_id=membership.organisatie_id,
    )
    if schrijven:
        delingen = delingen.filter(recht="schrijven")
    # The ids first (a short query on the index of ``met``), then ``eigenaar = … OR id IN (…)``:
    # with a subquery in the OR, PostgreSQL scanned the whole casus table for every list of a
    # beroepskracht (300 ms at 1,000,000 casussen, docs/performance.md); with a list of ids it
    # combines the two indexes.
    return Q(pk__in=list(delingen.values_list("casus_id", flat=True)))


def casus_filter(membership: Membership | None) -> Q:
    """The casussen a membership may see, as a filter on the Casus table."""
    if not ziet_casusinhoud(membership):
        return Q(pk__in=[])
    assert membership is not None
    filter_ = _organisatie_filter(membership)
    if not ziet_alle_casussen(membership):
        filter_ &= Q(eigenaar_id=membership.user_id) | _gedeeld_met(membership)
    return filter_


def mag_casus_zien(membership: Membership | None, casus: Casus) -> bool:
    """The same rule as ``casus_filter``, for one casus already in hand."""
    return _mag(membership, casus, schrijven=False)


def mag_casus_bewerken(membership: Membership | None, casus: Casus) -> bool:
    """Owner and aandachtsfunctionaris record in a casus; a colleague only with a write share.

    The audit trail says who did what.
    """
    return _mag(membership, casus, schrijven=True)


def mag_casus_delen(membership: Membership | None, casus: Casus) -> bool:
    """Sharing and handing over: the owner and the aandachtsfunctionaris; a colleague it is
    shared with does not pass it on. (dossier.services.samenwerken.mag_delen says the same;
    it should call this.)"""
    return (
        ziet_casusinhoud(membership)
        and membership is not None
        and casus.organisatie_id == membership.organisatie_id
        and (casus.eigenaar_id == membership.user_id or ziet_alle_casussen(membership))
    )


def _mag(membership: Membership | None, casus: Casus, *, schrijven: bool) -> bool:
    if not ziet_casusinhoud(membership):
        return False
    assert membership is not None
    if casus.organisatie_id != membership.organisatie_id:
        return False
    if ziet_alle_casussen(membership) or casus.eigenaar_id == membership.user_id:
        return True
    gedeeld = _gedeeld_met(membership, schrijven=schrijven)
    return type(casus).objects.filter(gedeeld, pk=casus.pk).exists()


# --- the access log's basis, inzage exports, retention --------------------------------


def toegangsgrond(membership: Membership | None, casus: Casus) -> tuple[str, int | None]:
    """On which basis this membership opens this casus, and on whose behalf, for the access log
    (NEN 7513): the owner's own casus; any casus for the aandachtsfunctionaris; a colleague
    reading through a share acts on behalf of the owner (returned as the owner's user id)."""
    if membership is None:
        return "", None
    if casus.eigenaar_id == membership.user_id:
        return "eigenaar", None
    if ziet_alle_casussen(membership):
        return "aandachtsfunctionaris", None
    return "gedeeld", casus.eigenaar_id


def mag_inzage_exporteren(membership: Membership | None, casus: Casus) -> bool:
    """A casus's export for inzage or transfer (PDF, JSON): whoever may see the casus; every
    export is access-logged."""
    return mag_casus_zien(membership, casus)


def mag_bewaartermijn_instellen(membership: Membership | None) -> bool:
    """The organisation's retention period: its functioneel beheerder (no casus content)."""
    return mag_gebruikers_beheren(membership)


# --- transfer of a casus to another organisation --------------------------------------


def mag_casus_naar_organisatie_overdragen(membership: Membership | None, casus: Casus) -> bool:
    """Exporting a casus for another organisation (dossier.services.transfer): the same people
    who share and hand over a casus inside the organisation — its owner and the
    aandachtsfunctionaris."""
    return mag_casus_delen(membership, casus)


def mag_overgedragen_casus_ontvangen(membership: Membership | None) -> bool:
    """Importing a casus transferred from another organisation: whoever may open a casus here
    (beroepskracht, aandachtsfunctionaris); the importer becomes its owner."""
    return mag_casus_openen(membership)


# --- applications that use the API -----------------------------------------------


def mag_applicaties_beheren(membership: Membership | None) -> bool:
    """Registering and revoking applications (API tokens): the organisation's beheerder, as with
    users; the beheerder never sees casus content through it (``mag_namens_handelen``)."""
    return mag_gebruikers_beheren(membership)


def mag_namens_handelen(membership: Membership | None) -> bool:
    """An application acts for one user of the organisation who works with casussen (a
    beroepskracht or the aandachtsfunctionaris): never for a beheerder, privacy officer or
    kaderbeheerder, so a token never reaches more than such a user may see."""
    return ziet_casusinhoud(membership)
