"""Login lockout in two tiers (django-axes), logged so an operator can see who is attacked.

- By account and address: `AXES_FAILURE_LIMIT` wrong passwords for one account from one address
  lock that account from that address. An attacker cannot lock an editor out from the editor's
  own address.
- By account alone: `LOGIN_ACCOUNT_FAILURE_LIMIT` (much higher) wrong passwords for one account,
  from however many addresses, lock it everywhere except from addresses it logged in from in the
  last `KNOWN_ADDRESS_DAYS` days; that stops guessing spread over many addresses without letting
  the guesser keep the editor out of their usual desk.
"""

import hashlib
import hmac
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

KNOWN_ADDRESS_DAYS = 30


def log_tag(value):
    """A short keyed hash of a username or address for the log: the same value always gives the
    same tag, so an operator sees one account attacked from one place, and can check a suspect
    value with `manage.py login_log_tag VALUE`; the log itself names no one."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, str(value or "").encode(), hashlib.sha256).hexdigest()[:12]


def client_str(username, ip_address, user_agent, path_info, request):
    """AXES_CLIENT_STR_CALLABLE: what axes' log lines say of a login attempt."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0]
    return f"{{user: {log_tag(username)}, address: {log_tag(ip_address)}, path: {path_info}}}"


def client_address(request):
    """AXES_CLIENT_IP_CALLABLE: the client's address. Behind `TRUSTED_PROXY_COUNT` proxies it is
    the one the outermost proxy saw, read from X-Forwarded-For (each proxy appends the address it
    was reached from, so the entries a client wrote itself come first and are ignored)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class TieredLockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the two tiers above. AXES_LOCKOUT_PARAMETERS lists the
    tiers in order: [["username", "ip_address"], "username"]."""

    def get_failures(self, request, credentials=None):
        """Failures counted against AXES_FAILURE_LIMIT: this address's for the account, or the
        limit itself when the account tier locks it here."""
        by_address, by_account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_account >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT and not self._known_address(
            request, credentials
        ):
            return max(by_address, settings.AXES_FAILURE_LIMIT)
        return by_address

    def _known_address(self, request, credentials):
        username = get_client_username(request, credentials)
        since = timezone.now() - timedelta(days=KNOWN_ADDRESS_DAYS)
        return AccessLog.objects.filter(
            username=username, ip_address=request.axes_ip_address, attempt_time__gte=since
        ).exists()
