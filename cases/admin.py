from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import CityScopedAdmin
from cases import calendar
from cases.models import Case, Document, Holiday, Property, StepDuration
from core.jalali import format_jalali


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
    inlines = [DocumentInline]
    readonly_fields = ("history",)

    @admin.display(description=_("history"))
    def history(self, case):
        """The file's history, oldest first. (Its rows are keyed by file and seq: Django's admin does not
        show such rows as an inline, so they are listed here.)"""
        rows = [
            (r.seq, r.action, r.from_state, r.to_state, r.actor or "", r.note, format_jalali(r.at, "%Y/%m/%d %H:%M"))
            for r in case.transitions.select_related("actor").order_by("seq")
        ]
        heads = (_("action"), _("from"), _("to"), _("Done by"), _("note"), _("at"))
        return format_html(
            "<table><thead><tr><th>#</th>{}</tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<th>{}</th>", ((h,) for h in heads)),
            format_html_join("", "<tr>" + "<td>{}</td>" * 7 + "</tr>", rows),
        )

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
