"""The nine indices of Circular 01/2018/TT-VPCP art. 13 (DOMAIN R10.5), each scored 2 / 1 / 0.

Indices 1, 2, 3, 4 and 7 are scored per dossier, 5, 6, 8 and 9 per unit (R10.6). A citizen can
judge from their own visit only 1, 3, 4 and 7: index 2 needs each participating unit's own
limit, and 5, 6, 8 and 9 are facts about the unit that the reports compute from its data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

INDICES: dict[str, tuple[str, tuple[str, str, str]]] = {
    "1": (
        _("Tổng thời gian giải quyết so với thời hạn quy định"),
        (_("Sớm hơn thời hạn"), _("Đúng thời hạn"), _("Quá thời hạn")),
    ),
    "2": (
        _("Thời gian thực hiện của từng cơ quan tham gia so với quy định"),
        (_("Sớm hơn"), _("Đúng hạn"), _("Quá hạn")),
    ),
    "3": (
        _("Số lần phải liên hệ để hoàn thiện hồ sơ"),
        (_("Không phải liên hệ"), _("Một lần"), _("Nhiều hơn một lần")),
    ),
    "4": (
        _("Số cơ quan, đơn vị phải liên hệ"),
        (_("Không phải liên hệ"), _("Chỉ Bộ phận Một cửa"), _("Nhiều cơ quan, đơn vị")),
    ),
    "5": (
        _("Giải quyết toàn bộ tại Bộ phận Một cửa"),
        (_("Đạt tỷ lệ quy định"), _("Tiếp nhận tại Một cửa"), _("Không đạt")),
    ),
    "6": (
        _("Công khai thủ tục hành chính"),
        (_("Niêm yết và trực tuyến"), _("Một trong hai hình thức"), _("Không công khai")),
    ),
    "7": (
        _("Thái độ của cán bộ, công chức"),
        (_("Lịch sự, tận tình, không phiền hà"), _("Đúng mực, không phiền hà"), _("Có phiền hà")),
    ),
    "8": (
        _("Tiếp thu, giải trình phản ánh, kiến nghị"),
        (
            _("Đúng hạn toàn bộ"),
            _("Đúng hạn từ 90%"),
            # xgettext:no-python-format
            _("Dưới 90% hoặc kéo dài"),
        ),
    ),
    "9": (
        _("Cung cấp dịch vụ công trực tuyến"),
        (_("Đạt mức cao"), _("Đạt mức trung bình"), _("Chưa đạt")),
    ),
}

CITIZEN_INDICES = ("1", "3", "4", "7")
"""The indices a citizen can judge from their own dossier, asked on the rating form."""


def citizen_questions() -> list[tuple[str, str, list[tuple[int, str]]]]:
    """``[(key, question, [(2, best), (1, middle), (0, worst)])]`` for the rating forms."""
    return [
        (key, INDICES[key][0], list(zip((2, 1, 0), INDICES[key][1], strict=True)))
        for key in CITIZEN_INDICES
    ]
