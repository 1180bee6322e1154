"""One verification code, whatever it is printed on: a permit or certificate first, else a letter.

The portal wires the apps together here, so neither service app imports the other."""

from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from inquiries.letters import api as letters_api
from inquiries.letters import views as letters_views
from permits import api as permits_api
from permits import views as permits_views
from permits.selectors import by_code


class VerifyView(letters_api.VerifyLetterView):
    """Confirms a letter, a permit or a certificate from its code (public); ``kind`` says which."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, code):
        permit, certificate = by_code(code)
        if permit is not None:
            return Response(permits_api.verification_payload(permit, certificate))
        return super().get(request, code)


@require_http_methods(["GET", "POST"])
def verify_page(request, code):
    permit, certificate = by_code(code)
    if permit is not None:
        return permits_views.verify(request, permit, certificate)
    return letters_views.verify(request, code)
