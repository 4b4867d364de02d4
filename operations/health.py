"""Health endpoints for load balancers and orchestrators (django-health-check).

`/health/live` answers while the process can serve, touching neither database nor cache: a
failure means "restart me". `/health/ready` also checks that the database and the cache answer:
a failure means "send me no traffic for now". Both answer JSON, 200 or 503, never cached.
"""

import asyncio

from django.urls import path
from health_check.checks import Cache, Database
from health_check.views import HealthCheckView


class HealthView(HealthCheckView):
    """The checks' results as JSON whatever the client accepts; 503 while any fails."""

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        failing = any(result.error for result in self.results)
        return self.render_to_response_json(503 if failing else 200)


urlpatterns = [
    path("live", HealthView.as_view(checks=[]), name="health_live"),
    path("ready", HealthView.as_view(checks=[Database, Cache]), name="health_ready"),
]
