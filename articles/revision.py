"""The archive revision: a token that changes whenever anything readers see may change.

Public pages are cached by it (articles/caching.py). It is replaced

- by any save, delete or many-to-many change of a model of the articles or claims apps (the
  signals below), inside the transaction that makes the change, so a page cached under the new
  token can only have been rendered from data that includes the change;
- after any request that may write (POST and the like), for bulk updates the signals miss;
- once per batch where a command writes many rows (`deferred()`), instead of once per row.

Changes made with QuerySet.update() or bulk_create() outside those paths must call bump().
"""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

APPS = {"articles", "claims"}
_state = threading.local()


def current():
    # Read on every cached page view: plain SQL, which costs a fraction of building the query.
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM articles_archiverevision WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def bump():
    from .models import ArchiveRevision, new_revision_token

    token = new_revision_token()
    # Inside a transaction already, as it mostly is, a savepoint would cost two round trips.
    with transaction.atomic(savepoint=False):
        if not ArchiveRevision.objects.filter(pk=1).update(token=token):
            # The row is made by a migration; a test database flushed between tests lacks it.
            ArchiveRevision.objects.update_or_create(pk=1, defaults={"token": token})


@contextmanager
def deferred():
    """Replace the revision once when the block ends, not on every row it writes."""
    depth = getattr(_state, "deferred", 0)
    _state.deferred = depth + 1
    try:
        yield
    finally:
        _state.deferred = depth
    connection = transaction.get_connection()
    # A block that failed, or is to be rolled back (a dry run), changed nothing.
    if not (connection.in_atomic_block and connection.needs_rollback):
        bump()


@contextmanager
def atomic_change():
    """One transaction that replaces the revision once, when it is about to commit."""
    with transaction.atomic(), deferred():
        yield


def _changed(sender, action="post_", **kwargs):
    # m2m_changed also reports each change before it happens (pre_add, ...).
    if action.startswith("post_") and not getattr(_state, "deferred", 0):
        bump()


def connect():
    """Listen to the archive's own models: not their edit history, and not the stand-ins that
    data migrations use, which run before the revision table exists."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if (
                model.__name__.startswith("Historical")
                or model._meta.model_name == "archiverevision"
            ):
                continue
            post_save.connect(_changed, sender=model, dispatch_uid=f"revision_save_{model}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"revision_delete_{model}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    _changed, sender=through, dispatch_uid=f"revision_m2m_{through}"
                )


class RevisionMiddleware:
    """Replace the revision after every request that may have written something."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE_METHODS:
            bump()
        return response
