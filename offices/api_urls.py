from django.urls import path

from offices.api import DistrictListApi, OfficeChangeListApi, OfficeListApi

urlpatterns = [
    path("districts/", DistrictListApi.as_view(), name="api-districts"),
    path("offices/", OfficeListApi.as_view(), name="api-offices"),
    path("offices/changes/", OfficeChangeListApi.as_view(), name="api-office-changes"),
]
