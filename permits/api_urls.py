from django.urls import path

from permits import api

urlpatterns = [
    path("cases/<int:pk>/permit.pdf", api.PermitPdfView.as_view(), name="api-permit-pdf"),
    path("permits/<path:number>/", api.PermitDetailView.as_view(), name="api-permit"),
]
