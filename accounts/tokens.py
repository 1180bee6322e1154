"""API tokens that expire (``API_TOKEN_TTL_HOURS``) and die with a password change."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_lifetime():
    return datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def is_expired(token, now=None):
    return token.created <= (now or timezone.now()) - token_lifetime()


def issue_token(user):
    """The user's API token: the current one while it lives, else a new one. Every sign-in (password,
    one-time code) goes through here."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and not is_expired(token):
            return token
        if token is not None:
            token.delete()
        try:
            with transaction.atomic():
                return Token.objects.create(user=user)
        except IntegrityError:  # another sign-in of the same user at the same moment
            return Token.objects.get(user=user)


def revoke_tokens(user):
    Token.objects.filter(user=user).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; an expired token is deleted and answered 401."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise AuthenticationFailed(_("Your sign-in has expired. Sign in again."))
        return user, token
