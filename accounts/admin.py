from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import CityScopedAdmin
from accounts.models import User


@admin.register(User)
class UserAdmin(CityScopedAdmin, BaseUserAdmin):
    hide_city_field = False  # shown, with the administrator's own city as the only choice
    list_display = ("username", "first_name", "last_name", "role", "municipality", "national_id", "mobile", "is_active")
    list_filter = ("role", "municipality", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "national_id", "mobile")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Pishkhan"), {"fields": ("role", "municipality", "national_id", "mobile")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Pishkhan"), {"fields": ("role", "municipality", "national_id", "mobile")}),
    )
