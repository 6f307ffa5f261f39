"""Organisations, users and memberships: a user has one role per organisation (DESIGN.md)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from meldwijzer.audit.models import Logregel


class Organisatie(models.Model):
    naam = models.CharField(_("naam"), max_length=200)
    actief = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(
        _("demo-organisatie"),
        default=False,
        help_text=_("Alleen voor demonstratie; wordt in productie geweigerd."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


# django_otp ships no types: the plugin cannot type the reverse managers of its devices
# (herstelcodeapparaat_set, idpapparaat_set), which nothing here uses.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    is_demo = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Demo-accounts kunnen niet inloggen in productie."),
    )
    sessie_versie = models.PositiveIntegerField(
        _("sessieversie"),
        default=0,
        help_text=_("Ophogen beëindigt alle open sessies van deze gebruiker."),
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # not in django-stubs 5.2
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def weergavenaam(self) -> str:
        return self.naam_uit(self.first_name, self.last_name, self.username)

    @staticmethod
    def naam_uit(voornaam: str, achternaam: str, gebruikersnaam: str) -> str:
        """The display name from its columns (for rows read without a user instance): the
        full name as Django writes it, else the username."""
        return f"{voornaam} {achternaam}".strip() or gebruikersnaam

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django ends a session whose stored hash no longer matches: a new password did that
        # already; raising sessie_versie (account disabled, two-factor reset, "log out
        # everywhere") now does it too, server-side, on the session's next request.
        key_salt = "meldwijzer.accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}|{self.sessie_versie}", secret=secret, algorithm="sha256"
        ).hexdigest()


class Rol(models.TextChoices):
    BEROEPSKRACHT = "beroepskracht", _("Beroepskracht")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Aandachtsfunctionaris")
    BEHEERDER = "beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer / auditor")
    # Deployment-wide: writes and publishes afwegingskaders for the beroepsorganisatie that is
    # this membership's organisation; never sees a casus. Granted only by the server's beheerder
    # (`meldwijzer kader beheerder`), never through an organisation's user management.
    KADERBEHEERDER = "kaderbeheerder", _("Kaderbeheerder (beroepsorganisatie)")


# The roles an organisation's beheerder hands out (accounts.beheer); the kaderbeheerder is not one.
ROLLEN_VIA_BEHEER = tuple(r for r in Rol if r is not Rol.KADERBEHEERDER)


class Membership(models.Model):
    """A user's role in one organisation; every casus query is scoped by it."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
        db_index=False,
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    rol = models.CharField(_("rol"), max_length=32, choices=Rol.choices)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisatie"], name="uniek_lidmaatschap")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisatie} ({self.get_rol_display()})"


HERSTELCODE_ALFABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper
HERSTELCODE_LENGTE = 16  # 16 of 31 symbols: 79 bits, stored only as a salted SHA-256


def normaliseer_herstelcode(code: str) -> str:
    return "".join(t for t in (code or "").lower() if t.isalnum())


class HerstelcodeApparaat(ThrottlingMixin, Device):
    """The recovery codes of one user, as a django-otp device: each code works once.

    django-otp's own static device keeps its codes readable in the database; these are stored as
    salted hashes (ASVS 5.0 V6.5) and a used code stays on record, marked with when it was used.
    """

    class Meta:
        verbose_name = _("herstelcodes")
        verbose_name_plural = _("herstelcodes")

    def get_throttle_factor(self) -> int:
        return 1

    def vervang_codes(self, aantal: int = 10) -> list[str]:
        """New codes, replacing every earlier one; returns the plain codes to show once."""
        self.codes.all().delete()
        nieuw = []
        for _i in range(aantal):
            code = "".join(secrets.choice(HERSTELCODE_ALFABET) for _j in range(HERSTELCODE_LENGTE))
            zout = secrets.token_hex(16)
            self.codes.create(zout=zout, hash=Herstelcode.hash_van(zout, code))
            nieuw.append("-".join(code[i : i + 4] for i in range(0, HERSTELCODE_LENGTE, 4)))
        return nieuw

    def ongebruikt(self) -> int:
        return self.codes.filter(gebruikt_op__isnull=True).count()

    def verify_token(self, token: str) -> bool:
        toegestaan, _info = self.verify_is_allowed()
        if not toegestaan:
            return False
        code = normaliseer_herstelcode(token)
        if len(code) == HERSTELCODE_LENGTE:
            for kandidaat in self.codes.select_for_update().filter(gebruikt_op__isnull=True):
                if constant_time_compare(
                    Herstelcode.hash_van(kandidaat.zout, code), kandidaat.hash
                ):
                    kandidaat.gebruikt_op = timezone.now()
                    kandidaat.save(update_fields=["gebruikt_op"])
                    self.throttle_reset()
                    return True
        self.throttle_increment()
        return False


