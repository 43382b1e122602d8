from django import forms
from django.contrib import admin

from motcua.errors import ValidationFailed
from motcua.exchange import mapping
from motcua.exchange.models import Mapping


class MappingForm(forms.ModelForm):
    class Meta:
        model = Mapping
        fields = ["kind", "local_code", "national_code"]

    def clean(self):
        data = super().clean()
        try:
            mapping.clean(data.get("kind"), data.get("local_code"), data.get("national_code"))
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from error
        return data


@admin.register(Mapping)
class MappingAdmin(admin.ModelAdmin):
    """Mappings are versioned: "add" writes a new current version of a local code through
    :func:`mapping.change_mapping`; old versions are never changed or deleted."""

    form = MappingForm
    list_display = ["kind", "local_code", "national_code", "version", "changed_at", "changed_by"]
    list_filter = ["kind"]
    search_fields = ["local_code", "national_code"]
    list_select_related = ["changed_by"]

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = mapping.change_mapping(
            obj.kind, obj.local_code, obj.national_code, actor=request.user
        ).pk

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("exchange.manage_exchange")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("exchange.manage_exchange")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
