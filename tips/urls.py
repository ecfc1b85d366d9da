from django.urls import path

from tips import views

app_name = "tips"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("return/", views.sign_in, name="sign_in"),
    path("source/", views.source_page, name="source"),
    path("source/leave/", views.sign_out, name="sign_out"),
    path("style.css", views.stylesheet, name="stylesheet"),
]
