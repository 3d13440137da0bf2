from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and people"

    def ready(self):
        from .editors import sync_editors_group_after_migrate

        post_migrate.connect(sync_editors_group_after_migrate, sender=self)
