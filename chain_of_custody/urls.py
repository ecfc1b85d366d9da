from django.urls import path

from chain_of_custody import public_views

app_name = "custody"
urlpatterns = [
    path("checkpoint", public_views.checkpoint, name="checkpoint"),
    path("key", public_views.public_key, name="key"),
]
