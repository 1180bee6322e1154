from django.urls import path

from inquiries.letters import api

urlpatterns = [
    path("cases/<int:pk>/letter.pdf", api.LetterPdfView.as_view(), name="api-case-letter"),
    path("letters/verify/<str:code>/", api.VerifyLetterView.as_view(), name="api-letter-verify"),
]
