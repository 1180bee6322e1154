# Importing django_jalali.admin swaps the admin's date widget for a Jalali one on every jDateField.
import django_jalali.admin  # noqa: F401
from django import forms
from django.contrib import admin
from django.db.models import FileField
from django.utils.translation import gettext_lazy as _
from django_jalali.admin.filters import JDateFieldListFilter

from accounts.admin_scope import CityScopedAdmin, HistoryAdmin, NationalAdmin
from accounts.tenancy import sees_every_city
from core.jalali import format_jalali
from core.validators import to_persian_digits
from offices import models, outlines
from offices.forms import AttachmentField

# Contracts, employment contracts and instruction attachments are checked by content here as on the pages.
CHECKED_UPLOADS = {FileField: {"form_class": AttachmentField}}


def jalali_column(field, label):
    """A list column showing a date field in Jalali with Persian digits."""

    def column(obj):
        return format_jalali(getattr(obj, field)) or "—"

    column.short_description = label
    column.admin_order_field = field
    return column


class MunicipalityForm(forms.ModelForm):
    """The districts' outlines arrive as a GeoJSON file; what the map needs is kept from it."""

    outlines_file = forms.FileField(
        label=_("district outlines (GeoJSON)"),
        required=False,
        help_text=_(
            "A FeatureCollection of the districts' polygons, each with its district's number in a "
            "“district” property. The public map draws them when no tile server is configured."
        ),
    )
    remove_outlines = forms.BooleanField(label=_("remove the outlines"), required=False)

    class Meta:
        model = models.Municipality
        fields = ("code", "name", "bill_company_code", "letter_header", "district_outlines_note")

    def clean_outlines_file(self):
        upload = self.cleaned_data.get("outlines_file")
        if not upload:
            return None
        if upload.size > outlines.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return outlines.parse_outlines(upload.read())

    def save(self, commit=True):
        if self.cleaned_data.get("outlines_file"):
            self.instance.district_outlines = self.cleaned_data["outlines_file"]
        elif self.cleaned_data.get("remove_outlines"):
            self.instance.district_outlines = {}
        return super().save(commit)


@admin.register(models.Municipality)
class MunicipalityAdmin(CityScopedAdmin, HistoryAdmin):
    """A city's administrator sees and edits their own city; only a platform administrator adds a city."""

    city_path = "pk"
    form = MunicipalityForm
    list_display = ("name", "code", "bill_company_code", "outlined_districts")
    readonly_fields = ("outlined_districts",)

    @admin.display(description=_("districts outlined"))
    def outlined_districts(self, obj):
        numbers = sorted({f["properties"]["district"] for f in (obj.district_outlines or {}).get("features", [])})
        return to_persian_digits("، ".join(map(str, numbers))) or "—"

    def has_add_permission(self, request):
        return sees_every_city(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return sees_every_city(request.user) and super().has_delete_permission(request, obj)


@admin.register(models.District)
class DistrictAdmin(CityScopedAdmin, HistoryAdmin):
    list_display = ("number", "name", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name",)


@admin.register(models.Service)
class ServiceAdmin(NationalAdmin, HistoryAdmin):
    list_display = ("code", "title", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("code", "title")


class MembershipInline(admin.TabularInline):
    formfield_overrides = CHECKED_UPLOADS
    model = models.Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "starts_on", "ends_on", "employment_starts_on", "employment_ends_on", "employment_file")


class ContractInline(admin.TabularInline):
    formfield_overrides = CHECKED_UPLOADS
    model = models.Contract
    fk_name = "office"
    extra = 0
    fields = ("number", "starts_on", "ends_on", "signed_file")
    show_change_link = True


@admin.register(models.Office)
class OfficeAdmin(CityScopedAdmin, HistoryAdmin):
    city_path = "district__municipality"
    list_display = (
        "code",
        "name",
        "district",
        "status",
        "is_selected",
        jalali_column("licence_expires_on", _("licence expires on")),
    )
    list_filter = ("district", "status", "is_selected", ("licence_expires_on", JDateFieldListFilter), "services")
    list_select_related = ("district",)
    search_fields = ("code", "name", "address")
    filter_horizontal = ("services",)
    autocomplete_fields = ("manager",)
    # Status and selection are public history: change them on the supervisor's office page, which records it.
    readonly_fields = ("status", "status_reason", "status_changed_on", "is_selected")
    inlines = [ContractInline, MembershipInline]


@admin.register(models.OfficeChange)
class OfficeChangeAdmin(CityScopedAdmin, admin.ModelAdmin):
    city_path = "office__district__municipality"
    list_display = ("office", "kind", jalali_column("effective_on", _("effective on")), "reason", "recorded_by")
    list_filter = ("kind", ("effective_on", JDateFieldListFilter))
    list_select_related = ("office", "recorded_by")
    search_fields = ("office__code", "office__name", "reason")
    autocomplete_fields = ("office", "recorded_by")


@admin.register(models.Contract)
class ContractAdmin(CityScopedAdmin, HistoryAdmin):
    formfield_overrides = CHECKED_UPLOADS
    list_display = (
        "number",
        "office",
        jalali_column("starts_on", _("starts on")),
        jalali_column("ends_on", _("ends on")),
    )
    list_filter = (("ends_on", JDateFieldListFilter),)
    list_select_related = ("office",)
    search_fields = ("number", "office__name", "office__code")
    filter_horizontal = ("services",)
    autocomplete_fields = ("office", "renews")


@admin.register(models.Membership)
class MembershipAdmin(CityScopedAdmin, HistoryAdmin):
    formfield_overrides = CHECKED_UPLOADS
    city_path = "district__municipality"
    list_display = (
        "user",
        "role",
        "office",
        "district",
        jalali_column("starts_on", _("starts on")),
        jalali_column("ends_on", _("ends on")),
    )
    list_filter = ("role", "district")
    list_select_related = ("user", "office", "district")
    search_fields = ("user__username", "user__first_name", "user__last_name", "office__code")
    autocomplete_fields = ("user", "office")


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(models.Course)
class CourseAdmin(CityScopedAdmin, admin.ModelAdmin):
    national_rows = True
    list_display = (
        "title",
        "kind",
        jalali_column("starts_on", _("starts on")),
        jalali_column("ends_on", _("ends on")),
        "hours",
        "required_for",
    )
    list_filter = ("kind",)
    search_fields = ("title",)
    inlines = [AttendanceInline]


class AcknowledgementInline(admin.TabularInline):
    model = models.Acknowledgement
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("at",)


@admin.register(models.Instruction)
class InstructionAdmin(CityScopedAdmin, admin.ModelAdmin):
    formfield_overrides = CHECKED_UPLOADS
    national_rows = True
    list_display = ("title", jalali_column("published_on", _("published on")), "audience", "published_by")
    list_select_related = ("published_by",)
    search_fields = ("title", "text")
    autocomplete_fields = ("published_by",)
    inlines = [AcknowledgementInline]
