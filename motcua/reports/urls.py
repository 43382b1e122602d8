from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("circular-01-2020/", views.circular_01_2020, name="circular_01_2020"),
    path("circular-01-2020/dossiers/", views.dossiers, name="dossiers"),
]
