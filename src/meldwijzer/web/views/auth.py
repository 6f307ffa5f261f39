"""Logging in with two factors, setting them up at first login, the own account, logging out.

The login is two steps. The password step (django-axes counts failures) only remembers, in a
fresh session, whose password was right; nobody is logged in yet. The second step — the app's
code or a recovery code, or setting up the app at first login — calls ``django.contrib.auth.login``
(a new session id again) and ``django_otp.login``. Until then every page but these answers as to
an anonymous visitor. Failed codes count towards the same lockout as failed passwords.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from meldwijzer.accounts import adresrem
from meldwijzer.accounts.gebeurtenissen import leg_inlog_vast
from meldwijzer.accounts.middleware import start_sessie
from meldwijzer.accounts.models import HerstelcodeApparaat, Inloggebeurtenis, User
from meldwijzer.accounts.sso_instelling import sso_aan
from meldwijzer.accounts.tweestaps import (
    beeindig_sessies,
    bevestig_totp,
    controleer_tweede_factor,
    geheim_in_groepen,
    heeft_tweestaps,
    herstel_apparaat,
    nieuw_totp_apparaat,
    qr_svg,
    totp_apparaat,
    vernieuw_herstelcodes,
)
from meldwijzer.web.accountforms import AppCodeForm, CodeForm, InlogForm, WachtwoordWijzigenForm

IN_AFWACHTING = "meldwijzer_tweede_stap"
INGELOGD_VIA = "meldwijzer_ingelogd_via"
# The ID token of an SSO login, for logging out at the identity provider (web.views.sso).
IDBEWIJS_IN_SESSIE = "meldwijzer_sso_id_token"
WEINIG_HERSTELCODES = 3


def veilige_vervolg_url(request: HttpRequest, url: str | None) -> str:
    """``next`` only when it stays on this site (no open redirect); else the start page."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _in_afwachting(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """The user whose password was right in this session, if that was recent."""
    gegevens = request.session.get(IN_AFWACHTING)
    if not isinstance(gegevens, dict):
        return None
    if time.time() - float(gegevens.get("tijd", 0)) > settings.MELDWIJZER_TWEESTAPS_GELDIG:
        del request.session[IN_AFWACHTING]
        return None
    user_id = gegevens.get("user")  # the pk, as inloggen stored it
    user = (
        User.objects.filter(pk=user_id, is_active=True).first()
        if isinstance(user_id, int)
        else None
    )
    if user is None:
        del request.session[IN_AFWACHTING]
        return None
    return user, gegevens


def _geblokkeerd(request: HttpRequest, user: User) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": user.username})


def _blokkade(request: HttpRequest, user: User) -> HttpResponse:
    request.session.pop(IN_AFWACHTING, None)
    return get_lockout_response(request, None, {"username": user.username})


def _blokkade_van_ingelogde(request: HttpRequest, user: User) -> HttpResponse:
    """A logged-in user whose account got locked: the session ends too."""
    logout(request)
    return get_lockout_response(request, None, {"username": user.username})


def _code_fout(request: HttpRequest, user: User, form: CodeForm | AppCodeForm) -> None:
    leg_inlog_vast(Inloggebeurtenis.Soort.CODE_FOUT, request=request, user=user)
    # Counts in django-axes like a wrong password: five wrong codes lock the account as well;
    # and towards the limit of this address.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )
    adresrem.tel_mislukt(request)
    form.add_error(
        "code",
        _(
            "Deze code klopt niet, of is al gebruikt. Wacht op de volgende code in de app en "
            "probeer het opnieuw."
        ),
    )


def _adres_geremd(
    request: HttpRequest, form: Any, naam: str, user: User | None = None, **details: Any
) -> bool:
    """Whether this address is slowed for this username now; if so, the attempt is recorded and
    the form says when to try again. The caller then checks no password or code, so no account
    counts a failure and none is locked (docs/security.md § 2)."""
    if not adresrem.geremd(request) or adresrem.bekend_apparaat(request, naam):
        return False
    leg_inlog_vast(
        Inloggebeurtenis.Soort.ADRES_GEREMD,
        request=request,
        user=user or User.objects.filter(username=naam).first(),
        gebruikersnaam=naam,
        **details,
    )
    minuten = adresrem.minuten_tot_vrij(request)
    form.add_error(
        None,
        ngettext(
            "Er zijn vanaf dit netwerkadres te veel mislukte inlogpogingen gedaan. "
            "Probeer het over %(minuten)s minuut opnieuw. Logde u eerder in met deze "
            "browser, dan kunt u wel gewoon inloggen.",
            "Er zijn vanaf dit netwerkadres te veel mislukte inlogpogingen gedaan. "
            "Probeer het over %(minuten)s minuten opnieuw. Logde u eerder in met deze "
            "browser, dan kunt u wel gewoon inloggen.",
            minuten,
        )
        % {"minuten": minuten},
    )
    return True


def _via(gegevens: dict[str, Any]) -> dict[str, Any]:
    return {"via": gegevens["via"]} if gegevens.get("via") else {}


def _geremd_antwoord(request: HttpRequest, antwoord: HttpResponse) -> HttpResponse:
    antwoord.status_code = 429
    antwoord["Retry-After"] = str(adresrem.seconden_tot_vrij(request))
    return antwoord


def rond_inloggen_af(
    request: HttpRequest, user: User, apparaat: Any, gegevens: dict[str, Any], **details: Any
) -> str:
    """Both factors passed: log in (a new session id), remember the device, start the clocks.

    ``gegevens["via"]`` is ``"sso"`` after the organisation's identity provider (web.views.sso);
    ``details`` add to the login event (how the provider asserted the second factor)."""
    user.otp_device = apparaat  # type: ignore[attr-defined]  # django_otp.login on user_logged_in
    auth_login(request, user, backend=gegevens["backend"])
    start_sessie(request)
    vastleggen: dict[str, Any] = {"tweede_factor": type(apparaat).__name__}
    if gegevens.get("via"):
        vastleggen["via"] = gegevens["via"]
        request.session[INGELOGD_VIA] = gegevens["via"]
    vastleggen.update(details)
    leg_inlog_vast(Inloggebeurtenis.Soort.INGELOGD, request=request, user=user, **vastleggen)
    return veilige_vervolg_url(request, gegevens.get("next"))


@sensitive_post_parameters("password")
@csrf_protect
def inloggen(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    vervolg = request.POST.get("next") or request.GET.get("next") or ""
    form = InlogForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        naam = form.cleaned_data["username"]
        if _adres_geremd(request, form, naam):
            status = 429
            user = None
        else:
            user = authenticate(request, username=naam, password=form.cleaned_data["password"])
            if user is None:
                adresrem.tel_mislukt(request)
                leg_inlog_vast(
                    Inloggebeurtenis.Soort.WACHTWOORD_FOUT,
                    request=request,
                    user=User.objects.filter(username=naam).first(),
                    gebruikersnaam=naam,
                )
                form.add_error(None, _("Controleer uw gebruikersnaam en wachtwoord."))
        if user is not None:
            request.session.cycle_key()
            request.session[IN_AFWACHTING] = {
                "user": user.pk,
                "tijd": time.time(),
                "backend": user.backend,  # type: ignore[attr-defined]
                "next": veilige_vervolg_url(request, vervolg),
            }
            if heeft_tweestaps(user):
                return redirect("web:inloggen_code")
            return redirect("web:tweestaps_instellen")
    antwoord = render(
        request,
        "account/inloggen.html",
        {
            "form": form,
            "next": vervolg,
            "reden": request.GET.get("reden", ""),
            "sso_aan": sso_aan(),
            "sso_naam": settings.MELDWIJZER_SSO_NAAM,
            "adres_geremd": status == 429,
        },
    )
    return _geremd_antwoord(request, antwoord) if status == 429 else antwoord


@sensitive_post_parameters("code")
@csrf_protect
def inloggen_code(request: HttpRequest) -> HttpResponse:
    afwachting = _in_afwachting(request)
    if afwachting is None:
        return redirect("web:inloggen")
    user, gegevens = afwachting
    if not heeft_tweestaps(user):
        return redirect("web:tweestaps_instellen")
    if _geblokkeerd(request, user):
        return _blokkade(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _adres_geremd(request, form, user.username, user, stap="code", **_via(gegevens)):
            return _geremd_antwoord(
                request, render(request, "account/inloggen_code.html", {"form": form})
            )
        apparaat = controleer_tweede_factor(user, form.cleaned_data["code"])
        if apparaat is None:
            _code_fout(request, user, form)
            if getattr(request, "axes_locked_out", False) or _geblokkeerd(request, user):
                return _blokkade(request, user)
        else:
            vervolg = rond_inloggen_af(request, user, apparaat, gegevens)
            if isinstance(apparaat, HerstelcodeApparaat):
                over = apparaat.ongebruikt()
                leg_inlog_vast(
                    Inloggebeurtenis.Soort.HERSTELCODE_GEBRUIKT,
                    request=request,
                    user=user,
                    over=over,
                )
                if over < WEINIG_HERSTELCODES:
                    messages.warning(
                        request,
                        ngettext(
                            "U hebt nog %(aantal)s herstelcode. Maak nieuwe aan bij Mijn account.",
                            "U hebt nog %(aantal)s herstelcodes. Maak nieuwe aan bij Mijn account.",
                            over,
                        )
                        % {"aantal": over},
                    )
            return adresrem.onthoud_apparaat(redirect(vervolg), request, user.username)
    return render(request, "account/inloggen_code.html", {"form": form})


@sensitive_post_parameters("code")
@csrf_protect
def tweestaps_instellen(request: HttpRequest) -> HttpResponse:
    """First login: scan the QR code (or type the key), confirm with a code, keep the recovery
    codes. Only reachable in the window after a correct password, for an account without app."""
    afwachting = _in_afwachting(request)
    if afwachting is None:
        return redirect("web:inloggen")
    user, gegevens = afwachting
    if heeft_tweestaps(user):
        return redirect("web:inloggen_code")
    if _geblokkeerd(request, user):
        return _blokkade(request, user)
    apparaat = nieuw_totp_apparaat(user)
    form = AppCodeForm(request.POST or None)
    geremd = False
    if request.method == "POST" and form.is_valid():
        geremd = _adres_geremd(
            request, form, user.username, user, stap="instellen", **_via(gegevens)
        )
        if not geremd:
            codes = bevestig_totp(apparaat, form.cleaned_data["code"])
            if codes is None:
                _code_fout(request, user, form)
                if getattr(request, "axes_locked_out", False) or _geblokkeerd(request, user):
                    return _blokkade(request, user)
            else:
                leg_inlog_vast(
                    Inloggebeurtenis.Soort.TWEESTAPS_INGESTELD, request=request, user=user
                )
                apparaat.refresh_from_db()
                vervolg = rond_inloggen_af(request, user, apparaat, gegevens)
                return adresrem.onthoud_apparaat(
                    render(
                        request, "account/herstelcodes.html", {"codes": codes, "vervolg": vervolg}
                    ),
                    request,
                    user.username,
                )
    antwoord = render(
        request,
        "account/tweestaps_instellen.html",
        {
            "form": form,
            # qr_svg builds the SVG from our own otpauth URL; no user input reaches it.
            "qr": mark_safe(qr_svg(apparaat)),  # noqa: S308
            "geheim": geheim_in_groepen(apparaat),
        },
    )
    return _geremd_antwoord(request, antwoord) if geremd else antwoord


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_pagina(request)


def _account_pagina(
    request: HttpRequest,
    wachtwoord_form: WachtwoordWijzigenForm | None = None,
    code_form: AppCodeForm | None = None,
) -> HttpResponse:
    user = request.user
    herstel = herstel_apparaat(user)  # type: ignore[arg-type]
    return render(
        request,
        "account/account.html",
        {
            "wachtwoord_form": wachtwoord_form or WachtwoordWijzigenForm(user),
            "code_form": code_form or AppCodeForm(),
            "app": totp_apparaat(user),  # type: ignore[arg-type]
            "herstelcodes_over": herstel.ongebruikt(),
        },
    )


@login_required
@require_POST
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def wachtwoord_wijzigen(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _geblokkeerd(request, user):  # type: ignore[arg-type]
        return _blokkade_van_ingelogde(request, user)  # type: ignore[arg-type]
    form = WachtwoordWijzigenForm(user, request.POST)
    if not form.is_valid():
        if form.has_error("old_password", "password_incorrect"):
            # Guessing the current password counts like a wrong password at the login, in the
            # same lockout and towards the limit of this address (docs/security.md § 2).
            leg_inlog_vast(
                Inloggebeurtenis.Soort.WACHTWOORD_FOUT,
                request=request,
                user=user,  # type: ignore[arg-type]
                waar="wachtwoord wijzigen",
            )
            user_login_failed.send(
                sender=__name__, credentials={"username": user.username}, request=request
            )
            adresrem.tel_mislukt(request)
            if getattr(request, "axes_locked_out", False) or _geblokkeerd(request, user):  # type: ignore[arg-type]
                return _blokkade_van_ingelogde(request, user)  # type: ignore[arg-type]
        return _account_pagina(request, wachtwoord_form=form)
    user = form.save()
    # The right current password proves what a login does: earlier failures of this username
    # stop counting towards a lockout, as after a login (AXES_RESET_ON_SUCCESS).
    if settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.reset_attempts(username=user.username)
    # Other sessions of this user end (their hash no longer matches); this one continues.
    update_session_auth_hash(request, user)
    leg_inlog_vast(Inloggebeurtenis.Soort.WACHTWOORD_GEWIJZIGD, request=request, user=user)
    messages.success(request, _("Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd."))
    return redirect("web:account")


@login_required
@require_POST
@sensitive_post_parameters("code")
def herstelcodes_vernieuwen(request: HttpRequest) -> HttpResponse:
    """New recovery codes, after a fresh code from the app (not from a recovery code)."""
    form = AppCodeForm(request.POST)
    user = request.user
    if form.is_valid():
        app = totp_apparaat(user)  # type: ignore[arg-type]
        if app is not None and app.verify_token(form.cleaned_data["code"].replace(" ", "")):
            codes = vernieuw_herstelcodes(user)  # type: ignore[arg-type]
            leg_inlog_vast(Inloggebeurtenis.Soort.HERSTELCODES_NIEUW, request=request, user=user)  # type: ignore[arg-type]
            return render(
                request,
                "account/herstelcodes.html",
                {"codes": codes, "vervolg": resolve_url("web:account")},
            )
        _code_fout(request, user, form)  # type: ignore[arg-type]
    return _account_pagina(request, code_form=form)


@login_required
@require_POST
def overal_uitloggen(request: HttpRequest) -> HttpResponse:
    user = request.user
    beeindig_sessies(user)  # type: ignore[arg-type]
    leg_inlog_vast(Inloggebeurtenis.Soort.SESSIES_BEEINDIGD, request=request, user=user)  # type: ignore[arg-type]
    logout(request)
    return redirect("web:inloggen")


@require_POST
def uitloggen(request: HttpRequest) -> HttpResponse:
    """Ends the session server-side (flushed from the session store), then the login page."""
    via = request.session.get(INGELOGD_VIA)
    id_token = request.session.get(IDBEWIJS_IN_SESSIE)
    if request.user.is_authenticated:
        details = {"via": via} if via else {}
        leg_inlog_vast(
            Inloggebeurtenis.Soort.UITGELOGD,
            request=request,
            user=request.user,
            **details,
        )
    logout(request)
    if via == "sso" and id_token and settings.MELDWIJZER_SSO_UITLOGGEN:
        # Logged in through the organisation: end the session at its identity provider too
        # (OpenID Connect RP-initiated logout), which sends the browser back to the login page.
        terug = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": terug,
                "client_id": settings.OIDC_RP_CLIENT_ID,
            }
        )
        return redirect(f"{settings.MELDWIJZER_SSO_UITLOGGEN}?{query}")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def csrf_fout(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form without (valid) CSRF token: refused, with a Dutch way forward."""
    return render(request, "403.html", {"reden": "csrf"}, status=403)
