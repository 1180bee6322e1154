from django.urls import path

from supervision.api import complaints, scorecards, stats, violations

urlpatterns = [
    path("stats/annual/", stats.AnnualStatsView.as_view(), name="api-stats-annual"),
    path("violations/", violations.ViolationListCreateView.as_view(), name="api-violations"),
    path("violations/<int:pk>/", violations.ViolationDetailView.as_view(), name="api-violation"),
    path("violations/<int:pk>/actions/", violations.ViolationActionView.as_view(), name="api-violation-actions"),
    path("violations/<int:pk>/evidence/", violations.EvidenceView.as_view(), name="api-violation-evidence"),
    path(
        "violations/<int:pk>/evidence/<int:evidence_id>/",
        violations.EvidenceFileView.as_view(),
        name="api-violation-evidence-file",
    ),
    path("complaints/", complaints.ComplaintCreateView.as_view(), name="api-complaints"),
    path("complaints/<str:code>/", complaints.ComplaintStateView.as_view(), name="api-complaint"),
    path("offices/<int:pk>/scorecard/", scorecards.ScorecardView.as_view(), name="api-office-scorecard"),
]
