from django.urls import path

from cases import api

urlpatterns = [
    path("cases/", api.CaseListCreateView.as_view(), name="api-cases"),
    path("cases/<int:pk>/", api.CaseDetailView.as_view(), name="api-case"),
    path("cases/<int:pk>/history/", api.CaseHistoryView.as_view(), name="api-case-history"),
    path("cases/<int:pk>/actions/", api.CaseActionView.as_view(), name="api-case-actions"),
    path("cases/<int:pk>/documents/", api.CaseDocumentsView.as_view(), name="api-case-documents"),
    path(
        "cases/<int:pk>/corrections/<int:item_id>/answer/",
        api.CorrectionAnswerView.as_view(),
        name="api-case-correction-answer",
    ),
    path(
        "cases/<int:pk>/corrections/<int:item_id>/decision/",
        api.CorrectionDecisionView.as_view(),
        name="api-case-correction-decision",
    ),
    path("cases/<int:pk>/documents/<int:doc_id>/file/", api.DocumentFileView.as_view(), name="api-case-document"),
    path("cartable/", api.CartableView.as_view(), name="api-cartable"),
    path("track/<str:code>/", api.TrackView.as_view(), name="api-track"),
]
