"""Merges, splits and moves that editors make, each recorded so that it can be undone.

Every operation runs in one transaction and saves row by row, never with a bulk `.update()`,
so that django-simple-history records each row's change with the editor and the reason. It
returns the EditorialOperation that lists every field it changed (with before and after), every
row it deleted (serialized with its many-to-many links) and every row it created; `undo` plays
that list backwards.

Generic "merge any two objects" helpers break unique constraints and leave no audit, hence
one explicit function per kind of merge.
"""

import json

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from articles.models import Article, Event

from .models import (
    Attribution,
    Claim,
    DiscrepancyValue,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)

# Rejecting a candidate pair changes no data but a status, yet is recorded to be undoable too.

# django-simple-history's change reason is a CharField of 100 characters.
CHANGE_REASON_LENGTH = 100


class OperationError(Exception):
    """An operation refused because it would lose or corrupt data; the message is for editors."""


# --- Saving with history ---------------------------------------------------------------------


def _save(obj, user, reason, **kwargs):
    obj._history_user = user
    obj._change_reason = reason
    obj.save(**kwargs)


def _references(obj):
    """The relations whose rows still point at obj, which deleting it would cascade to, empty
    or be refused by. History rows (DO_NOTHING) keep the old ids on purpose."""
    found = []
    for relation in obj._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        # A reverse many-to-many (no on_delete) is checked through its link table's own key.
        if getattr(relation, "on_delete", None) in (None, models.DO_NOTHING):
            continue
        pointing = relation.related_model._base_manager.filter(**{relation.field.name: obj})
        if pointing.exists():
            found.append(
                f"{relation.related_model._meta.verbose_name_plural}.{relation.field.name}"
            )
    return found


def _delete(obj, user, reason):
    """Delete obj alone, returning it serialized for undo; refuse if anything still points at it,
    as deleting would then take or change rows the operation did not record."""
    # Through JSON, so that dates and decimals fit a JSONField; the "python" format reads it back.
    row = json.loads(serializers.serialize("json", [obj]))[0]
    # Its own many-to-many links are in the serialized row and come back with it.
    for field in obj._meta.many_to_many:
        getattr(obj, field.name).clear()
    still = _references(obj)
    if still:
        raise OperationError(
            f"{obj._meta.verbose_name.capitalize()} “{obj}” is still referenced by "
            f"{', '.join(still)}; nothing was changed."
        )
    obj._history_user = user
    obj._change_reason = reason
    obj.delete()
    return row


def _locked(model, pk):
    """A fresh copy of the row, locked until the transaction ends (on PostgreSQL)."""
    return model._base_manager.select_for_update().get(pk=pk)


class _Recorder:
    """Saves, creates and deletes rows with history, noting each step in one EditorialOperation."""

    def __init__(self, kind, user, reason):
        self.user = user
        self.operation = EditorialOperation.objects.create(kind=kind, user=user, summary=reason)
        suffix = f" (operation {self.operation.pk})"
        self.reason = reason[: CHANGE_REASON_LENGTH - len(suffix)] + suffix

    def change(self, obj, field_name, value):
        """Set one field (a foreign key by its id) and save the row."""
        field = obj._meta.get_field(field_name)
        if isinstance(value, models.Model):
            value = value.pk
        before = getattr(obj, field.attname)
        if before == value:
            return
        setattr(obj, field.attname, value)
        _save(obj, self.user, self.reason)
        self._note_change(obj, field_name, before, value)

    def add_links(self, obj, field_name, targets):
        """Add many-to-many links, noting the ids before and after."""
        manager = getattr(obj, field_name)
        before = sorted(manager.values_list("pk", flat=True))
        manager.add(*targets)
        after = sorted(manager.values_list("pk", flat=True))
        if after != before:
            self._note_change(obj, field_name, before, after)
        return len(after) - len(before)

    def create(self, model, **fields):
        obj = model(**fields)
        _save(obj, self.user, self.reason)
        self.operation.created.append({"model": obj._meta.label_lower, "pk": obj.pk})
        return obj

    def delete(self, obj):
        self.operation.deleted.append(_delete(obj, self.user, self.reason))

    def finish(self, summary):
        self.operation.summary = summary[:500]
        self.operation.save()
        return self.operation

    def _note_change(self, obj, field_name, before, after):
        self.operation.changes.append(
            {
                "model": obj._meta.label_lower,
                "pk": obj.pk,
                "field": field_name,
                "before": before,
                "after": after,
            }
        )


def _count(n, singular, plural=None):
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


# --- People ----------------------------------------------------------------------------------


