from django.urls import path

from . import feeds, search, views
from .caching import reader_cache

app_name = "articles"

urlpatterns = [
    path("", reader_cache(views.HomeView.as_view()), name="home"),
    path(
        "stories/<slug:slug>/",
        reader_cache(views.StoryDetailView.as_view()),
        name="story_detail",
    ),
    path(
        "events/<slug:slug>/",
        reader_cache(views.EventDetailView.as_view()),
        name="event_detail",
    ),
    path(
        "articles/<int:pk>/",
        reader_cache(views.ArticleDetailView.as_view()),
        name="article_detail",
    ),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path(
        "outlets/<slug:slug>/",
        reader_cache(views.OutletDetailView.as_view()),
        name="outlet_detail",
    ),
    path("search/", reader_cache(search.search), name="search"),
    path("feeds/events/", reader_cache(feeds.events_feed), name="events_feed"),
    path("export.json", feeds.export_download, name="export"),
]
