from django.urls import path

from cases.views import cartable, detail, files, guided, parcel, register, track

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
    path("cases/new/<slug:service_code>/guided/", guided.start, name="guided_start"),
    path("cases/new/<slug:service_code>/guided/discard/", guided.discard, name="guided_discard"),
    path("cases/new/<slug:service_code>/guided/uploads/", guided.upload, name="guided_upload"),
    path("cases/new/<slug:service_code>/guided/<slug:step>/", guided.step_view, name="guided"),
    path("cases/drafts/documents/<int:pk>/", guided.document, name="draft_document"),
    path("cases/drafts/documents/<int:pk>/remove/", guided.remove, name="draft_document_remove"),
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