@transaction.atomic
def merge_people(keep, other, user):
    """Merge other into keep: everything that pointed at other points at keep, other's name and
    spellings become keep's aliases, and other is deleted."""
    if keep.pk == other.pk:
        raise OperationError(f"“{keep}” cannot be merged into itself.")
    keep, other = _locked(Person, keep.pk), _locked(Person, other.pk)
    recorder = _Recorder(
        EditorialOperation.Kind.MERGE_PEOPLE, user, f"merged {other.name!r} into {keep.name!r}"
    )
    return recorder.finish(_merge_people(recorder, keep, other))


def _merge_people(recorder, keep, other):
    claims = 0
    for claim in Claim.objects.filter(speaker=other).order_by("pk"):
        recorder.change(claim, "speaker", keep)
        claims += 1

    # The unique (person, name) rule: a spelling keep already has is not copied twice.
    spellings = set(keep.aliases.values_list("name", flat=True))
    aliases = 0
    for alias in other.aliases.order_by("pk"):
        if alias.name in spellings:
            recorder.delete(alias)
        else:
            recorder.change(alias, "person", keep)
            spellings.add(alias.name)
            aliases += 1
    if other.name not in spellings:
        recorder.create(PersonAlias, person=keep, name=other.name)
        aliases += 1

    if not keep.description and other.description:
        recorder.change(keep, "description", other.description)

    bylines = recorder.add_links(keep, "articles", other.articles.all())
    mentions = recorder.add_links(keep, "mentioned_in", other.mentioned_in.all())

    for candidate in SamePersonCandidate.objects.filter(
        models.Q(person=other) | models.Q(other=other)
    ).order_by("pk"):
        # The pair as it reads once keep stands in for other.
        person_id = keep.pk if candidate.person_id == other.pk else candidate.person_id
        other_id = keep.pk if candidate.other_id == other.pk else candidate.other_id
        duplicate = (
            SamePersonCandidate.objects.filter(
                models.Q(person_id=person_id, other_id=other_id)
                | models.Q(person_id=other_id, other_id=person_id)
            )
            .exclude(pk=candidate.pk)
            .exists()
        )
        if person_id == other_id or duplicate:
            recorder.delete(candidate)
        else:
            field_name = "person" if candidate.person_id == other.pk else "other"
            recorder.change(candidate, field_name, keep)

    recorder.delete(other)
    counts = [
        _count(claims, "claim"),
        _count(aliases, "alias", "aliases"),
        _count(bylines, "byline"),
        _count(mentions, "mention"),
    ]
    return f"Merged {other.name!r} into {keep.name!r} ({', '.join(counts)})"


def _open_candidate(candidate):
    candidate = _locked(SamePersonCandidate, candidate.pk)
    if candidate.status != SamePersonCandidate.Status.OPEN:
        raise OperationError(
            f"“{candidate}” was already marked “{candidate.get_status_display()}”."
        )
    return candidate


@transaction.atomic
def confirm_same_person(candidate, user):
    """The pair is one person: merge candidate.other into candidate.person. The candidate row is
    marked confirmed (in its history) and then deleted with the person it names."""
    candidate = _open_candidate(candidate)
    keep = _locked(Person, candidate.person_id)
    other = _locked(Person, candidate.other_id)
    recorder = _Recorder(
        EditorialOperation.Kind.MERGE_PEOPLE,
        user,
        f"confirmed {other.name!r} is {keep.name!r}",
    )
    recorder.change(candidate, "status", SamePersonCandidate.Status.CONFIRMED)
    return recorder.finish(_merge_people(recorder, keep, other))


@transaction.atomic
def reject_same_person(candidate, user):
    """The pair are different people."""
    candidate = _open_candidate(candidate)
    recorder = _Recorder(EditorialOperation.Kind.REJECT_SAME_PERSON, user, f"rejected {candidate}")
    recorder.change(candidate, "status", SamePersonCandidate.Status.REJECTED)
    return recorder.finish(
        f"Marked {candidate.person.name!r} and {candidate.other.name!r} as different people"
    )


# --- Claims ----------------------------------------------------------------------------------


