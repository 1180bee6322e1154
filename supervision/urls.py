from django.urls import path

from supervision.views import complaints, followup, messages, reference, scorecards, stats, violations

app_name = "supervision"
urlpatterns = [
    path("supervision/messages/", messages.messages, name="messages"),
    path("supervision/messages/<int:pk>/resend/", messages.resend, name="message_resend"),
    # statistics
    path("supervision/statistics/", stats.statistics, name="dashboard"),
    path("supervision/statistics/export.xlsx", stats.statistics_excel, name="statistics_excel"),
    # violations
    path("supervision/violations/", violations.violation_list, name="violations"),
    path("supervision/violations/new/", violations.violation_create, name="violation_create"),
    path("supervision/violations/<int:pk>/", violations.violation_detail, name="violation"),
    path("supervision/violations/<int:pk>/act/<slug:action>/", violations.violation_act, name="violation_act"),
    path("supervision/violations/<int:pk>/evidence/", violations.violation_evidence, name="violation_evidence"),
    path(
        "supervision/violations/<int:pk>/evidence/<int:evidence_id>/",
        violations.evidence_file,
        name="violation_evidence_file",
    ),
    # the public complaint
    path("complaints/", complaints.complaint, name="complaint"),
    path("complaints/status/", complaints.complaint_status, name="complaint_status"),
    # scorecards
    path("supervision/scorecards/", scorecards.scorecard_home, name="scorecards"),
    path("supervision/scorecards/export.xlsx", scorecards.ranking_excel, name="scorecards_excel"),
    path("supervision/scorecards/office/<int:pk>/", scorecards.office_card, name="office_scorecard"),
    # the follow-up desk
    path("supervision/followup/", followup.desk, name="followup"),
    path("supervision/followup/<int:pk>/<slug:action>/", followup.act, name="followup_act"),
    # reference data
    path("supervision/reference/", reference.hub, name="reference"),
    path("supervision/reference/tariffs/", reference.tariffs, name="tariffs"),
    path("supervision/reference/tariffs/new/", reference.tariff_edit, name="tariff_create"),
    path("supervision/reference/tariffs/<int:pk>/", reference.tariff_edit, name="tariff"),
    path("supervision/reference/zonal-values/", reference.zonal_values, name="zonal_values"),
    path("supervision/reference/zonal-values/new/", reference.zonal_edit, name="zonal_create"),
    path("supervision/reference/zonal-values/import/", reference.zonal_import, name="zonal_import"),
    path("supervision/reference/zonal-values/<int:pk>/", reference.zonal_edit, name="zonal_value"),
    path("supervision/reference/courses/", reference.courses, name="courses"),
    path("supervision/reference/courses/new/", reference.course_edit, name="course_create"),
    path("supervision/reference/courses/<int:pk>/", reference.course_detail, name="course"),
    path("supervision/reference/courses/<int:pk>/edit/", reference.course_edit, name="course_edit"),
    path("supervision/reference/courses/<int:pk>/attendance/", reference.course_attendance, name="course_attendance"),
    path("supervision/reference/catalogue/", reference.catalogue, name="catalogue"),
    path("supervision/reference/catalogue/new/", reference.catalogue_edit, name="catalogue_create"),
    path("supervision/reference/catalogue/<int:pk>/", reference.catalogue_edit, name="catalogue_entry"),
    path("supervision/reference/rules/", reference.rules, name="rules"),
    path("supervision/reference/figures/", reference.figures, name="figures"),
    path("supervision/reference/figures/new/", reference.figure_edit, name="figure_create"),
    path("supervision/reference/figures/import/", reference.figure_import, name="figure_import"),
    path("supervision/reference/figures/<int:pk>/", reference.figure_edit, name="figure"),
]
