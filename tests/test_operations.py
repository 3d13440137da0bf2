"""Merges, splits and moves by editors, and their undo."""

import pytest
from django.core import serializers

from articles.models import Article, Event
from claims.models import (
    Attribution,
    Claim,
    ClaimEvidence,
    Discrepancy,
    DiscrepancyValue,
    EditorialOperation,
    Person,
    PersonAlias,
    SamePersonCandidate,
)
from claims.operations import (
    OperationError,
    confirm_same_person,
    merge_claims,
    merge_events,
    merge_people,
    move_article,
    reject_same_person,
    split_attribution,
    undo,
)

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_candidate,
    make_claim,
    make_discrepancy,
    make_event,
    make_person,
)

pytestmark = pytest.mark.django_db

EDITORIAL_MODELS = [
    Event,
    Article,
    Person,
    PersonAlias,
    SamePersonCandidate,
    Claim,
    ClaimEvidence,
    Attribution,
    Discrepancy,
    DiscrepancyValue,
]


def snapshot():
    """Every editorial row with its fields and links, but for the counters that any change goes
    up by: the version and an event's comparison revision."""
    rows = {}
    for model in EDITORIAL_MODELS:
        for row in serializers.serialize("python", model._base_manager.order_by("pk")):
            fields = row["fields"]
            fields.pop("version", None)
            fields.pop("comparison_revision", None)
            for name, value in fields.items():
                if isinstance(value, list):
                    fields[name] = sorted(value)
            rows[row["model"], row["pk"]] = fields
    return rows


def two_articles_event():
    """An event with two articles, each carrying its own words, as the seeds' outlets do."""
    event = make_event()
    first = make_article(event=event, body="Lee said “I want to go to South Korea,” he said.")
    second = make_article(event=event, body="Ri said “I want to go to South Korea” on Tuesday.")
    return event, first, second


def lee_and_ri():
    """Two records of one soldier, as the importer leaves them: Lee in one outlet, Ri in three."""
    event, first, second = two_articles_event()
    ri = make_person(name="Ri", description="captured North Korean soldier")
    lee = make_person(name="Lee")
    make_alias(person=ri, name="Ri")
    make_alias(person=lee, name="Lee")
    make_alias(person=lee, name="Ri")  # the same spelling on both: must not clash
    ri_claim = make_claim(event=event, speaker=ri)
    lee_claim = make_claim(event=event, speaker=lee)
    make_attribution("I want to go to South Korea", article=second, claim=ri_claim)
    make_attribution("I want to go to South Korea", article=first, claim=lee_claim)
    lee.articles.add(first)
    lee.mentioned_in.add(first, second)
    ri.mentioned_in.add(second)
    return ri, lee, first, second


# --- Merging people --------------------------------------------------------------------------


def test_merging_people_moves_every_claim_and_attribution_to_the_kept_person(editor):
    ri, lee, _, _ = lee_and_ri()
    attributions = Attribution.objects.count()

    merge_people(ri, lee, editor)

    assert not Person.objects.filter(pk=lee.pk).exists()
    assert Claim.objects.filter(speaker=ri).count() == 2
    assert Attribution.objects.count() == attributions
    assert Attribution.objects.filter(claim__speaker=ri).count() == attributions


def test_merging_people_makes_the_other_name_an_alias_without_duplicate_spellings(editor):
    ri, lee, _, _ = lee_and_ri()

    merge_people(ri, lee, editor)

    assert sorted(ri.aliases.values_list("name", flat=True)) == ["Lee", "Ri"]
    assert PersonAlias.objects.count() == 2


def test_merging_people_adds_the_other_name_when_it_had_no_alias(editor):
    keep = make_person(name="Volodymyr Zelensky")
    other = make_person(name="Zelenskiy")

    operation = merge_people(keep, other, editor)

    assert list(keep.aliases.values_list("name", flat=True)) == ["Zelenskiy"]
    assert operation.created == [
        {"model": "claims.personalias", "pk": keep.aliases.get().pk},
    ]


def test_merging_people_moves_bylines_and_mentions(editor):
    ri, lee, first, second = lee_and_ri()

    merge_people(ri, lee, editor)

    assert list(ri.articles.all()) == [first]
    assert sorted(ri.mentioned_in.values_list("pk", flat=True)) == sorted([first.pk, second.pk])


