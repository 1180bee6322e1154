from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from offices import models


@admin.register(models.Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "bill_company_code")


@admin.register(models.District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ("number", "name", "municipality")
    list_filter = ("municipality",)


@admin.register(models.Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "order", "is_active")
    list_editable = ("order", "is_active")


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "starts_on", "ends_on", "employment_starts_on", "employment_ends_on", "employment_file")


class ContractInline(admin.TabularInline):
    model = models.Contract
    extra = 0
    fields = ("number", "starts_on", "ends_on", "signed_file")
    show_change_link = True


@admin.register(models.Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "district", "status", "is_selected", "licence_expires_on")
    list_filter = ("district", "status", "is_selected", "services")
    search_fields = ("code", "name", "address")
    filter_horizontal = ("services",)
    autocomplete_fields = ("manager",)
    inlines = [ContractInline, MembershipInline]


@admin.register(models.OfficeChange)
class OfficeChangeAdmin(admin.ModelAdmin):
    list_display = ("office", "kind", "effective_on", "reason")
    list_filter = ("kind",)


@admin.register(models.Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ("number", "office", "starts_on", "ends_on")
    search_fields = ("number", "office__name", "office__code")
    filter_horizontal = ("services",)


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "office", "district", "starts_on", "ends_on")
    list_filter = ("role", "district")
    search_fields = ("user__username", "user__first_name", "user__last_name", "office__code")
    autocomplete_fields = ("user", "office")


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_on", "ends_on", "hours")
    inlines = [AttendanceInline]


@admin.register(models.Instruction)
class InstructionAdmin(admin.ModelAdmin):
    list_display = ("title", "published_on")
    search_fields = ("title", "text")
