from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Cổng dịch vụ công của tỉnh: the citizen's side (find, submit, look up, rate, PAKN).
    An edge: it owns no rules and calls the services of the apps below it."""

    name = "motcua.portal"
    label = "portal"
    verbose_name = _("Cổng dịch vụ công")
