from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.forms import CITIZEN_PASSWORD
from accounts.models import Role
from accounts.tokens import issue_token


class LoginThrottle(AnonRateThrottle):
    rate = "30/min"


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer, auth=[])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request, so the lockout (django-axes) counts and flags this very request.
        user = authenticate(request._request, **data.validated_data)
        if user is None:
            raise serializers.ValidationError({"non_field_errors": [_("The username or password is wrong.")]})
        if user.role == Role.CITIZEN:
            raise serializers.ValidationError({"non_field_errors": [CITIZEN_PASSWORD]})
        # A signed-in event like the page's: last_login is kept and the lockout count cleared.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response({"token": issue_token(user).key})
