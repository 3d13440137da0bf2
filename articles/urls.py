from django.urls import path

from . import feeds, search, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="story_detail"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet_detail"),
    path("search/", search.search, name="search"),
    path("feeds/events/", feeds.events_feed, name="events_feed"),
    path("export.json", feeds.export_download, name="export"),
]
