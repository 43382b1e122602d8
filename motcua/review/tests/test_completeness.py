"""Catalogue completeness: shares of procedures published, forms with a blank and a filled
sample, procedures online; and the list of what is missing."""

from __future__ import annotations

from decimal import Decimal

from motcua.catalog.models import Component, OnlineLevel, Procedure
from motcua.catalog.structure import version_cases
from motcua.review.completeness import Share, catalogue_completeness


def forms_in_catalogue() -> list[Component]:
    found = []
    for p in Procedure.objects.filter(current_version__isnull=False):
        seen = set()
        for s in version_cases(p.current_version_id):
            for c in s.components:
                if c.form_name and c.code not in seen:
                    seen.add(c.code)
                    found.append(c)
    return found


def test_shares_count_the_catalogue(catalog):
    procedures = Procedure.objects.filter(current_version__isnull=False)
    forms = forms_in_catalogue()
    result = catalogue_completeness()
    assert result.published == Share(procedures.filter(published=True).count(), len(procedures))
    assert result.online == Share(
        procedures.exclude(online_level=OnlineLevel.NONE).count(), len(procedures)
    )
    assert result.blank_forms == Share(sum(c.has_blank_form for c in forms), len(forms))
    assert result.filled_samples == Share(sum(c.has_filled_sample for c in forms), len(forms))


def test_an_unpublished_offline_procedure_and_a_form_without_blank_are_listed(catalog):
    before = catalogue_completeness()
    Procedure.objects.filter(code="1.004873").update(published=False, online_level=OnlineLevel.NONE)
    forms = [c for c in forms_in_catalogue() if not c.has_blank_form]
    given, lacking = forms[0], forms[1]
    Component.objects.filter(pk=given.pk).update(form_url="https://example.vn/mau.docx")
    version_cases.cache_clear()
    after = catalogue_completeness()
    assert after.published.count == before.published.count - 1
    assert after.blank_forms.count == before.blank_forms.count + 1
    gaps = {(g.code, g.what) for g in after.gaps}
    assert ("1.004873", "Chưa công bố") in gaps
    assert ("1.004873", "Chưa cung cấp dịch vụ công trực tuyến") in gaps
    given_code = given.case.version.procedure.code
    lacking_code = lacking.case.version.procedure.code
    no_blank = f"Mẫu “{given.form_name}” chưa có tệp để trống"
    assert [(g.code, g.what) for g in after.gaps].count((given_code, no_blank)) == [
        (g.code, g.what) for g in before.gaps
    ].count((given_code, no_blank)) - 1
    assert (lacking_code, f"Mẫu “{lacking.form_name}” chưa có tệp để trống") in gaps


def test_a_share_of_nothing_has_no_percentage():
    assert Share(0, 0).percent is None
    assert Share(2, 3).percent == Decimal("66.7")
