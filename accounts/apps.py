from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The admin has registered every app's models by now (django.contrib.admin comes first and discovers
        # them): those that do not keep to a city are closed to a city's administrator.
        from django.contrib import admin

        from accounts.admin_scope import close_unscoped_admins

        close_unscoped_admins(admin.site)
        # django-axes names its app by its label only ("Axes"), which no translation reaches.
        axes = apps.get_app_config("axes")
        axes.verbose_name = _("Sign-in throttling")
