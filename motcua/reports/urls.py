from django.urls import path

from motcua.reports import review_views, schedule_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("circular-01-2020/", views.circular_01_2020, name="circular_01_2020"),
    path("circular-01-2020/dossiers/", views.dossiers, name="dossiers"),
    path("index-766/", views.index_766_page, name="index_766"),
    path("targets/", views.targets_page, name="targets"),
    path("dvcqg/", views.national_check_page, name="national_check"),
    path("evaluation/", views.evaluation_page, name="evaluation"),
    path("handling-time/", views.handling_time_page, name="handling_time"),
    path("queue/", views.queue_page, name="queue"),
    path("fees/", views.fees_page, name="fees"),
    path("schedule/", schedule_views.report_schedule, name="report_schedule"),
    path("schedule/<int:due_id>/file/", schedule_views.sent_file, name="report_file"),
    path("review/", review_views.review_plan, name="review_plan"),
    path("review/item/<int:item_id>/", review_views.review_item, name="review_item"),
    path(
        "review/item/<int:item_id>/decision/",
        review_views.review_decision,
        name="review_decision",
    ),
    path("review/cost/<str:code>/", review_views.compliance_cost, name="compliance_cost"),
]
