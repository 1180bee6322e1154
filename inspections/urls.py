from django.urls import path

from inspections.views import lists, panel, report

app_name = "inspections"
urlpatterns = [
    path("inspections/", lists.visit_list, name="visits"),
    path("inspections/day/", lists.day_plan, name="day_plan"),
    path("inspections/workload/", lists.workload, name="workload"),
    path("inspections/case/<int:case_id>/", panel.case_panel, name="case_panel"),
    path("inspections/case/<int:case_id>/assign/", panel.assign, name="assign"),
    path("inspections/case/<int:case_id>/correct/", report.start_correction, name="correct"),
    path("inspections/visits/<int:pk>/reassign/", panel.reassign, name="reassign"),
    path("inspections/visits/<int:pk>/schedule/", panel.schedule, name="schedule"),
    path("inspections/visits/<int:pk>/report/", report.report_form, name="report"),
    path("inspections/photos/<int:pk>/delete/", report.delete_photo, name="delete_photo"),
    path("inspections/photos/<int:pk>/<str:variant>/", report.photo_file, name="photo"),
    path("inspections/reports/<int:pk>/pdf/", report.report_pdf, name="report_pdf"),
]
