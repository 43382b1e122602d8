from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.documents.branding import validate_logo
from motcua.documents.models import AgencyBranding, Document, SigningIdentity, StoreItem


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services (uploads, approvals, imports)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class BrandingForm(forms.ModelForm):
    class Meta:
        model = AgencyBranding
        fields = [
            "agency",
            "superior_name",
            "agency_name",
            "place",
            "logo",
            "form_set",
            "head_title",
            "head_name",
            "sign_authority",
            "signer_title",
            "signer_name",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sign_authority") and not cleaned.get("signer_title"):
            self.add_error("signer_title", _("Cần chức danh của người ký thay hoặc ký thừa lệnh."))
        return cleaned

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "read"):
            validate_logo(logo)
        return logo


@admin.register(AgencyBranding)
class AgencyBrandingAdmin(admin.ModelAdmin):
    """Tiêu đề mẫu phiếu: an agency's header names, place name, logo and form set."""

    form = BrandingForm
    list_display = ["agency", "superior_name", "agency_name", "place", "form_set"]
    list_select_related = ["agency"]
    search_fields = ["agency__name", "agency__code", "agency_name"]
    autocomplete_fields = ["agency"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "name", "content_type", "size", "origin", "electronic", "agency"]
    list_filter = ["origin", "electronic", "content_type"]
    search_fields = ["name", "sha256"]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]


@admin.register(StoreItem)
class StoreItemAdmin(ReadOnlyAdmin):
    list_display = ["id_number", "title", "kind", "source_code", "agency", "issued_on"]
    list_filter = ["kind"]
    search_fields = ["id_number", "source_code"]
    list_select_related = ["agency"]


@admin.register(SigningIdentity)
class SigningIdentityAdmin(ReadOnlyAdmin):
    """Registered with ``manage.py register_signing_identity`` (the passphrase never passes
    through a web form); here only to see who can sign and until when."""

    list_display = ["subject_name", "kind", "user", "agency", "not_after", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["subject_name", "user__username", "agency__name"]
    list_select_related = ["user", "agency"]
