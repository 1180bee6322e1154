from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("supervision/messages/", views.messages, name="messages"),
    path("supervision/messages/<int:pk>/resend/", views.resend, name="message_resend"),
]
