"""The compliance-cost arithmetic on hand-computed cases (plain values, no database)."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from motcua.review.cost import MISSING, Input, Inputs, compute, saving


def inputs(**overrides) -> Inputs:
    values = {
        "hour_value": Input(D(30000), "thống kê"),
        "papers": {"to_khai": Input(D("0.5"), "khảo sát"), "cccd": Input(D("0.25"), "khảo sát")},
        "visits": Input(D(2), "khảo sát"),
        "travel_hours": Input(D("0.5"), "khảo sát"),
        "waiting_hours": Input(D("0.25"), "khảo sát tại quầy"),
        "processing_hours": Input(D("3.5"), "đo từ hồ sơ"),
        "fees": Input(D(3000), "danh mục"),
        "copies": Input(D(4000), "khảo sát"),
        "certification": Input(D(6000), "khảo sát"),
        "travel_cost": Input(D(25000), "khảo sát"),
        "services": Input(D(0), "không phát sinh"),
    }
    values.update(overrides)
    return Inputs(**values)


def test_time_and_direct_cost_of_one_dossier_and_of_the_year():
    # time: 0.5 + 0.25 papers + 2 × (0.5 + 0.25) visits + 3.5 processing = 5.75 h × 30 000
    # direct: 3 000 fees + 4 000 copies + 6 000 certification + 2 × 25 000 travel + 0 services
    cost = compute(inputs(), volume=120)
    assert cost.time_hours == D("5.75")
    assert cost.time_cost == 172_500
    assert cost.direct_cost == 63_000
    assert cost.total == 235_500
    assert cost.yearly_total == 235_500 * 120 == 28_260_000
    assert cost.missing == []


def test_a_half_dong_rounds_up():
    cost = compute(
        inputs(
            hour_value=Input(D(30001), "x"),
            papers={},
            visits=Input(D(0), "x"),
            processing_hours=Input(D("0.5"), "x"),
        ),
        volume=1,
    )
    assert cost.time_cost == 15_001  # 15 000.5
    assert cost.direct_cost == 13_000


def test_a_missing_input_leaves_what_needs_it_unknown_and_names_it():
    cost = compute(inputs(waiting_hours=MISSING), volume=10)
    assert (cost.time_hours, cost.time_cost, cost.total, cost.yearly_total) == (None,) * 4
    assert cost.direct_cost == 63_000  # the money side does not need the waiting time
    assert cost.missing == ["waiting_hours"]


def test_a_missing_paper_and_hour_value_are_named():
    papers = {"to_khai": Input(D("0.5"), "x"), "cccd": MISSING}
    cost = compute(inputs(papers=papers, hour_value=MISSING, copies=MISSING), volume=10)
    assert cost.time_hours is None and cost.direct_cost is None and cost.total is None
    assert cost.missing == ["paper_hours:cccd", "hour_value", "copies"]


def test_without_an_hour_value_the_hours_are_still_counted():
    cost = compute(inputs(hour_value=MISSING), volume=10)
    assert cost.time_hours == D("5.75")
    assert cost.time_cost is None and cost.total is None


def test_saving_before_and_after_a_simplification():
    before = compute(inputs(), volume=100)  # 235 500 a dossier
    # one visit instead of two, no certified copy: 0.75 + 0.75 + 3.5 = 5 h → 150 000;
    # 3 000 + 4 000 + 0 + 25 000 + 0 = 32 000
    after = compute(
        inputs(visits=Input(D(1), "đề xuất"), certification=Input(D(0), "đề xuất")), volume=100
    )
    assert after.total == 182_000
    saved = saving(before, after)
    assert saved.per_dossier == 53_500
    assert saved.yearly == 5_350_000
    assert saved.percent == D("22.72")  # 53 500 / 235 500 = 22.717…


def test_no_saving_is_shown_when_either_side_is_unknown():
    saved = saving(compute(inputs(), 5), compute(inputs(fees=MISSING), 5))
    assert (saved.per_dossier, saved.yearly, saved.percent) == (None, None, None)


@given(st.integers(0, 5), st.integers(0, 10**6), st.integers(0, 10**4), st.integers(0, 10**5))
def test_the_year_is_the_dossier_times_the_volume_and_total_is_time_plus_money(
    visits, hour, volume, travel
):
    cost = compute(
        inputs(
            visits=Input(D(visits), "x"),
            hour_value=Input(D(hour), "x"),
            travel_cost=Input(D(travel), "x"),
        ),
        volume=volume,
    )
    assert cost.total == cost.time_cost + cost.direct_cost
    assert cost.yearly_total == cost.total * volume
    assert cost.direct_cost == 13_000 + visits * travel
