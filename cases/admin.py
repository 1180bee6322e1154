from django.contrib import admin

from accounts.admin_scope import CityScopedAdmin
from cases import calendar
from cases.models import Case, Document, Holiday, Property, StepDuration, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = ("seq", "action", "from_state", "to_state", "actor", "note", "at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    can_delete = False
    fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(CityScopedAdmin, admin.ModelAdmin):
    city_path = "district__municipality"
    """Read-only: files change only through their actions (the pages, the API)."""

    list_display = ("tracking_code", "service", "state", "office", "district", "deadline", "created_at")
    list_filter = ("state", "service", "district", "channel")
    search_fields = ("tracking_code", "applicant_national_id", "applicant_last_name", "parcel__renewal_code")
    list_select_related = ("service", "office", "district")
    inlines = [DocumentInline, TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Property)
class PropertyAdmin(CityScopedAdmin, admin.ModelAdmin):
    list_display = ("renewal_code", "district", "use", "on_record", "has_violation")
    list_filter = ("district", "use", "on_record", "has_violation")
    search_fields = ("renewal_code", "address")


@admin.register(Holiday)
class HolidayAdmin(CityScopedAdmin, admin.ModelAdmin):
    national_rows = True
    list_display = ("date", "name", "is_manual")
    list_filter = ("is_manual",)
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.is_manual = True
        super().save_model(request, obj, form, change)
        calendar.forget_holidays()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar.forget_holidays()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar.forget_holidays()


@admin.register(StepDuration)
class StepDurationAdmin(CityScopedAdmin, admin.ModelAdmin):
    national_rows = True
    list_display = ("service", "state", "working_days")
    list_filter = ("service",)
    list_editable = ("working_days",)
