"""The archive revision: a token that changes whenever anything readers see may change, and
each event's comparison revision, which changes whenever what its page compares may change.

Public pages are cached by the token (articles/caching.py). It is replaced

- by any save, delete or many-to-many change of a model of the articles or claims apps (the
  signals below), inside the transaction that makes the change, so a page cached under the new
  token can only have been rendered from data that includes the change;
- after any request that may write (POST and the like), for bulk updates the signals miss;
- once per batch where a command writes many rows (`deferred()`), instead of once per row.

The same signals note which events a change touches (COMPARED says how each model leads to
them), and the events' comparison revisions go up with the token, in the same transaction: the
comparison stored for an event (EventComparison) then no longer matches and is made again.

Changes made with QuerySet.update() or bulk_create() outside those paths must call bump(), and
changed() for each row whose change an event page may show (or outdate_every_comparison()).
"""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

APPS = {"articles", "claims"}
_state = threading.local()

# What the event page compares, by model: (what it leads to, the field that holds it). An
# article leads to its event and, through its previous version, to the event that version is
# no longer current in; an attribution to its claim's event and its article's.
COMPARED = {
    "articles.article": [("event", "event_id"), ("article", "previous_version_id")],
    "claims.claim": [("event", "event_id")],
    "claims.discrepancy": [("event", "event_id")],
    "claims.attribution": [("claim", "claim_id"), ("article", "article_id")],
    "claims.discrepancyvalue": [("discrepancy", "discrepancy_id")],
}
# Outlets and people appear on the pages of every event they reported or spoke in: only a
# change to these fields of theirs outdates those pages.
SHOWN = {
    "articles.outlet": ("outlet", {"name", "slug"}),
    "claims.person": ("person", {"name", "slug", "kind"}),
}


def current():
    # Read on every cached page view: plain SQL, which costs a fraction of building the query.
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM articles_archiverevision WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def changed(obj):
    """Note that obj, a row of the archive, changed as it now stands, for the event pages it
    leads to (COMPARED)."""
    pending = _pending()
    for kind, attname in COMPARED.get(obj._meta.label_lower, []):
        if (value := getattr(obj, attname)) is not None:
            pending.setdefault(kind, set()).add(value)


def _pending():
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending


def outdate_comparisons():
    """Raise the comparison revision of the events the noted changes touch."""
    from .models import Event

    pending, _state.pending = _pending(), {}
    where = Q()
    for kind, ids in pending.items():
        where |= _leading(kind, sorted(ids))
    if where:
        # An update over joins is one UPDATE of the events a subquery selects, each once.
        Event.objects.filter(where).update(comparison_revision=F("comparison_revision") + 1)


def _leading(kind, ids):
    """Which events the rows of a kind lead to, as a condition on events."""
    from claims.models import Claim, Discrepancy

    from .models import Article

    if kind == "event":
        return Q(pk__in=ids)
    if kind == "outlet":
        return Q(articles__outlet__in=ids) | Q(articles__credited_outlets__in=ids)
    if kind == "person":
        return Q(claims__speaker__in=ids)
    model = {"article": Article, "claim": Claim, "discrepancy": Discrepancy}[kind]
    return Q(pk__in=model.objects.filter(pk__in=ids).values("event"))


def outdate_every_comparison():
    """For writes that bypass the signals over much of the archive (a restore)."""
    from .models import Event

    Event.objects.update(comparison_revision=F("comparison_revision") + 1)


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
        outdate_comparisons()
        bump()
    else:
        _state.pending = {}


@contextmanager
def atomic_change():
    """One transaction that replaces the revision once, when it is about to commit."""
    with transaction.atomic(), deferred():
        yield


def _changed(sender, action="post_", **kwargs):
    # m2m_changed also reports each change before it happens (pre_add, ...).
    if not action.startswith("post_"):
        return
    _note(sender, **kwargs)
    if not getattr(_state, "deferred", 0):
        outdate_comparisons()
        bump()


def _note(sender, instance, created=False, update_fields=None, pk_set=None, **kwargs):
    label = instance._meta.label_lower
    if sender._meta.auto_created:  # a many-to-many link
        if sender._meta.label_lower == "articles.article_credited_outlets":
            articles = pk_set if label == "articles.outlet" else {instance.pk}
            if articles is None:  # an outlet's credits cleared
                _pending().setdefault("outlet", set()).add(instance.pk)
            else:
                _pending().setdefault("article", set()).update(articles)
    elif label in SHOWN:
        kind, fields = SHOWN[label]
        if not created and (update_fields is None or fields & set(update_fields)):
            _pending().setdefault(kind, set()).add(instance.pk)
    else:
        changed(instance)


def _moving(sender, instance, update_fields=None, **kwargs):
    """Before an update, note what the row led to, for the events a change of its links
    leaves."""
    links = [attname for _, attname in COMPARED.get(sender._meta.label_lower, [])]
    if instance._state.adding or instance.pk is None or not links:
        return
    if update_fields is not None and not {a.removesuffix("_id") for a in links} & set(
        update_fields
    ):
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*links).first()
    if stored:
        changed(sender(**stored))


def _leaving(sender, instance, **kwargs):
    """Before an outlet is deleted, note the events whose reports credit it: the delete clears
    the credits without signals. (Its own reports, and a person's claims, protect them.)"""
    from .models import Event

    events = Event.objects.filter(_leading("outlet", [instance.pk])).values_list("pk", flat=True)
    _pending().setdefault("event", set()).update(events)


def connect():
    """Listen to the archive's own models: not their edit history, and not the stand-ins that
    data migrations use, which run before the revision table exists."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            # The stored comparisons are made by readers' visits, from what the others hold.
            if model.__name__.startswith("Historical") or model._meta.model_name in (
                "archiverevision",
                "eventcomparison",
            ):
                continue
            pre_save.connect(_moving, sender=model, dispatch_uid=f"revision_moving_{model}")
            if model._meta.label_lower == "articles.outlet":
                pre_delete.connect(_leaving, sender=model, dispatch_uid="revision_leaving_outlet")
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
