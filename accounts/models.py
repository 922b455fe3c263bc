from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from audit.tracking import tracked


class Role(models.TextChoices):
    NATIONAL_MANAGER = "national_manager", _("National manager")
    TEAM_LEADER = "team_leader", _("Team leader")
    CASE_WORKER = "case_worker", _("Case worker")
    SUPPORT_WORKER = "support_worker", _("Support worker")
    VOLUNTEER = "volunteer", _("Volunteer")
    POLICE_REFERRER = "police_referrer", _("Police referrer")
    ANALYST = "analyst", _("Analyst")


# Roles that belong to one region's team.
REGIONAL_ROLES = {Role.TEAM_LEADER, Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.VOLUNTEER}
# Roles that may hold cases as lead case worker.
CASE_HOLDING_ROLES = {Role.CASE_WORKER, Role.TEAM_LEADER}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("role", Role.NATIONAL_MANAGER)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


@tracked(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: staff of the service, volunteers, police referrers and analysts."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        "organisation.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    police_force = models.ForeignKey(
        "organisation.PoliceForce", on_delete=models.PROTECT, null=True, blank=True, related_name="referrers"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when a manager removes a lost authenticator, so that the reset is in the account's history.
    second_factor_reset_at = models.DateTimeField(_("second factor last reset"), null=True, blank=True)
    # Languages other than English the person can work in, so a case worker or volunteer can be matched to a family.
    languages = ArrayField(
        models.CharField(max_length=40), verbose_name=_("languages other than English"), default=list, blank=True
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="regional_roles_have_a_region",
                condition=~models.Q(role__in=sorted(r.value for r in REGIONAL_ROLES)) | models.Q(region__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0]

    @property
    def role_label(self) -> StrOrPromise:
        return Role(self.role).label

    if TYPE_CHECKING:
        # django_otp's OTPMiddleware sets this on the signed-in user of each request.
        def is_verified(self) -> bool: ...

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


@tracked(exclude=["last_used_at"])
class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is kept: the secret is shown once, when made.

    A token is never deleted, so its history stays; it ends when revoked (by its holder, or by a password change,
    second-factor reset or deactivation) or when it expires.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    # The secret's first characters, so its holder can tell which token a script uses.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
