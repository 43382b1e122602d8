"""WSGI entry point for gunicorn (``make serve``)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
application = get_wsgi_application()
# The URL configuration (every view and the API's schemas, half a second) is loaded here, so
# that gunicorn's master, which preloads the application, does it once before forking: each
# worker starts with it in shared memory, and its first request is as quick as the next.
get_resolver().url_patterns  # noqa: B018 - loading is the point
