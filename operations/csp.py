"""The Content Security Policy middleware, with one allowance for the Wagtail admin.

The public site runs without inline scripts. The Wagtail admin still ships a few inline scripts
of its own, so under /admin/ (behind login, with rich text sanitised) `script-src` also allows
'unsafe-inline'. When Wagtail's admin no longer needs it, drop this module and use
csp.middleware.CSPMiddleware directly.
"""

from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCE = {"script-src": ["'unsafe-inline'"]}


class SiteAndAdminCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_ALLOWANCE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
