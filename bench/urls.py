from django.shortcuts import render
from django.urls import include, path


def bare(request):
    """The floor: a trivial template rendered through the same middleware as every page."""
    return render(request, "bench/bare.html", {"title": "Bare"})


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("newsarchive.urls")),
]
