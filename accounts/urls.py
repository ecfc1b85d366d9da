from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("2fa/setup/", views.setup, name="2fa_setup"),
    path("2fa/verify/", views.verify, name="2fa_verify"),
]