def test_merging_people_keeps_the_other_description_when_the_kept_person_has_none(editor):
    keep = make_person(name="Paek")
    other = make_person(name="Baek", description="captured North Korean soldier")

    merge_people(keep, other, editor)

    keep.refresh_from_db()
    assert keep.description == "captured North Korean soldier"


def test_merging_people_keeps_the_kept_description_over_the_other(editor):
    keep = make_person(name="Paek", description="soldier, 20")
    other = make_person(name="Baek", description="captured North Korean soldier")

    merge_people(keep, other, editor)

    keep.refresh_from_db()
    assert keep.description == "soldier, 20"


def test_merging_people_removes_their_own_pair_and_repoints_the_others(editor):
    keep, other, third, fourth = (make_person(name=n) for n in ["Ri", "Lee", "Rhee", "Yi"])
    own = make_candidate(person=keep, other=other)
    repointed = make_candidate(person=third, other=other)
    make_candidate(person=fourth, other=keep)
    duplicate = make_candidate(person=other, other=fourth)  # would repeat fourth/keep

    merge_people(keep, other, editor)

    assert not SamePersonCandidate.objects.filter(pk__in=[own.pk, duplicate.pk]).exists()
    repointed.refresh_from_db()
    assert (repointed.person, repointed.other) == (third, keep)
    assert SamePersonCandidate.objects.count() == 2


