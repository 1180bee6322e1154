from django.urls import path

from cases.views import cartable, detail, files, parcel, register, track

app_name = "cases"
urlpatterns = [
    path("cartable/", cartable.cartable, name="cartable"),
    path("my/", cartable.mine, name="mine"),
    path("track/", track.track, name="track"),
    path("cases/", files.files, name="list"),
    path("cases/export.xlsx", files.export, name="export"),
    path("cases/find/", files.find, name="find"),
    path("cases/new/", register.choose_service, name="register"),
    path("cases/new/property-files/", register.property_lookup, name="property_files"),
    path("cases/new/parcel/", parcel.parcel, name="parcel"),
    path("cases/new/<slug:service_code>/", register.register, name="register_service"),
    path("cases/<int:pk>/", detail.detail, name="detail"),
    path("cases/<int:pk>/actions/<slug:action>/", detail.act, name="act"),
    path("cases/<int:pk>/quick/<slug:action>/", cartable.quick_action, name="quick_action"),
    path("cases/<int:pk>/documents/", detail.upload, name="upload"),
    path(
        "cases/<int:pk>/corrections/<int:item_id>/<slug:verb>/",
        detail.correction,
        name="correction",
    ),
    path("cases/<int:pk>/documents/<int:doc_id>/", detail.document, name="document"),
]
