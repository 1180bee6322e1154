"""Django's password rules with our own (Persian) messages."""

from django.contrib.auth import password_validation as base
from django.utils.translation import gettext as _


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("The password is too similar to the %(verbose_name)s.")

    def get_help_text(self):
        return _("The password cannot be like your username, name or e-mail.")


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self):
        return _("The password is too short: it needs at least %(min_length)d characters.")

    def get_help_text(self):
        return _("At least %(min_length)d characters.") % {"min_length": self.min_length}


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common.")

    def get_help_text(self):
        return _("Not a commonly used password.")


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self):
        return _("The password cannot be only digits.")

    def get_help_text(self):
        return _("Not only digits.")
