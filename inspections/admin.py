"""Visits and reports in the admin: to look up, not to edit (writes go through inspections.services)."""

from django.contrib import admin

from accounts.admin_scope import CityScopedAdmin
from inspections.models import Visit, VisitPhoto, VisitReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(CityScopedAdmin, ReadOnlyAdmin):
    city_path = "case__district__municipality"
    list_display = ("case", "inspector", "state", "scheduled_on", "slot", "deadline", "reported_late", "untrained")
    list_filter = ("state", "untrained", "reported_late", "slot")
    search_fields = ("case__tracking_code", "inspector__username", "inspector__last_name")
    list_select_related = ("case", "inspector")
    date_hierarchy = "assigned_at"


class PhotoInline(admin.TabularInline):
    model = VisitPhoto
    fields = ("original_name", "width", "height", "size", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VisitReport)
class VisitReportAdmin(CityScopedAdmin, ReadOnlyAdmin):
    city_path = "case__district__municipality"
    list_display = ("case", "version", "status", "author", "visited_on", "submitted_at")
    list_filter = ("status", "building_state", "usage", "street_widening")
    search_fields = ("case__tracking_code", "author__username", "findings")
    list_select_related = ("case", "author")
    inlines = [PhotoInline]
