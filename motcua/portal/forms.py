"""Shape checks for the portal's forms. Values are NFC-normalised; rules stay in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua import text


class NfcCharField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return text.nfc(value) if value else value


class RegisterForm(forms.Form):
    full_name = NfcCharField(label=_("Họ và tên"), max_length=150)
    contact = NfcCharField(
        label=_("Số điện thoại di động hoặc thư điện tử"),
        max_length=254,
        help_text=_("Mã xác thực sẽ được gửi đến số điện thoại hoặc thư điện tử này."),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(render_value=False), max_length=128
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, max_length=128
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai mật khẩu không khớp nhau."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class LoginForm(forms.Form):
    contact = NfcCharField(label=_("Số điện thoại hoặc thư điện tử"), max_length=254)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, max_length=128)


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=60)
    phone = forms.CharField(
        label=_("Số điện thoại đã khai khi nộp hồ sơ"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class PetitionForm(forms.Form):
    agency = forms.ChoiceField(label=_("Cơ quan nhận phản ánh, kiến nghị"))
    category = forms.ChoiceField(label=_("Nội dung phản ánh, kiến nghị về"))
    subject = NfcCharField(label=_("Tiêu đề"), max_length=255)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    name = NfcCharField(label=_("Họ và tên"), max_length=255)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    address = NfcCharField(label=_("Địa chỉ"), max_length=500, required=False)
    dossier_code = forms.CharField(
        label=_("Mã hồ sơ liên quan (nếu có)"), max_length=60, required=False
    )

    def __init__(self, *args, agencies=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—"), *agencies]
        self.fields["category"].choices = list(categories)
