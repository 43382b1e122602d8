from django.urls import path

from motcua.portal import catalogue, dossiers, feedback, hall, signup

app_name = "portal"
urlpatterns = [
    path("thu-tuc/", catalogue.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", catalogue.procedure, name="procedure"),
    path("thu-tuc/<str:code>/mau/<str:component>/", catalogue.blank_form, name="blank_form"),
    path(
        "thu-tuc/<str:code>/mau/<str:component>/da-dien/",
        catalogue.filled_sample,
        name="filled_sample",
    ),
    path("ngon-ngu/<str:code>/", signup.language, name="language"),
    path("tai-khoan/dang-ky/", signup.register, name="register"),
    path("tai-khoan/xac-thuc/", signup.verify, name="verify"),
    path("tai-khoan/gui-lai-ma/", signup.resend, name="resend"),
    path("tai-khoan/dang-nhap/", signup.login, name="login"),
    path("tai-khoan/dang-nhap/<str:name>/", signup.provider_login, name="provider_login"),
    path("tai-khoan/dang-nhap/<str:name>/ve/", signup.provider_callback, name="provider_callback"),
    path("tai-khoan/dang-xuat/", signup.logout, name="logout"),
    path("nop-ho-so/", dossiers.submit_start, name="submit_start"),
    path("nop-ho-so/<str:code>/", dossiers.submit, name="submit"),
    path("ho-so-cua-toi/", dossiers.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", dossiers.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", dossiers.supplement, name="supplement"),
    path("ho-so-cua-toi/<str:code>/tep/<int:file_id>/", dossiers.dossier_file, name="dossier_file"),
    path("ho-so-cua-toi/<str:code>/rut/", dossiers.withdraw, name="withdraw"),
    path("ho-so-cua-toi/<str:code>/thanh-toan/", dossiers.pay, name="pay"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", dossiers.rate, name="rate"),
    path("kho-du-lieu/", dossiers.my_store, name="my_store"),
    path("kho-du-lieu/<int:item_id>/tep/", dossiers.store_file, name="store_file"),
    path("tra-cuu", dossiers.lookup_page, name="lookup"),
    path("dvcqg/tep/<str:token>/", dossiers.national_file, name="national_file"),
    path("danh-gia-tai-quay/<str:token>/", feedback.kiosk, name="kiosk"),
    path("sanh/<str:agency>/man-hinh/", hall.display, name="hall_display"),
    path("sanh/<str:agency>/ki-ot/", hall.kiosk, name="hall_kiosk"),
    path("dat-lich-hen/", hall.book, name="hall_book"),
    path("phan-anh-kien-nghi/", feedback.pakn_list, name="pakn_list"),
    path("phan-anh-kien-nghi/gui/", feedback.pakn_new, name="pakn_new"),
    path("phan-anh-kien-nghi/<str:code>/", feedback.pakn_detail, name="pakn_detail"),
    path("phan-anh-kien-nghi/<str:code>/binh-chon/", feedback.pakn_vote, name="pakn_vote"),
]