@transaction.atomic
def merge_claims(keep, other, user):
    """Merge other into keep, two claims of one event: its appearances and evidence move over."""
    if keep.pk == other.pk:
        raise OperationError(f"Claim “{keep}” cannot be merged into itself.")
    keep, other = _locked(Claim, keep.pk), _locked(Claim, other.pk)
    if keep.event_id != other.event_id:
        raise OperationError(
            f"“{other}” is about “{other.event}” and “{keep}” about “{keep.event}”: claims of "
            "different events cannot be merged. Move the article to the other event first."
        )
    recorder = _Recorder(
        EditorialOperation.Kind.MERGE_CLAIMS, user, f"merged claim {other.pk} into {keep.pk}"
    )
    moved = 0
    for attribution in other.attributions.order_by("pk"):
        twin = keep.attributions.filter(
            article_id=attribution.article_id, start=attribution.start, end=attribution.end
        ).first()
        if twin is None:
            recorder.change(attribution, "claim", keep)
            moved += 1
            continue
        # The same words of the same article are already on keep (unique per claim and span):
        # the discrepancy values citing this copy cite the twin, and the copy goes.
        for value in DiscrepancyValue.objects.filter(attribution=attribution).order_by("pk"):
            recorder.change(value, "attribution", twin)
        recorder.delete(attribution)
    evidence = 0
    for link in other.evidence.order_by("pk"):
        recorder.change(link, "claim", keep)
        evidence += 1
    recorder.delete(other)
    return recorder.finish(
        f"Merged claim {other.pk} “{other}” into {keep.pk} “{keep}” "
        f"({_count(moved, 'attribution')}, {_count(evidence, 'evidence link')})"
    )


@transaction.atomic
def split_attribution(attribution, user):
    """Give one appearance a claim of its own: same event, speaker and kind, its own words."""
    attribution = _locked(Attribution, attribution.pk)
    claim = attribution.claim
    if not claim.attributions.exclude(pk=attribution.pk).exists():
        raise OperationError(
            f"“{attribution.words}” is the only appearance of its claim: there is nothing to "
            "split it from."
        )
    recorder = _Recorder(
        EditorialOperation.Kind.SPLIT_ATTRIBUTION,
        user,
        f"split attribution {attribution.pk} from claim {claim.pk}",
    )
    new = recorder.create(
        Claim,
        event_id=claim.event_id,
        speaker_id=claim.speaker_id,
        kind=claim.kind,
        text=attribution.words,
    )
    recorder.change(attribution, "claim", new)
    return recorder.finish(
        f"Split “{attribution.words[:200]}” from claim {claim.pk} into new claim {new.pk}"
    )


# --- Articles and events ---------------------------------------------------------------------


@transaction.atomic
def move_article(article, event, user):
    """Move an article to another event, with its claims: a claim only this article carries
    moves; a claim other articles carry too stays, and this article's appearances of it move to
    a copy in the new event, so that no claim spans two events."""
    article = _locked(Article, article.pk)
    event = _locked(Event, event.pk)
    if article.event_id == event.pk:
        raise OperationError(f"“{article}” is already in “{event}”.")
    recorder = _Recorder(
        EditorialOperation.Kind.MOVE_ARTICLE, user, f"moved article {article.pk} to {event.title}"
    )
    recorder.change(article, "event", event)
    moved = split = 0
    claim_ids = (
        Claim.objects.filter(attributions__article=article)
        .exclude(event=event)
        .values_list("pk", flat=True)
        .distinct()
    )
    for claim in Claim.objects.filter(pk__in=list(claim_ids)).order_by("pk"):
        if not claim.attributions.exclude(article=article).exists():
            recorder.change(claim, "event", event)
            moved += 1
            continue
        # The same statement in the new event: its editorial status holds there too.
        copy = recorder.create(
            Claim,
            event=event,
            speaker_id=claim.speaker_id,
            text=claim.text,
            kind=claim.kind,
            status=claim.status,
            status_note=claim.status_note,
            figure_value=claim.figure_value,
        )
        for attribution in claim.attributions.filter(article=article).order_by("pk"):
            recorder.change(attribution, "claim", copy)
        split += 1
    return recorder.finish(
        f"Moved “{article}” to “{event}” ({_count(moved, 'claim')} moved, "
        f"{_count(split, 'shared claim')} split off)"
    )


