from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "motcua.limits"
    verbose_name = _("Giới hạn tần suất")
