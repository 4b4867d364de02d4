"""The partner API: /api/v1/ (the versioned contract, django-ninja) and Wagtail's API at /api/v2/."""
