from django.urls import include, path, register_converter

from tips import views
from tips.languages import LanguageConverter

app_name = "tips"

register_converter(LanguageConverter, "tiplang")

# The pages a source reads, in English here and under /tips/<language>/ (fr, es, ar).
pages = [
    path("", views.submit, name="submit"),
    path("return/", views.sign_in, name="sign_in"),
    path("source/", views.source_page, name="source"),
    path("source/leave/", views.sign_out, name="sign_out"),
    path("about/", views.for_sources, name="for_sources"),
]

urlpatterns = [
    path("style.css", views.stylesheet, name="stylesheet"),
    *pages,
    path("<tiplang:language>/", include(pages)),
]
