from django.urls import path

from inspections import api

urlpatterns = [
    path("inspections/", api.VisitListView.as_view(), name="api-visits"),
    path("inspections/workload/", api.WorkloadView.as_view(), name="api-inspections-workload"),
    path("inspections/proposal/<int:case_id>/", api.ProposalView.as_view(), name="api-inspection-proposal"),
    path("inspections/assign/<int:case_id>/", api.AssignView.as_view(), name="api-inspection-assign"),
    path("inspections/reports/<int:pk>/pdf/", api.ReportPdfView.as_view(), name="api-visit-report-pdf"),
    path("inspections/<int:pk>/", api.VisitDetailView.as_view(), name="api-visit"),
    path("inspections/<int:pk>/schedule/", api.ScheduleView.as_view(), name="api-visit-schedule"),
    path("inspections/<int:pk>/reassign/", api.ReassignView.as_view(), name="api-visit-reassign"),
    path("inspections/<int:pk>/report/", api.ReportView.as_view(), name="api-visit-report"),
    path("inspections/<int:pk>/report/correction/", api.CorrectionView.as_view(), name="api-visit-correction"),
]
