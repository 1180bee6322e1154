from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import CityScopedAdmin, HistoryAdmin
from billing import models
from billing.forms import TariffAdminForm
from billing.services.tariffs import tariff_is_used
from core.jalali import format_jalali, to_jalali


def jalali_column(field, label):
    def column(obj):
        return format_jalali(getattr(obj, field)) or "—"

    column.short_description = label
    column.admin_order_field = field
    return column


@admin.register(models.Tariff)
class TariffAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    """Saving a tariff a slip used is refused (see TariffAdminForm.clean), and so is deleting it."""

    form = TariffAdminForm
    list_display = (
        "service",
        "year",
        jalali_column("valid_from", _("in force from")),
        "municipality_fee_rials",
        "counter_fee_rials",
        "approval_reference",
    )
    list_filter = ("year", "service")
    search_fields = ("service__title", "approval_reference")

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and tariff_is_used(obj))

    def save_model(self, request, obj, form, change):
        obj.year = to_jalali(obj.valid_from).year
        super().save_model(request, obj, form, change)


@admin.register(models.FeePolicy)
class FeePolicyAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    list_display = ("service", "fee_due")


@admin.register(models.RenewalRate)
class RenewalRateAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    list_display = ("year", "use", "rate_per_mille", "approval_reference")
    list_filter = ("year", "use")


@admin.register(models.VehicleDutyRate)
class VehicleDutyRateAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    list_display = ("year", "vehicle_class", "min_age", "max_age", "amount_rials")
    list_filter = ("year", "vehicle_class")


@admin.register(models.SurchargeRule)
class SurchargeRuleAdmin(CityScopedAdmin, HistoryAdmin):
    national_rows = True
    list_display = ("from_year", "percent_per_month", "cap_percent")


@admin.register(models.PropertyAssessment)
class PropertyAssessmentAdmin(CityScopedAdmin, HistoryAdmin):
    city_path = "parcel__municipality"
    list_display = ("parcel", "year", "assessed_value_rials")
    list_filter = ("year",)
    search_fields = ("parcel__renewal_code",)
    raw_id_fields = ("parcel",)


@admin.register(models.Vehicle)
class VehicleAdmin(CityScopedAdmin, HistoryAdmin):
    list_display = ("plate", "vehicle_class", "model_year", "registered_year", "owner_name")
    list_filter = ("vehicle_class",)
    search_fields = ("plate", "vin", "owner_national_id", "owner_name")


class SlipItemInline(admin.TabularInline):
    model = models.SlipItem
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "year", "base_rials", "amount_rials", "description", "live")
    fields = readonly_fields


@admin.register(models.FeeSlip)
class FeeSlipAdmin(CityScopedAdmin, admin.ModelAdmin):
    """Slips are written by the services only: read here, never edited."""

    list_display = (
        "bill_id",
        "payment_id",
        "kind",
        "status",
        "amount_rials",
        "office",
        jalali_column("issued_at", _("issued at")),
    )
    list_filter = ("kind", "status")
    search_fields = ("bill_id", "payment_id", "payer_national_id", "payer_name")
    inlines = [SlipItemInline]
    list_select_related = ("office",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Payment)
class PaymentAdmin(CityScopedAdmin, admin.ModelAdmin):
    city_path = "slip__municipality"
    list_display = ("reference", "slip", "amount_rials", "channel", "bank", jalali_column("paid_at", _("paid at")))
    list_filter = ("channel", "bank")
    search_fields = ("reference", "slip__bill_id")
    list_select_related = ("slip",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.OnlinePayment)
class OnlinePaymentAdmin(CityScopedAdmin, admin.ModelAdmin):
    city_path = "slip__municipality"
    """Trips to the bank's gateway, with what the bank answered: read only."""

    list_display = (
        "id",
        "slip",
        "gateway",
        "status",
        "amount_rials",
        "rrn",
        jalali_column("started_at", _("started at")),
    )
    list_filter = ("status", "gateway")
    search_fields = ("rrn", "slip__bill_id", "token")
    list_select_related = ("slip",)
    exclude = ("token",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.BankImport)
class BankImportAdmin(CityScopedAdmin, admin.ModelAdmin):
    city_path = "municipality"
    list_display = ("file_name", "bank", "status", "total_rows", "processed_rows", "uploaded_at")
    exclude = ("content",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
