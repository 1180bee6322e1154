"""One-time sign-in codes for citizens (accounts.otp), kept hashed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInCode(models.Model):
    """A code sent (or, for a mobile and national ID that lead to no citizen account, not sent) to a mobile.

    Only a keyed hash of the code is stored. Rows also count the requests per mobile and per
    address (the rate limits), so they are kept a day whether or not a code went out.
    """

    mobile = models.CharField(_("mobile"), max_length=11)
    national_id = models.CharField(_("national ID"), max_length=10)
    code_hash = models.CharField(max_length=64)
    salt = models.CharField(max_length=32)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    sent = models.BooleanField(_("sent"), default=True)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "accounts"
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [
            models.Index(fields=["mobile", "created_at"], name="signin_code_mobile"),
            models.Index(fields=["ip", "created_at"], name="signin_code_ip"),
            models.Index(fields=["created_at"], name="signin_code_age"),
        ]

    def __str__(self):
        return f"{self.mobile} · {self.created_at:%Y-%m-%d %H:%M}"
