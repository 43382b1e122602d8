"""Biểu 06 on the hand-computed fixture of ``conftest.py`` (Q1 2025)."""

from __future__ import annotations

import pytest

from motcua import clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import subtree_ids
from motcua.errors import ValidationFailed
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports.periods import parse_period
from motcua.reports.tests.conftest import CIVIL, A, B
from motcua.reports.tests.factories import make_dossier, vn

Q1 = parse_period("2025-Q1")

HOTICH_AT_A = {
    "received_total": 15,
    "received_online": 2,  # d3, d5
    "received_direct": 9,  # d2, d6 (post), d7, d9, d10, d14, d15, d18, d19
    "carried_over": 4,  # d1, d8, d11, d13
    "resolved_total": 7,
    "resolved_early": 1,  # d6
    "resolved_on_time": 2,  # d2, d19
    "resolved_late": 4,  # d1, d5, d13, d15
    "pending_total": 6,
    "pending_within": 3,  # d3, d10, d14
    "pending_overdue": 3,  # d9, d11, d18
    "withdrawn_or_stopped": 2,  # d7, d8
}
CHUNGTHUC_AT_A = {
    **dict.fromkeys(bieu06.KEYS, 0),
    "received_total": 1,
    "received_direct": 1,
    "resolved_total": 1,
    "resolved_on_time": 1,
}
LLTP_AT_POLICE = {
    **dict.fromkeys(bieu06.KEYS, 0),
    "received_total": 1,
    "received_online": 1,
    "resolved_total": 1,
    "resolved_on_time": 1,
}
BEHIND = {
    "received_total": {
        "d1", "d2", "d3", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d13", "d14", "d15",
        "d18", "d19",
    },
    "received_online": {"d3", "d5"},
    "received_direct": {"d2", "d6", "d7", "d9", "d10", "d14", "d15", "d18", "d19"},
    "carried_over": {"d1", "d8", "d11", "d13"},
    "resolved_total": {"d1", "d2", "d5", "d6", "d13", "d15", "d19"},
    "resolved_early": {"d6"},
    "resolved_on_time": {"d2", "d19"},
    "resolved_late": {"d1", "d5", "d13", "d15"},
    "pending_total": {"d3", "d9", "d10", "d11", "d14", "d18"},
    "pending_within": {"d3", "d10", "d14"},
    "pending_overdue": {"d9", "d11", "d18"},
    "withdrawn_or_stopped": {"d7", "d8"},
}  # fmt: skip


def _report(code, children=False):
    agency = Agency.objects.get(code=code)
    ids = subtree_ids(agency) if children else [agency.pk]
    return bieu06.build(agency, ids, Q1, children=children)


def test_one_commune_matches_the_hand_computed_figures(q1):
    report = _report(A).as_dict()
    assert (report["from"], report["to"]) == ("2024-12-15", "2025-03-14")
    rows = {(r["level"], r["field"]): r for r in report["rows"]}
    assert set(rows) == {("commune", "TP-HOTICH"), ("commune", "TP-CHUNGTHUC")}
    hotich = {k: rows["commune", "TP-HOTICH"][k] for k in bieu06.KEYS}
    assert hotich == HOTICH_AT_A
    chungthuc = {k: rows["commune", "TP-CHUNGTHUC"][k] for k in bieu06.KEYS}
    assert chungthuc == CHUNGTHUC_AT_A
    assert report["total"] == {k: HOTICH_AT_A[k] + CHUNGTHUC_AT_A[k] for k in bieu06.KEYS}
    assert rows["commune", "TP-HOTICH"]["field_name"] == "Hộ tịch"


def test_the_province_groups_rows_by_the_level_of_the_handling_agency(q1):
    report = _report("000.00.00.H99", children=True).as_dict()
    assert [(r["level"], r["field"]) for r in report["rows"]] == [
        ("province", "CA-LLTP"),
        ("commune", "TP-CHUNGTHUC"),
        ("commune", "TP-HOTICH"),
    ]
    province = {k: report["rows"][0][k] for k in bieu06.KEYS}
    assert province == LLTP_AT_POLICE
    groups = {g["level"]: g for g in report["groups"]}
    assert groups["province"]["received_total"] == 1
    assert groups["commune"]["received_total"] == 16
    assert report["total"]["received_total"] == 17
    assert report["total"]["resolved_on_time"] == 4


def test_a_dossier_counts_for_the_agency_that_handles_it_not_the_one_that_received_it(q1):
    assert _report(B).as_dict()["total"]["received_total"] == 0
    centre = _report("000.00.01.H99").as_dict()
    assert centre["rows"] == []


def test_every_row_keeps_both_identities(q1):
    report = _report("000.00.00.H99", children=True)
    for row in report.rows:
        assert bieu06.broken_identities(row.figures) == []
    assert bieu06.broken_identities(report.total) == []


@pytest.mark.parametrize("column", bieu06.KEYS)
def test_the_list_behind_each_figure_is_exactly_the_dossiers_counted(q1, column):
    agency = Agency.objects.get(code=A)
    listed = bieu06.dossiers_behind([agency.pk], Q1, column, field_code="TP-HOTICH")
    codes = {d.code for d in listed}
    assert codes == {q1[key].code for key in BEHIND[column]}


def test_lists_filter_by_level_and_default_to_the_total_row(q1):
    ids = subtree_ids(Agency.objects.get(code="000.00.00.H99"))
    everything = bieu06.dossiers_behind(ids, Q1, "resolved_on_time")
    assert {d.code for d in everything} == {q1[k].code for k in ("d2", "d16", "d19", "d20")}
    province = bieu06.dossiers_behind(ids, Q1, "resolved_on_time", level="province")
    assert [d.code for d in province] == [q1["d16"].code]


def test_an_unknown_column_or_level_is_refused(q1):
    with pytest.raises(ValidationFailed):
        bieu06.dossiers_behind([1], Q1, "nonsense")
    with pytest.raises(ValidationFailed):
        bieu06.dossiers_behind([1], Q1, "pending_total", level="galaxy")


def test_a_month_and_a_custom_range_cut_the_same_dossiers_differently(q1):
    agency = Agency.objects.get(code=A)
    march = bieu06.build(agency, [agency.pk], parse_period("2025-03"), children=False).total
    # 15/02 → 14/03: carried over d1? no (finished 20/12). Open at 15/02: d8? no (stopped 05/01).
    # Carried: d9? no, received 01/03. Carried = d11 (open), d18 (20/02 is inside) → d11 only.
    assert march["carried_over"] == 1
    assert march["received_total"] == march["carried_over"] + 5  # d3, d9, d10, d14, d18
    assert march["pending_total"] == 6
    assert march["resolved_total"] == 0


def test_a_period_not_yet_ended_counts_as_overdue_only_what_is_overdue_now(catalog):
    """Issue 18 item 7 (CONTRACT Biểu 06): on 01/03/2025, in Q1 2025 (to 14/03), a dossier due
    05/03 is still within its time; one due 25/02 is overdue."""
    make_dossier(CIVIL, agency=A, received_at=vn(2025, 2, 20, 9), due_at=vn(2025, 3, 5, 9))
    make_dossier(CIVIL, agency=A, received_at=vn(2025, 2, 18, 9), due_at=vn(2025, 2, 25, 9))

    with clock.frozen(vn(2025, 3, 1, 10)):
        now = _report(A).total
    after = _report(A).total  # the same quarter read once it has ended

    assert (now["pending_within"], now["pending_overdue"]) == (1, 1)
    assert (after["pending_within"], after["pending_overdue"]) == (0, 2)
