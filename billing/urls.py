from django.urls import path

from billing.views import duties, gateway, reconciliation, settlement, slips

app_name = "billing"
urlpatterns = [
    path("billing/slips/", slips.slip_list, name="slips"),
    path("billing/slips/<int:pk>/", slips.slip_detail, name="slip"),
    path("billing/slips/<int:pk>/slip.pdf", slips.slip_pdf, name="slip_pdf"),
    path("billing/slips/<int:pk>/pay/", gateway.pay, name="pay"),
    path("billing/slips/<int:pk>/ask-bank/", gateway.ask_bank, name="ask_bank"),
    path("billing/slips/<int:pk>/pos/", slips.record_pos, name="pos"),
    path("billing/gateway/callback/", gateway.gateway_callback, name="gateway_callback"),
    path("billing/bank/<str:token>/", gateway.fake_bank, name="fake_bank"),
    path("billing/renewal/", duties.renewal, name="renewal"),
    path("billing/vehicle/", duties.vehicle, name="vehicle"),
    path("billing/reconciliation/", reconciliation.imports, name="imports"),
    path("billing/reconciliation/upload/", reconciliation.upload, name="upload"),
    path("billing/reconciliation/<int:pk>/", reconciliation.import_detail, name="import"),
    path("billing/reconciliation/<int:pk>/progress/", reconciliation.import_progress, name="import_progress"),
    path("billing/reconciliation/<int:pk>/results.csv", reconciliation.import_csv, name="import_csv"),
    path("billing/settlement/", settlement.settlement, name="settlement"),
    path("billing/settlement/export.xlsx", settlement.settlement_excel, name="settlement_excel"),
]
