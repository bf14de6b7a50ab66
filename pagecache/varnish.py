"""Purging Varnish by key (varnish-modules' xkey): `PURGE` with an `xkey-purge` header."""

import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

# Varnish refuses request headers over 8 KB by default; keys are sent in batches well below.
KEYS_PER_REQUEST = 100
TIMEOUT_SECONDS = 2


def purge(keys):
    """True when every configured Varnish confirmed; a failure is logged, never raised."""
    keys = list(keys)
    confirmed = True
    for url in settings.VARNISH_URLS:
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            batch = " ".join(keys[start : start + KEYS_PER_REQUEST])
            request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": batch})
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                    response.read()
            except Exception as error:
                logger.warning(
                    "Varnish at %s did not purge %s: %s (retried later)", url, batch, error
                )
                confirmed = False
                break
    return confirmed
