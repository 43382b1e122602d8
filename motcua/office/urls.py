from django.urls import path

from motcua.office import (
    admin_views,
    counter,
    documents,
    exchange_views,
    hall,
    payments_views,
    views,
)

app_name = "office"
urlpatterns = [
    path("", views.home, name="home"),
    path("ho-so/", views.worklist, name="worklist"),
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", views.act, name="act"),
    path("ho-so/<str:code>/in/<str:kind>.pdf", documents.print_document, name="print"),
    path("ho-so/<str:code>/tep/<int:file_id>/", documents.dossier_file, name="file"),
    path("ho-so/<str:code>/so-hoa/<str:component>/", documents.scan, name="scan"),
    path("ho-so/<str:code>/phe-duyet/", documents.approve_with_result, name="approve"),
    path("quay/phieu/", documents.counter_slip, name="counter_slip"),
    path("so-theo-doi/", documents.tracking_book, name="tracking_book"),
    path("ho-so/<str:code>/thu-phi/", payments_views.collect, name="collect_fee"),
    path("ho-so/<str:code>/gui-link-thanh-toan/", payments_views.send_link, name="payment_link"),
    path("thanh-toan/<str:reference>/bien-lai.pdf", payments_views.receipt, name="payment_receipt"),
    path("thanh-toan/<str:reference>/hoan-tra/", payments_views.refund, name="payment_refund"),
    path("thanh-toan/sai-lech/", payments_views.mismatches, name="payment_mismatches"),
    path("quay/", counter.counter, name="counter"),
    path("quay/thu-tuc/", counter.find_procedures, name="find_procedures"),
    path("quay/nguoi-nop/", counter.applicant_hints, name="applicant_hints"),
    path("quay/truc-tuyen/", counter.online, name="online"),
    path("quay/tra-ket-qua/", counter.returns, name="returns"),
    path("sanh/", hall.desk, name="hall_desk"),
    path("sanh/<str:action>/", hall.desk_action, name="hall_desk_action"),
    path("quan-tri/quay/", hall.counters, name="hall_counters"),
    path("dong-bo-dvcqg/", exchange_views.sync_screen, name="dvcqg_sync"),
    path("quan-tri/", admin_views.admin_home, name="admin_home"),
    path("quan-tri/thu-tuc/", admin_views.procedures, name="admin_procedures"),
    path(
        "quan-tri/thu-tuc/<str:code>/quy-trinh/<str:case>/", admin_views.steps, name="admin_steps"
    ),
    path("quan-tri/thu-tuc/<str:code>/mau-don/", admin_views.forms, name="admin_forms"),
    path("quan-tri/lich/", admin_views.calendar, name="admin_calendar"),
    path("quan-tri/nguoi-dung/", admin_views.users, name="admin_users"),
]
