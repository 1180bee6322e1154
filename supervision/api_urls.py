from django.urls import path

from supervision import api

urlpatterns = [
    path("stats/annual/", api.AnnualStatsView.as_view(), name="api-stats-annual"),
]
