from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import otp_views
from accounts.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("citizen/", otp_views.ask_for_code, name="citizen_sign_in"),
    path("citizen/code/", otp_views.enter_code, name="citizen_sign_in_code"),
    path("citizen/code/again/", otp_views.send_again, name="citizen_sign_in_again"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
