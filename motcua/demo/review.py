"""Demo review of procedures for the current year: the value of an hour, the compliance-cost
inputs of three procedures (now and after a proposed simplification) and a review plan with
them. Every figure is made up for the demo and its source says so. Idempotent."""

from __future__ import annotations

from django.db import transaction

from motcua import clock
from motcua.accounts.models import User
from motcua.review import plans, services
from motcua.review.models import HourValue

DEMO = "Số liệu mẫu (tỉnh Minh Sơn giả định)"
SURVEY = "Số liệu mẫu: khảo sát giả định người nộp hồ sơ"
PROPOSAL = "Số liệu mẫu: phương án đơn giản hóa giả định"

# code → (hours per paper, {input: value}, {proposed input: value}, {proposed paper: hours})
COSTS = {
    "1.004873": (
        {
            "to_khai_tthn": 0.5,
            "giay_to_ly_hon": 1,
            "giay_to_tuy_than": 0.25,
            "van_ban_uy_quyen": 0.5,
        },
        {
            "visits": 2,
            "travel_hours": 0.5,
            "waiting_hours": 0.5,
            "copies": 2000,
            "certification": 4000,
            "travel_cost": 20000,
            "services": 0,
        },
        {"visits": 1, "certification": 0, "waiting_hours": 0.25},
        {"giay_to_ly_hon": 0},
    ),
    "1.001612": (
        {"giay_de_nghi": 1, "bien_ban_hop": 2, "van_ban_uy_quyen_hgd": 1, "giay_to_tuy_than": 0.25},
        {
            "visits": 2,
            "travel_hours": 1,
            "waiting_hours": 0.5,
            "copies": 5000,
            "certification": 10000,
            "travel_cost": 30000,
            "services": 200000,
        },
        {"visits": 1, "services": 0, "certification": 0},
        {"bien_ban_hop": 1},
    ),
    "1.012790": (
        {"don_bien_dong": 1, "hop_dong": 4, "gcn_da_cap": 0.25, "to_khai_thue": 2},
        {
            "visits": 3,
            "travel_hours": 1,
            "waiting_hours": 1,
            "copies": 10000,
            "certification": 30000,
            "travel_cost": 40000,
            "services": 500000,
        },
        {"visits": 2, "copies": 0},
        {"to_khai_thue": 1},
    ),
}


def seed_review() -> str:
    """Inputs and a plan for this year, unless the year already has an hour value."""
    year = clock.today().year
    if HourValue.objects.filter(year=year).exists():
        return "Rà soát TTHC mẫu: đã có, giữ nguyên."
    province = User.objects.get(username="giamsat")
    reviewer = User.objects.get(username="minh")
    with transaction.atomic():
        services.set_hour_value(province, year, 30000, f"{DEMO}: thu nhập bình quân một giờ")
        plan = plans.create_plan(
            province, year, f"Kế hoạch rà soát, đánh giá thủ tục hành chính năm {year}"
        )
        plans.approve_plan(province, plan.pk, f"{year}-01-20", f"12/QĐ-UBND/{year}")
        for code, (papers, now, after, after_papers) in COSTS.items():
            for paper, hours in papers.items():
                services.set_input(province, code, year, "paper_hours", hours, SURVEY, paper=paper)
            for kind, value in now.items():
                services.set_input(province, code, year, kind, value, SURVEY)
            for kind, value in after.items():
                services.set_input(province, code, year, kind, value, PROPOSAL, scenario="proposed")
            for paper, hours in after_papers.items():
                services.set_input(
                    province,
                    code,
                    year,
                    "paper_hours",
                    hours,
                    PROPOSAL,
                    scenario="proposed",
                    paper=paper,
                )
            plans.add_item(province, plan.pk, code, reviewer.pk, f"{year}-06-30")
    return f"Rà soát TTHC mẫu: kế hoạch năm {year} với {len(COSTS)} thủ tục."
