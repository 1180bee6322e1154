from django.urls import path

from billing import api

urlpatterns = [
    path("services/", api.ServiceCatalogView.as_view(), name="api-services"),
    path("payments/", api.PaymentCreateView.as_view(), name="api-payments"),
]