class Herstelcode(models.Model):
    apparaat = models.ForeignKey(
        HerstelcodeApparaat, on_delete=models.CASCADE, related_name="codes"
    )
    zout = models.CharField(max_length=32)
    hash = models.CharField(max_length=64)
    gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("herstelcode")
        verbose_name_plural = _("herstelcodes")

    @staticmethod
    def hash_van(zout: str, code: str) -> str:
        return hashlib.sha256(f"{zout}:{normaliseer_herstelcode(code)}".encode()).hexdigest()


class Inloggebeurtenis(Logregel):
    """One event of logging in, out or of the account's security, append-only.

    Failed attempts and lockouts are recorded for usernames that do not exist too; the privacy
    officer of an organisation reads the events of its members. Every event is a link in the
    hash chain of the whole installation (``audit.keten``, ADR 0011).
    """

    class Soort(models.TextChoices):
        INGELOGD = "ingelogd", _("ingelogd")
        WACHTWOORD_FOUT = "wachtwoord_fout", _("wachtwoord onjuist")
        CODE_FOUT = "code_fout", _("code van de tweede stap onjuist")
        GEBLOKKEERD = "geblokkeerd", _("geblokkeerd na herhaalde fouten")
        TWEESTAPS_INGESTELD = "tweestaps_ingesteld", _("tweestapsverificatie ingesteld")
        HERSTELCODE_GEBRUIKT = "herstelcode_gebruikt", _("herstelcode gebruikt")
        HERSTELCODES_NIEUW = "herstelcodes_nieuw", _("nieuwe herstelcodes gemaakt")
        WACHTWOORD_GEWIJZIGD = "wachtwoord_gewijzigd", _("wachtwoord gewijzigd")
        UITGELOGD = "uitgelogd", _("uitgelogd")
        SESSIE_VERLOPEN = "sessie_verlopen", _("sessie verlopen")
        SESSIES_BEEINDIGD = "sessies_beeindigd", _("alle sessies beëindigd")
        SSO_GEWEIGERD = "sso_geweigerd", _("inloggen via de organisatie geweigerd")
        ADRES_GEREMD = "adres_geremd", _("geremd: te veel mislukte pogingen vanaf dit adres")

    gebruiker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    gebruikersnaam = models.CharField(max_length=150, blank=True)
    soort = models.CharField(max_length=32, choices=Soort.choices)
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(null=True, blank=True)
    tijdstip = models.DateTimeField(default=timezone.now)
    volgnummer = models.PositiveBigIntegerField(editable=False)
    keten_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("inloggebeurtenis")
        verbose_name_plural = _("inloggebeurtenissen")
        ordering = ["tijdstip", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["volgnummer"], name="inloggebeurtenis_keten_uniek")
        ]
        indexes = [
            models.Index(fields=["gebruiker", "tijdstip"], name="inlog_gebruiker_tijd"),
            models.Index(fields=["tijdstip"], name="inlog_tijd"),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.soort} ({self.gebruikersnaam})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new event, however it is created, is linked into the installation's chain."""
        if self._state.adding and self.volgnummer is None:
            from meldwijzer.audit import keten

            keten.voeg_toe(self)
            return
        super().save(*args, **kwargs)


class SsoIdentiteit(models.Model):
    """Which account an identity of the organisation's identity provider (OpenID Connect) logs
    in to: the provider's ``iss`` and ``sub``, never the e-mail address (an address can be
    reused or changed at the provider; accounts.sso)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sso_identiteiten", verbose_name=_("gebruiker")
    )
    issuer = models.CharField(_("identity provider (iss)"), max_length=255)
    sub = models.CharField(_("identiteit bij de provider (sub)"), max_length=255)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("SSO-identiteit")
        verbose_name_plural = _("SSO-identiteiten")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="sso_identiteit_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.sub}"


class IdpApparaat(Device):
    """The second factor as the identity provider asserted it (``amr``/``acr`` in its ID token).

    A django-otp device so that the session rule "logged in only with a verified second factor"
    (accounts.middleware) holds for single sign-on too. It accepts no code: only the SSO login
    (accounts.sso) puts it on a session, and only after a token that asserts multi-factor login.
    """

    class Meta:
        verbose_name = _("tweede factor bij de identity provider")
        verbose_name_plural = _("tweede factor bij de identity provider")

    def verify_token(self, token: str) -> bool:
        return False
