"""Staff screens of the portal's satellites, mounted under /office/: the PAKN queue and the
counter's kiosk link."""

from django.urls import path

from motcua.portal import feedback

app_name = "pakn_office"
urlpatterns = [
    path("pakn/", feedback.pakn_queue, name="queue"),
    path("pakn/<str:code>/", feedback.pakn_item, name="item"),
    path("pakn/<str:code>/tep/<int:file_id>/", feedback.pakn_file, name="file"),
    path("pakn/<str:code>/<str:action>/", feedback.pakn_act, name="act"),
    path("danh-gia-tai-quay/<str:code>/", feedback.kiosk_open, name="kiosk_open"),
]