def test_merging_people_records_history_with_the_user_and_the_operation(editor):
    ri, lee, _, _ = lee_and_ri()
    claim = Claim.objects.get(speaker=lee)

    operation = merge_people(ri, lee, editor)

    moved = claim.history.latest()
    assert moved.history_user == editor
    assert moved.speaker_id == ri.pk
    assert moved.history_change_reason == f"merged 'Lee' into 'Ri' (operation {operation.pk})"
    gone = Person.history.filter(id=lee.pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", editor)


def test_merging_people_records_the_operation(editor):
    ri, lee, _, _ = lee_and_ri()
    claim = Claim.objects.get(speaker=lee)

    operation = merge_people(ri, lee, editor)

    assert operation.kind == EditorialOperation.Kind.MERGE_PEOPLE
    assert operation.user == editor
    assert operation.summary == "Merged 'Lee' into 'Ri' (1 claim, 1 alias, 1 byline, 1 mention)"
    speaker_change = {
        "model": "claims.claim",
        "pk": claim.pk,
        "field": "speaker",
        "before": lee.pk,
        "after": ri.pk,
    }
    assert speaker_change in operation.changes
    assert [row["pk"] for row in operation.deleted if row["model"] == "claims.person"] == [lee.pk]


def test_a_person_cannot_be_merged_into_itself(editor):
    person = make_person(name="Ri")

    with pytest.raises(OperationError, match="cannot be merged into itself"):
        merge_people(person, person, editor)

    assert Person.objects.filter(pk=person.pk).exists()
    assert not EditorialOperation.objects.exists()


def test_undoing_a_people_merge_restores_exactly_the_rows_before(editor):
    ri, lee, _, _ = lee_and_ri()
    make_candidate(person=ri, other=lee)
    make_candidate(person=make_person(name="Rhee"), other=lee)
    before = snapshot()
    operation = merge_people(ri, lee, editor)
    assert snapshot() != before

    undo(operation, editor)

    assert snapshot() == before
    operation.refresh_from_db()
    assert operation.undone_by == editor
    assert operation.undone_at is not None


def test_undoing_a_people_merge_keeps_bylines_added_since(editor):
    ri, lee, first, _ = lee_and_ri()
    later = make_article()
    operation = merge_people(ri, lee, editor)
    ri.articles.add(later)

    undo(operation, editor)

    assert list(ri.articles.all()) == [later]
    assert list(Person.objects.get(pk=lee.pk).articles.all()) == [first]


def test_undo_records_history_with_the_user(editor, superuser):
    ri, lee, _, _ = lee_and_ri()
    operation = merge_people(ri, lee, editor)

    undo(operation, superuser)

    back = Person.history.filter(id=lee.pk).latest()
    assert (back.history_type, back.history_user) == ("+", superuser)
    assert back.history_change_reason == f"undo of operation {operation.pk}"
    claim = Claim.objects.get(speaker=lee)
    assert claim.history.latest().history_user == superuser


# --- Same-person candidates ------------------------------------------------------------------


def test_confirming_a_candidate_merges_the_other_into_the_person(editor):
    ri, lee, _, _ = lee_and_ri()
    candidate = make_candidate(person=ri, other=lee)

    operation = confirm_same_person(candidate, editor)

    assert operation.kind == EditorialOperation.Kind.MERGE_PEOPLE
    assert not Person.objects.filter(pk=lee.pk).exists()
    assert Claim.objects.filter(speaker=ri).count() == 2
    # The pair goes with the person it names; its history keeps the confirmation and who made it.
    assert not SamePersonCandidate.objects.exists()
    confirmed = candidate.history.get(status="confirmed", history_type="~")
    assert confirmed.history_user == editor


def test_undoing_a_confirmation_reopens_the_candidate(editor):
    ri, lee, _, _ = lee_and_ri()
    candidate = make_candidate(person=ri, other=lee)
    before = snapshot()
    operation = confirm_same_person(candidate, editor)

    undo(operation, editor)

    assert snapshot() == before
    candidate.refresh_from_db()
    assert candidate.status == SamePersonCandidate.Status.OPEN


def test_rejecting_a_candidate_is_recorded_and_undoable(editor):
    candidate = make_candidate()

    operation = reject_same_person(candidate, editor)

    candidate.refresh_from_db()
    assert candidate.status == SamePersonCandidate.Status.REJECTED
    assert candidate.history.latest().history_user == editor
    assert operation.changes == [
        {
            "model": "claims.samepersoncandidate",
            "pk": candidate.pk,
            "field": "status",
            "before": "open",
            "after": "rejected",
        }
    ]

    undo(operation, editor)

    candidate.refresh_from_db()
    assert candidate.status == SamePersonCandidate.Status.OPEN


def test_a_candidate_already_decided_cannot_be_decided_again(editor):
    candidate = make_candidate(status=SamePersonCandidate.Status.REJECTED)

    with pytest.raises(OperationError, match="already marked"):
        confirm_same_person(candidate, editor)

    assert Person.objects.filter(pk=candidate.other_id).exists()


# --- Claims ----------------------------------------------------------------------------------


def shared_claim_pair():
    """One statement extracted as two claims of one event, one appearance each."""
    event, first, second = two_articles_event()
    keep = make_claim(event=event, text="I want to go to South Korea")
    other = make_claim(event=event, text="I want to go to South Korea.")
    kept = make_attribution("I want to go to South Korea", article=first, claim=keep)
    moving = make_attribution("I want to go to South Korea", article=second, claim=other)
    return keep, other, kept, moving


def test_merging_claims_moves_every_attribution_and_evidence_link(editor):
    keep, other, kept, moving = shared_claim_pair()
    link = ClaimEvidence.objects.create(claim=other, url="https://example.org/statement")

    operation = merge_claims(keep, other, editor)

    assert not Claim.objects.filter(pk=other.pk).exists()
    assert sorted(keep.attributions.values_list("pk", flat=True)) == sorted([kept.pk, moving.pk])
    assert list(keep.evidence.all()) == [link]
    assert operation.summary.endswith("(1 attribution, 1 evidence link)")


def test_merging_claims_leaves_discrepancy_values_on_their_attributions(editor):
    keep, other, _, moving = shared_claim_pair()
    discrepancy = make_discrepancy(values=(), event=keep.event)
    value = DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=moving.article, attribution=moving, value="South"
    )

    merge_claims(keep, other, editor)

    value.refresh_from_db()
    assert value.attribution_id == moving.pk
    assert Attribution.objects.get(pk=moving.pk).claim_id == keep.pk


def test_merging_claims_with_the_same_appearance_keeps_one_and_its_discrepancy_values(editor):
    keep, other, kept, _ = shared_claim_pair()
    copy = make_attribution("I want to go to South Korea", article=kept.article, claim=other)
    discrepancy = make_discrepancy(values=(), event=keep.event)
    value = DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=kept.article, attribution=copy, value="South"
    )

    merge_claims(keep, other, editor)

    assert not Attribution.objects.filter(pk=copy.pk).exists()
    value.refresh_from_db()
    assert value.attribution_id == kept.pk
    assert keep.attributions.count() == 2


