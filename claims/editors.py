"""The Editors group: add and change every editorial record, delete only attributions and aliases.

Kept in sync on every `migrate` (and after a test flush), so that a model added later gets its
permissions without anyone remembering to write a data migration for it.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
EDITORIAL_APPS = ("articles", "claims")
DELETABLE = {"attribution", "personalias"}


def sync_editors_group(apps):
    """Create or complete the Editors group; `apps` is a migration's registry or the real one."""
    # Permissions are normally created after all migrations ran; the group needs them now.
    for app_label in EDITORIAL_APPS:
        app_config = apps.get_app_config(app_label)
        # create_permissions skips apps without a models module, which a migration's stubs lack.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = set()
    for app_label in EDITORIAL_APPS:
        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            if name.startswith("historical"):
                continue
            codenames |= {f"add_{name}", f"change_{name}", f"view_{name}"}
            if name in DELETABLE:
                codenames.add(f"delete_{name}")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=EDITORIAL_APPS, codename__in=codenames
        )
    )
    return group


def sync_editors_group_after_migrate(sender, apps=global_apps, **kwargs):
    # `flush` sends post_migrate without a registry of its own.
    sync_editors_group(apps)
