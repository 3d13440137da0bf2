from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and events"

    def ready(self):
        from . import revision

        revision.connect()
