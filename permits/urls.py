from django.urls import path

from permits import views

app_name = "permits"

urlpatterns = [
    path("permits/", views.permit_list, name="list"),
    path("permits/<path:number>/", views.permit_detail, name="detail"),
]
