from django.urls import path

from articles.caching import reader_cache

from . import views

app_name = "claims"

urlpatterns = [
    path(
        "people/<slug:slug>/",
        reader_cache(views.PersonDetailView.as_view()),
        name="person_detail",
    ),
    path("claims/<int:pk>/", reader_cache(views.ClaimDetailView.as_view()), name="claim_detail"),
]
