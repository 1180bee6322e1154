from django.urls import path

from inquiries.letters import views

app_name = "inquiries"
urlpatterns = [
    path("verify/", views.verify_start, name="verify_start"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify),
    path("cases/<int:pk>/letter/panel/", views.panel, name="panel"),
    path("letters/<int:pk>/correct/", views.correct, name="correct"),
]
