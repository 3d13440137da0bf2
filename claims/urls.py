from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
]
