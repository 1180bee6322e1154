from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("supervision/messages/", views.messages, name="messages"),
    path("supervision/messages/<int:pk>/resend/", views.resend, name="message_resend"),
]
