"""Server errors as visitors and partners should see them: a friendly page, never a traceback.

Django calls `server_error` (config.urls.handler500) for any uncaught exception. When the cause is
the database being unreachable it answers 503 with Retry-After, as JSON under /api/ and as the
error page elsewhere; the next request tries the database again, so the site recovers by itself.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unreachable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    outage = database_unreachable(error)
    status = 503 if outage else 500
    if outage:
        logger.error("Database unreachable: %s", (str(error).strip().splitlines() or [""])[0])
        message = _("The service is temporarily unavailable. Please try again in a moment.")
    else:
        message = _("Something went wrong on our side. Please try again later.")

    if request.path.startswith("/api/"):
        response = JsonResponse({"error": message}, status=status)
    else:
        html = loader.get_template(template_name).render({"message": message, "status": status})
        response = HttpResponse(html, status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
