from django.urls import path

from motcua.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.files, name="files"),
    path("nop-luu/", views.lodge, name="lodge"),
    path("nop-luu/tai-ve/", views.lodging_export, name="lodging_export"),
    path("huy/", views.destruction, name="destruction"),
    path("ho-so/<str:file_code>/", views.file_page, name="file"),
]
