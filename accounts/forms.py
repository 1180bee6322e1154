from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

# Citizens sign in with their mobile and a one-time SMS code (/accounts/citizen/), never with a password: a
# password a citizen account happens to carry (add_user, an old import) opens nothing.
CITIZEN_PASSWORD = _("Citizens sign in with their mobile and national ID and a one-time code sent by SMS.")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is wrong. Note that both are case-sensitive."),
        "inactive": _("This account is inactive."),
        "citizen": CITIZEN_PASSWORD,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"class": "form-control", "autofocus": True, "dir": "ltr"})
        self.fields["password"].widget.attrs.update({"class": "form-control", "dir": "ltr"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.role == Role.CITIZEN:
            raise forms.ValidationError(self.error_messages["citizen"], code="citizen")
