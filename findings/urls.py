from django.urls import path

from findings import views

app_name = "findings"

urlpatterns = [
    path("<int:pk>/<str:sha256>.<str:ext>", views.exhibit, name="exhibit"),
]
