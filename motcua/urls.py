"""Top-level routes: the citizen portal at / (catalogue, accounts, submission, lookup, PAKN),
staff at /office/, API at /api/v1/, admin at /admin/."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from motcua.api.v1 import api
from motcua.archive import api as archive_api
from motcua.favicon import favicon
from motcua.reports import api as reports_api

# The reports edge brings its own router: edges do not import each other (STYLE.md §1.3).
api.add_router("/reports", reports_api.router)
api.add_router("/archive", archive_api.router)

admin.site.site_header = _("MộtCửa – Quản trị hệ thống")
admin.site.site_title = "MộtCửa"
admin.site.index_title = _("Quản trị")

urlpatterns = [
    path("api/v1/", api.urls),  # first: the public lookup is the busiest route of all
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("motcua.accounts.urls")),
    path("office/", include("motcua.portal.office_urls")),
    path("office/", include("motcua.office.urls")),
    path("", include("motcua.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("office/reports/", include("motcua.reports.urls")),
    path("office/luu-tru/", include("motcua.archive.urls")),
    path("admin/", admin.site.urls),
]