@transaction.atomic
def merge_events(keep, other, user):
    """Merge other into keep: its articles, claims, discrepancies and anonymous sources move
    over, discrepancies about the same subject are folded into one, and other is deleted.
    Timeline entries belong to stories and are not touched."""
    if keep.pk == other.pk:
        raise OperationError(f"Event “{keep}” cannot be merged into itself.")
    keep, other = _locked(Event, keep.pk), _locked(Event, other.pk)
    recorder = _Recorder(
        EditorialOperation.Kind.MERGE_EVENTS, user, f"merged event {other.title} into {keep.title}"
    )
    articles = claims = 0
    for article in other.articles.order_by("pk"):
        recorder.change(article, "event", keep)
        articles += 1
    for claim in other.claims.order_by("pk"):
        recorder.change(claim, "event", keep)
        claims += 1
    for person in other.anonymous_sources.order_by("pk"):
        recorder.change(person, "event", keep)

    folded = 0
    for discrepancy in other.discrepancies.order_by("pk"):
        twin = keep.discrepancies.filter(subject=discrepancy.subject).first()
        if twin is None:
            recorder.change(discrepancy, "event", keep)
            continue
        # Unique per event and subject: the values join keep's discrepancy on the subject.
        for value in discrepancy.values.order_by("pk"):
            if twin.values.filter(article_id=value.article_id, value=value.value).exists():
                recorder.delete(value)  # the same article's same value is already there
            else:
                recorder.change(value, "discrepancy", twin)
        if not twin.note and discrepancy.note:
            recorder.change(twin, "note", discrepancy.note)
        recorder.delete(discrepancy)
        folded += 1

    recorder.delete(other)
    return recorder.finish(
        f"Merged event “{other}” into “{keep}” ({_count(articles, 'article')}, "
        f"{_count(claims, 'claim')}, {_count(folded, 'discrepancy', 'discrepancies')} folded)"
    )


# --- Undo ------------------------------------------------------------------------------------


def _rows(operation):
    return {
        (entry["model"], entry["pk"])
        for entry in [*operation.changes, *operation.deleted, *operation.created]
    }


def undo(operation, user):
    """Put back the state before the operation: recreate the rows it deleted (same ids, same
    links), set every field it changed back, delete the rows it created. Refused when it was
    undone already, when a later operation still standing touched the same rows, or when a
    field it changed was edited since (undo would overwrite that edit)."""
    try:
        with transaction.atomic():
            return _undo(operation, user)
    except IntegrityError as error:
        raise OperationError(
            f"Undoing “{operation}” clashes with what was saved since: {error}"
        ) from error


def _undo(operation, user):
    operation = _locked(EditorialOperation, operation.pk)
    if operation.undone_at is not None:
        raise OperationError(f"“{operation}” was already undone.")
    touched = _rows(operation)
    later = EditorialOperation.objects.filter(pk__gt=operation.pk, undone_at__isnull=True)
    for newer in later.order_by("-pk"):
        if _rows(newer) & touched:
            raise OperationError(
                f"“{newer}” (operation {newer.pk}) changed some of the same rows since: "
                "undo it first."
            )
    reason = f"undo of operation {operation.pk}"

    # Parents were deleted after their children, so they come back first.
    for row in reversed(operation.deleted):
        _recreate(row, user, reason)
    for change in reversed(operation.changes):
        _revert(change, user, reason)
    for entry in reversed(operation.created):
        obj = apps.get_model(entry["model"])._base_manager.filter(pk=entry["pk"]).first()
        if obj is not None:  # an editor may have deleted it since, which is what undo wants
            _delete(obj, user, reason)

    operation.undone_at = timezone.now()
    operation.undone_by = user
    operation.save(update_fields=["undone_at", "undone_by"])
    return operation


def _recreate(row, user, reason):
    model = apps.get_model(row["model"])
    if model._base_manager.filter(pk=row["pk"]).exists():
        raise OperationError(
            f"{model._meta.verbose_name.capitalize()} {row['pk']} exists again; "
            "it cannot be recreated."
        )
    for restored in serializers.deserialize("python", [row]):
        # Saved normally rather than raw, so that history records the row's return.
        _save(restored.object, user, reason, force_insert=True)
        for field_name, pks in (restored.m2m_data or {}).items():
            getattr(restored.object, field_name).set(pks)


def _revert(change, user, reason):
    model = apps.get_model(change["model"])
    obj = model._base_manager.filter(pk=change["pk"]).first()
    label = f"{model._meta.verbose_name} {change['pk']}"
    if obj is None:
        raise OperationError(f"{label.capitalize()} was deleted since; it cannot be put back.")
    field = model._meta.get_field(change["field"])
    if field.many_to_many:
        # Only the links the operation added or removed: links added since stay.
        before, after = set(change["before"]), set(change["after"])
        manager = getattr(obj, field.name)
        manager.remove(*(after - before))
        manager.add(*(before - after))
        return
    if getattr(obj, field.attname) != change["after"]:
        raise OperationError(
            f"The {field.verbose_name} of {label} was changed since; "
            "undo would overwrite that change."
        )
    setattr(obj, field.attname, change["before"])
    _save(obj, user, reason)
