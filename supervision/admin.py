"""The supervision unit's tables in the admin. Violations are read here and worked on their pages
(every step must leave its event), so the admin shows them without letting anyone edit them."""

from django.contrib import admin

from accounts.admin_scope import CityScopedAdmin, HistoryAdmin
from supervision.models import Complaint, Policy, Violation, ViolationEvent, ViolationType, YearFigure


@admin.register(ViolationType)
class ViolationTypeAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    list_display = ("code", "title", "default_fine_rials", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "title")


@admin.register(Policy)
class PolicyAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    list_display = ("__str__", "response_days", "appeal_days", "overdue_after_days", "renewal_warning_score")


@admin.register(YearFigure)
class YearFigureAdmin(CityScopedAdmin, HistoryAdmin):
    list_display = ("municipality", "series", "year", "registered", "answered", "period_from", "period_to")
    list_filter = ("series", "municipality")


class EventInline(admin.TabularInline):
    model = ViolationEvent
    extra = 0
    can_delete = False
    fields = ("seq", "action", "from_state", "to_state", "actor", "note", "at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Violation)
class ViolationAdmin(CityScopedAdmin, ReadOnly):
    city_path = "office__district__municipality"
    list_display = ("pk", "office", "type", "source", "state", "decision", "created_at")
    list_filter = ("state", "source", "decision", "type")
    search_fields = ("office__code", "case__tracking_code", "complaint__tracking_code")
    list_select_related = ("office", "type")
    inlines = [EventInline]


@admin.register(Complaint)
class ComplaintAdmin(CityScopedAdmin, ReadOnly):
    city_path = "case__district__municipality"
    list_display = ("tracking_code", "case", "created_at")
    search_fields = ("tracking_code", "case__tracking_code")
    list_select_related = ("case",)
