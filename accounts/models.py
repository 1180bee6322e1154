from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_mobile, validate_national_id


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    TECHNICAL_OFFICER = "technical_officer", _("Technical officer")
    INSPECTOR = "inspector", _("Inspector")
    FOLLOWUP_OFFICER = "followup_officer", _("Follow-up officer")
    OFFICE_MANAGER = "office_manager", _("Office manager")
    MUNICIPAL_STAFF = "municipal_staff", _("Municipal staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


# Roles that work inside a counter office and so belong to one (or, for
# inspectors and follow-up officers, several offices of one district).
OFFICE_ROLES = frozenset({Role.TECHNICAL_OFFICER, Role.INSPECTOR, Role.FOLLOWUP_OFFICER, Role.OFFICE_MANAGER})
MUNICIPAL_ROLES = frozenset({Role.MUNICIPAL_STAFF, Role.SUPERVISOR, Role.ADMIN})
# The roles that work for one city and so always have one. An administrator without a city is the
# platform's; a citizen is the country's (what a citizen sees is their own files, in any city).
CITY_ROLES = (OFFICE_ROLES | MUNICIPAL_ROLES) - {Role.ADMIN}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.CITIZEN, db_index=True)
    national_id = models.CharField(
        _("national ID"), max_length=10, unique=True, null=True, blank=True, validators=[validate_national_id]
    )
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    # The tenant. Every member of staff belongs to one city; a platform administrator (role admin,
    # no municipality) sees every city. Citizens are the country's: what they see is their own files.
    # A string reference: accounts sits below offices and imports nothing of it.
    municipality = models.ForeignKey(
        "offices.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # set_password() was called: the API tokens issued under the old password die with it
        # (sessions die by Django's own session hash).
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            from accounts.tokens import revoke_tokens

            revoke_tokens(self)

    @property
    def is_office_staff(self):
        return self.role in OFFICE_ROLES

    @property
    def is_supervisor(self):
        return self.role in (Role.SUPERVISOR, Role.ADMIN)

    @property
    def is_platform_admin(self):
        """An administrator of the deployment, above every city (the only user without a city who sees any)."""
        return self.role == Role.ADMIN and self.municipality_id is None


def by_code_only():
    """A Q of the accounts that sign in only by an SMS code: the citizens' own (``accounts.otp`` makes them
    with no usable password). Such an account is its citizen's, never given a post."""
    return models.Q(role=Role.CITIZEN, password__startswith=UNUSABLE_PASSWORD_PREFIX)


from accounts.otp_models import SignInCode  # noqa: E402, F401 - the citizens' sign-in codes live in their own module
