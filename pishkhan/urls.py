from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import TokenView
from accounts.otp_api import OtpRequestView, OtpVerifyView
from portal import verify, views

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/me/", views.MeView.as_view(), name="api-me"),
    path("auth/otp/", OtpRequestView.as_view(), name="api-otp"),
    path("auth/otp/verify/", OtpVerifyView.as_view(), name="api-otp-verify"),
    path("", include("offices.api_urls")),
    path("", include("cases.api_urls")),
    path("letters/verify/<str:code>/", verify.VerifyView.as_view(), name="api-verify"),
    path("", include("inquiries.api_urls")),
    path("", include("permits.api_urls")),
    path("", include("inspections.api_urls")),
    path("", include("billing.api_urls")),
    path("", include("supervision.api_urls")),
]

admin.site.site_header = _("Pishkhan administration")
admin.site.site_title = _("Pishkhan administration")
admin.site.index_title = _("Data of the portal")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Browsers and tools ask for /favicon.ico whatever the page names.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("offices.urls")),
    path("", include("cases.urls")),
    path("verify/<str:code>", verify.verify_page, name="verify"),
    path("verify/<str:code>/", verify.verify_page),
    path("", include("inquiries.urls")),
    path("", include("permits.urls")),
    path("", include("inspections.urls")),
    path("", include("billing.urls")),
    path("", include("supervision.urls")),
    path("", include("notifications.urls")),
]

# Uploaded files are never served as plain media: views that need one check access and stream it.

handler400 = "portal.views.error_400"
handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"