def test_merging_claims_of_different_events_is_refused(editor):
    keep = make_claim()
    other = make_claim()
    make_attribution(claim=other, article=make_article(event=other.event))

    with pytest.raises(OperationError, match="different events cannot be merged"):
        merge_claims(keep, other, editor)

    assert other.attributions.count() == 1
    assert not EditorialOperation.objects.exists()


def test_a_claim_cannot_be_merged_into_itself(editor):
    claim = make_claim()

    with pytest.raises(OperationError, match="cannot be merged into itself"):
        merge_claims(claim, claim, editor)


def test_undoing_a_claim_merge_restores_exactly_the_rows_before(editor):
    keep, other, kept, _ = shared_claim_pair()
    copy = make_attribution("I want to go to South Korea", article=kept.article, claim=other)
    discrepancy = make_discrepancy(values=(), event=keep.event)
    DiscrepancyValue.objects.create(
        discrepancy=discrepancy, article=kept.article, attribution=copy, value="South"
    )
    ClaimEvidence.objects.create(claim=other, url="https://example.org/statement")
    before = snapshot()
    operation = merge_claims(keep, other, editor)

    undo(operation, editor)

    assert snapshot() == before


def test_splitting_an_attribution_gives_it_a_claim_of_its_own(editor):
    keep, other, kept, moving = shared_claim_pair()
    merge_claims(keep, other, editor)
    keep.refresh_from_db()
    keep.speaker = make_person(name="Ri")
    keep.kind = "paraphrase"
    keep.save()

    operation = split_attribution(moving, editor)

    moving.refresh_from_db()
    new = moving.claim
    assert new.pk not in (keep.pk, other.pk)
    assert (new.event, new.speaker, new.kind) == (keep.event, keep.speaker, "paraphrase")
    assert new.text == moving.words
    assert list(keep.attributions.all()) == [kept]
    assert operation.created == [{"model": "claims.claim", "pk": new.pk}]


def test_undoing_a_split_restores_exactly_the_rows_before(editor):
    keep, other, _, moving = shared_claim_pair()
    merge_claims(keep, other, editor)
    before = snapshot()
    operation = split_attribution(moving, editor)

    undo(operation, editor)

    assert snapshot() == before


def test_splitting_the_only_attribution_of_a_claim_is_refused(editor):
    attribution = make_attribution()

    with pytest.raises(OperationError, match="only appearance"):
        split_attribution(attribution, editor)

    assert Claim.objects.count() == 1


# --- Articles and events ---------------------------------------------------------------------


def test_moving_an_article_takes_the_claims_only_it_carries(editor):
    keep, _, kept, moving = shared_claim_pair()
    elsewhere = make_event()

    move_article(moving.article, elsewhere, editor)

    moving.refresh_from_db()
    assert moving.article.event == elsewhere
    assert moving.claim.event == elsewhere
    assert Claim.objects.get(pk=keep.pk).event_id == kept.article.event_id


def test_moving_an_article_splits_claims_shared_with_other_articles(editor):
    keep, other, kept, moving = shared_claim_pair()
    merge_claims(keep, other, editor)
    keep.refresh_from_db()
    keep.status = "verified"
    keep.save()
    old_event = keep.event
    elsewhere = make_event()

    operation = move_article(moving.article, elsewhere, editor)

    kept.refresh_from_db()
    moving.refresh_from_db()
    assert kept.claim == keep
    assert keep.event == old_event
    copy = moving.claim
    assert copy.pk != keep.pk
    assert (copy.event, copy.text, copy.status) == (elsewhere, keep.text, "verified")
    # No claim spans two events.
    for claim in Claim.objects.all():
        assert {a.article.event_id for a in claim.attributions.all()} == {claim.event_id}
    assert operation.summary.endswith("(0 claims moved, 1 shared claim split off)")


def test_undoing_an_article_move_restores_exactly_the_rows_before(editor):
    keep, other, _, moving = shared_claim_pair()
    merge_claims(keep, other, editor)
    make_attribution("on Tuesday", article=moving.article)  # a claim only this article has
    elsewhere = make_event()
    before = snapshot()
    operation = move_article(moving.article, elsewhere, editor)

    undo(operation, editor)

    assert snapshot() == before


