"""API token authentication that reads the user's roles in the same query as the token.

Every API request needs both: the token and its user to know who is asking, the
roles (``selectors.user_roles``) to know what they may see. On PostgreSQL one query
reads all three (the memberships as arrays); elsewhere, and for a token that does not
authenticate, DRF's own lookup answers, with its messages.
"""

from typing import Any

from django.db import connection
from rest_framework.authtoken.models import Token

from accounts.authentication import ExpiringTokenAuthentication
from renovations.selectors import user_roles_columns, user_roles_from_columns


class TokenWithRolesAuthentication(ExpiringTokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(key)
        token = (
            Token.objects.select_related("user")
            .annotate(**user_roles_columns("user_id"))
            .filter(key=key, user__is_active=True)
            .first()
        )
        if token is None:
            return super().authenticate_credentials(key)
        user_roles_from_columns(user=token.user, row=token)
        return self.unexpired(token.user, token)