def test_moving_an_article_to_its_own_event_is_refused(editor):
    article = make_article(event=make_event())

    with pytest.raises(OperationError, match="already in"):
        move_article(article, article.event, editor)


def test_merging_events_moves_articles_claims_discrepancies_and_anonymous_sources(editor):
    keep = make_event()
    other, first, second = two_articles_event()
    attribution = make_attribution("I want to go to South Korea", article=first)
    official = make_person(name="a Foreign Ministry official", kind="anonymous", event=other)
    discrepancy = make_discrepancy(event=other)

    merge_events(keep, other, editor)

    assert not Event.objects.filter(pk=other.pk).exists()
    assert set(keep.articles.all()) >= {first, second}
    assert list(keep.claims.all()) == [attribution.claim]
    assert list(keep.anonymous_sources.all()) == [official]
    assert list(keep.discrepancies.all()) == [discrepancy]


def test_merging_events_folds_discrepancies_about_the_same_subject(editor):
    keep = make_event()
    other = make_event()
    kept = make_discrepancy(event=keep, subject="troops sent", values=("10000",))
    folded = make_discrepancy(event=other, subject="troops sent", values=("11000",), note="Why")
    same_value = DiscrepancyValue.objects.create(
        discrepancy=folded, article=kept.values.get().article, value="10000"
    )

    merge_events(keep, other, editor)

    assert not Discrepancy.objects.filter(pk=folded.pk).exists()
    assert not DiscrepancyValue.objects.filter(pk=same_value.pk).exists()
    assert sorted(kept.values.values_list("value", flat=True)) == ["10000", "11000"]
    kept.refresh_from_db()
    assert kept.note == "Why"


def test_undoing_an_event_merge_restores_exactly_the_rows_before(editor):
    keep = make_event()
    other, first, _ = two_articles_event()
    make_attribution("I want to go to South Korea", article=first)
    make_person(name="a Foreign Ministry official", kind="anonymous", event=other)
    kept = make_discrepancy(event=keep, subject="troops sent", values=("10000",))
    folded = make_discrepancy(event=other, subject="troops sent", values=("11000",))
    DiscrepancyValue.objects.create(
        discrepancy=folded, article=kept.values.get().article, value="10000"
    )
    make_discrepancy(event=other, subject="soldiers captured")
    before = snapshot()
    operation = merge_events(keep, other, editor)

    undo(operation, editor)

    assert snapshot() == before


# --- Undo ------------------------------------------------------------------------------------


def test_an_operation_cannot_be_undone_twice(editor):
    ri, lee, _, _ = lee_and_ri()
    operation = merge_people(ri, lee, editor)
    undo(operation, editor)
    after_undo = snapshot()

    with pytest.raises(OperationError, match="already undone"):
        undo(operation, editor)

    assert snapshot() == after_undo


def test_undo_is_refused_while_a_later_operation_on_the_same_rows_stands(editor):
    ri, lee, _, _ = lee_and_ri()
    first = merge_people(ri, lee, editor)
    yi = make_person(name="Yi")
    second = merge_people(yi, ri, editor)  # moves the claims the first merge moved

    with pytest.raises(OperationError, match="undo it first"):
        undo(first, editor)

    first.refresh_from_db()
    assert first.undone_at is None
    undo(second, editor)
    undo(first, editor)
    assert Claim.objects.filter(speaker=lee).count() == 1


def test_undo_is_not_blocked_by_later_operations_on_other_rows(editor):
    ri, lee, _, _ = lee_and_ri()
    first = merge_people(ri, lee, editor)
    merge_people(make_person(name="Paek"), make_person(name="Baek"), editor)

    undo(first, editor)

    assert Person.objects.filter(pk=lee.pk).exists()


def test_undo_is_refused_when_a_changed_field_was_edited_since(editor):
    keep, other, _, moving = shared_claim_pair()
    operation = merge_claims(keep, other, editor)
    moving.refresh_from_db()
    moving.claim = make_claim(event=keep.event)
    moving.save()

    with pytest.raises(OperationError, match="was changed since"):
        undo(operation, editor)

    assert not Claim.objects.filter(pk=other.pk).exists()
    operation.refresh_from_db()
    assert operation.undone_at is None
