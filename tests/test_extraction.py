"""Claims, people, events, discrepancies and timeline entries found in the five seeds."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, DatePrecision, Event, Story, TimelineEntry
from claims.models import Attribution, Claim, ClaimEvidence, Discrepancy, Person, PersonKind

from .test_admin import signed_version

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FILES = {
    "000": "000_8b93fc93d2daa9c9.txt",
    "001": "001_cf25273725998dcc.txt",
    "002": "002_f665bbb88d0360da.txt",
    "003": "003_2e35bb78130ce9f1.txt",
    "004": "004_2274d8085f08d29a.txt",
}
pytestmark = pytest.mark.django_db


def quiet(command, *args):
    call_command(command, *args, stdout=StringIO(), stderr=StringIO())


def export():
    out = StringIO()
    call_command("export_archive", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    quiet("import_seeds", str(folder))
    return {key: Article.objects.get(source_file=name) for key, name in FILES.items()}


def claim_saying(words):
    """The one claim whose appearances include these words."""
    claims = Claim.objects.filter(attributions__words__icontains=words).distinct()
    assert claims.count() == 1, [c.text for c in claims]
    return claims.get()


def carried_by(claim):
    files = claim.attributions.values_list("article__source_file", flat=True)
    return sorted({name[:3] for name in files})


def test_the_four_reports_of_19_february_are_one_event_and_the_january_report_another(seeds):
    february = {seeds[key].event for key in ("000", "001", "002", "004")}
    assert len(february) == 1
    (event,) = february
    assert seeds["003"].event != event
    assert (event.date.isoformat(), event.date_precision) == ("2025-02-19", "day")
    assert event.title == seeds["004"].headline
    assert event.slug and event.get_absolute_url() == f"/events/{event.slug}/"


def test_related_events_share_one_story(seeds):
    assert seeds["000"].event.story == seeds["003"].event.story
    assert Story.objects.count() == 1


@pytest.mark.parametrize(
    ("words", "outlets"),
    [
        ("considered South Korean nationals", ["000", "001", "002", "004"]),
        ("free will regarding", ["000", "001", "002", "004"]),
        ("persecution", ["000", "001", "002", "004"]),
        ("conveyed this position to the Ukrainian government", ["000", "001", "004"]),
        ("apply for refugee status and go to South Korea", ["000", "001", "002"]),
    ],
)
def test_one_statement_worded_differently_by_each_outlet_is_one_claim(seeds, words, outlets):
    anchor = Attribution.objects.filter(words__icontains=words).order_by("pk").first()
    assert carried_by(anchor.claim) == outlets


def test_claims_that_only_share_topic_words_stay_apart(seeds):
    nationals = claim_saying("Under our Constitution, North Korean soldiers are considered")
    free_will = claim_saying("Respecting an individual’s free will regarding repatriation")
    conveyed = Attribution.objects.filter(words__icontains="conveyed this position").first().claim
    persecution = claim_saying("should not be sent back to a place")
    assert len({nationals.pk, free_will.pk, conveyed.pk, persecution.pk}) == 4


def test_every_attribution_quotes_its_article_at_its_offsets(seeds):
    attributions = Attribution.objects.select_related("article")
    assert attributions.count() > 40
    for attribution in attributions:
        body = attribution.article.body
        assert body[attribution.start : attribution.end] == attribution.words


def test_the_soldier_called_lee_in_one_outlet_and_ri_in_three_is_one_person(seeds):
    ri = Person.objects.get(aliases__name="Lee")
    assert set(ri.aliases.values_list("name", flat=True)) >= {"Lee", "Ri"}
    assert ri.name == "Ri"  # as most outlets spell it
    refugee = Attribution.objects.filter(words__icontains="refugee status").first().claim
    assert refugee.speaker == ri


def test_paek_and_baek_are_one_rifleman(seeds):
    baek = Person.objects.get(aliases__name="Baek")
    assert set(baek.aliases.values_list("name", flat=True)) == {"Baek", "Paek"}
    assert set(baek.mentioned_in.values_list("source_file", flat=True)) == {
        FILES["001"],
        FILES["002"],
    }


def test_zelensky_spelled_several_ways_is_one_person(seeds):
    zelensky = Person.objects.get(aliases__name="Volodymyr Zelensky")
    assert {"Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= set(
        zelensky.aliases.values_list("name", flat=True)
    )
    assert Person.objects.filter(aliases__name__icontains="zelensk").distinct().count() == 1


def test_an_unnamed_official_is_one_anonymous_source_per_role_and_event(seeds):
    official = Person.objects.get(
        kind=PersonKind.ANONYMOUS, description="Foreign Ministry official"
    )
    assert official.event == seeds["000"].event
    assert claim_saying("considered South Korean nationals").speaker == official
    phrases = Attribution.objects.filter(claim__speaker=official).values_list("phrase", flat=True)
    assert any("condition of anonymity" in phrase for phrase in phrases)


def test_byline_authors_are_journalists_linked_to_their_articles(seeds):
    authors = seeds["000"].authors.all()
    assert sorted(a.name for a in authors) == ["HYUNJU PARK", "YOUNGNAM KIM"]
    assert {a.description for a in authors} == {"journalist"}
    assert list(seeds["001"].authors.values_list("name", flat=True)) == ["Ji Da-gyum"]


def test_outlets_spelling_the_soldier_differently_is_a_discrepancy(seeds):
    discrepancy = Discrepancy.objects.get(kind="name")
    values = {v.article.source_file[:3]: v.value for v in discrepancy.values.all()}
    assert values["000"] == "Lee"
    assert {values[key] for key in values if key != "000"} == {"Ri"}


def test_different_troop_figures_are_a_discrepancy(seeds):
    discrepancy = Discrepancy.objects.get(kind="figure", subject__startswith="number of soldiers")
    values = sorted(v.value for v in discrepancy.values.all())
    assert values == ["around 11,000", "more than 10,000"]
    assert all(v.attribution.article == v.article for v in discrepancy.values.all())


def test_dated_background_becomes_timeline_entries_linked_to_their_articles(seeds):
    capture = TimelineEntry.objects.get(date="2025-01-09")
    assert capture.date_precision == "day"
    assert "has no year" in capture.note
    assert list(capture.articles.all()) == [seeds["001"]]
    deployed = TimelineEntry.objects.get(date="2024-01-01")
    assert deployed.date_precision == "year"
    assert capture.story == seeds["001"].event.story


def test_rerunning_the_extraction_changes_nothing(seeds):
    before = export()
    out = StringIO()
    call_command("extract_claims", stdout=out)
    assert "0 attributions created, 0 attributions removed, 0 claims created" in out.getvalue()
    assert export() == before


def test_an_editors_corrections_survive_a_rerun(seeds, editor_client):
    nationals = claim_saying("considered South Korean nationals")
    free_will = claim_saying("free will regarding repatriation is in line")
    moved = nationals.attributions.order_by("pk").first()
    ri = Person.objects.get(aliases__name="Lee")
    # The editor moves one appearance to another claim, and names a speaker for that claim.
    response = editor_client.post(
        reverse("admin:claims_attribution_change", args=[moved.pk]),
        {
            "claim": free_will.pk,
            "article": moved.article_id,
            "words": moved.words,
            "start": moved.start,
            "end": moved.end,
            "phrase": moved.phrase,
            "speaker_name": moved.speaker_name,
            "speaker_named": "on",
            "mode": moved.mode,
            "version": signed_version(
                editor_client, reverse("admin:claims_attribution_change", args=[moved.pk])
            ),
        },
    )
    assert response.status_code == 302
    response = editor_client.post(
        reverse("admin:claims_claim_change", args=[free_will.pk]),
        {
            "event": free_will.event_id,
            "speaker": ri.pk,
            "text": free_will.text,
            "kind": free_will.kind,
            "status": "disputed",
            "status_note": "Checked against the ministry's statement.",
            "figure_value": "",
            "version": signed_version(
                editor_client, reverse("admin:claims_claim_change", args=[free_will.pk])
            ),
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
            "attributions-TOTAL_FORMS": "0",
            "attributions-INITIAL_FORMS": "0",
            "attributions-MIN_NUM_FORMS": "0",
            "attributions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    quiet("extract_claims")
    moved.refresh_from_db()
    free_will.refresh_from_db()
    assert moved.claim == free_will
    assert (free_will.speaker, free_will.status) == (ri, "disputed")


def test_an_appearance_the_extraction_rejoins_gets_a_new_version_and_a_history_row(
    seeds, editor_client
):
    nationals = claim_saying("considered South Korean nationals")
    appearance = nationals.attributions.order_by("pk").last()
    # Left on a claim of its own, as if an earlier run had not matched it (no editor did this).
    Attribution.objects.filter(pk=appearance.pk).update(
        claim=Claim.objects.create(event=nationals.event, text=appearance.words)
    )
    url = reverse("admin:claims_attribution_change", args=[appearance.pk])
    opened = signed_version(editor_client, url)

    quiet("extract_claims")

    appearance.refresh_from_db()
    assert appearance.claim == nationals
    assert appearance.history.latest().claim_id == nationals.pk
    # The editor's form, opened before the extraction moved the appearance, is refused.
    response = editor_client.post(
        url,
        {
            "claim": appearance.claim_id,
            "article": appearance.article_id,
            "words": appearance.words,
            "start": appearance.start,
            "end": appearance.end,
            "phrase": "edited",
            "speaker_name": appearance.speaker_name,
            "speaker_named": "on",
            "mode": appearance.mode,
            "version": opened,
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    appearance.refresh_from_db()
    assert appearance.phrase != "edited"


def test_an_articles_history_records_its_event_with_its_credits(seeds):
    credited = [a for a in seeds.values() if a.credited_outlets.exists()]
    assert credited
    for article in credited:
        latest = article.history.latest()
        assert latest.event_id == article.event_id is not None
        assert {link.outlet_id for link in latest.credited_outlets.all()} == set(
            article.credited_outlets.values_list("pk", flat=True)
        )
    # The import's own row already lists the credits; the extraction's adds the event.
    imported, placed = credited[0].history.order_by("history_id")
    assert imported.event_id is None
    assert imported.history_change_reason.startswith("imported from")
    assert {link.outlet_id for link in imported.credited_outlets.all()} == set(
        credited[0].credited_outlets.values_list("pk", flat=True)
    )
    assert placed.event_id == credited[0].event_id


def test_an_event_an_editor_sets_while_the_import_compares_stands(tmp_path, monkeypatch):
    from claims import matching

    chosen = Event.objects.create(
        title="Chosen by an editor", date=None, date_precision=DatePrecision.UNKNOWN
    )
    compare = matching.group_articles

    def editor_meanwhile(items):
        groups = compare(items)
        # Once, during the first comparison of the import.
        Article.objects.filter(source_file=FILES["001"], event=None).update(event=chosen)
        return groups

    monkeypatch.setattr(matching, "group_articles", editor_meanwhile)
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    quiet("import_seeds", str(folder))
    placed = Article.objects.get(source_file=FILES["001"])
    assert placed.event == chosen
    assert placed.attributions.exists()  # and it was extracted in that event


def test_extraction_of_one_article_by_id(seeds):
    out = StringIO()
    call_command("extract_claims", "--article", str(seeds["003"].pk), stdout=out)
    assert out.getvalue().startswith("Extraction: 0 events created")


def test_extraction_of_an_unknown_article_is_refused(seeds):
    with pytest.raises(Exception, match="No article with id 999999"):
        call_command("extract_claims", "--article", "999999")


def test_a_manifest_event_overrides_the_grouping(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    manifest = folder / "sources.toml"
    named = 'event = "Seoul says it will accept North Korean POWs"'
    text = manifest.read_text()
    text = text.replace('outlet = "Drop The Info"', f'outlet = "Drop The Info"\n{named}')
    text = text.replace('outlet = "New York Parrot"', f'outlet = "New York Parrot"\n{named}')
    manifest.write_text(text)
    quiet("import_seeds", str(folder))
    january = Article.objects.get(source_file=FILES["003"])
    assert january.event.title == "Seoul says it will accept North Korean POWs"
    # The other reports of that day join the event the manifest named.
    assert Article.objects.get(source_file=FILES["001"]).event == january.event
    assert Event.objects.count() == 1


def test_a_report_on_something_else_is_its_own_event(seeds, tmp_path):
    other = tmp_path / "wire.txt"
    other.write_text(
        "Floods close schools across Bavaria\n\n"
        "MUNICH (AP) — Heavy rain flooded rivers across Bavaria on Tuesday, closing hundreds of "
        "schools, the state interior ministry said.\n\n"
        "“We have never seen water this high in March,” said Anna Weber, the mayor of a town "
        "on the Danube.\n"
    )
    quiet("import_seeds", str(other))
    article = Article.objects.get(source_file="wire.txt")
    assert article.event not in {seeds["000"].event, seeds["003"].event}
    weber = Person.objects.get(aliases__name="Anna Weber")
    assert weber.claims.get().text.startswith("We have never seen water")
    assert Event.objects.count() == 3


def test_the_export_carries_people_events_claims_timeline_and_discrepancies(seeds):
    document = json.loads(export())
    ri = next(p for p in document["people"] if "Lee" in p["aliases"])
    assert "Ri" in ri["aliases"]
    assert all(e["story"] for e in document["events"])
    assert any(t["date"] == "2025-01-09" for t in document["timeline_entries"])
    assert {d["kind"] for d in document["discrepancies"]} == {"name", "figure"}
    nationals = next(
        c
        for c in document["claims"]
        if any("considered South Korean nationals" in a["words"] for a in c["attributions"])
    )
    assert len({a["article"] for a in nationals["attributions"]}) == 4


def test_the_event_page_of_19_february_compares_the_four_outlets(seeds, client):
    event = seeds["000"].event
    html = client.get(event.get_absolute_url()).content.decode()
    for outlet in ("The Korea Daily", "Asia News Network", "The Straits Times", "Drop The Info"):
        assert f'<th scope="col">{outlet}</th>' in html
    nationals = claim_saying("considered South Korean nationals")
    row = html[html.index(f'id="claim-{nationals.pk}"') :]
    row = row[: row.index("</tr>")]
    assert row.count("<td data-outlet=") == 4 and 'class="missing"' not in row
    assert "anonymous source" in row
    assert "name of Ri" in html and ">Lee</th>" in html and ">Ri</th>" in html


def test_the_timeline_shows_both_events_and_the_background(seeds, client):
    html = client.get(reverse("articles:home")).content.decode()
    assert seeds["000"].event.title in html and seeds["003"].event.title in html
    assert html.count('class="timeline-background"') == TimelineEntry.objects.count() >= 3


@pytest.mark.django_db
def test_a_new_article_is_compared_with_articles_near_its_date_only():
    import datetime

    from claims.extraction import neighbours

    from .factories import make_article

    def article(date, precision="day"):
        return make_article(published=date, published_precision=precision)

    new = article(datetime.date(2024, 5, 10))
    near = article(datetime.date(2024, 5, 12))
    same_month = article(datetime.date(2024, 5, 1), "month")
    far = article(datetime.date(2024, 8, 1))
    undated = make_article(published=None, published_precision="unknown")
    found = set(neighbours([new]))
    assert {new, near, same_month, undated} <= found
    assert far not in found


@pytest.mark.django_db
def test_an_event_takes_reports_of_its_first_days_only_not_a_chain_of_days():
    import datetime

    from claims.extraction import Report, assign_events

    from .factories import make_article, make_event

    body = (SEEDS / FILES["000"]).read_text(encoding="utf-8")
    first_day = datetime.date(2025, 2, 19)
    event = make_event(date=first_day)
    make_article(body=body, published=first_day, event=event)
    # The same report in later imports: two days on it belongs to the event; four days on it
    # starts another, though it is within days of the report of two days on.
    later = []
    for days in (2, 4):
        later.append(make_article(body=body, published=first_day + datetime.timedelta(days)))
        assign_events(later[-1:], Report())
    assert later[0].event == event
    assert later[1].event not in (None, event)


def test_articles_are_grouped_in_batches_of_close_dates():
    import datetime

    from articles.models import Article as Row
    from claims.extraction import date_batches

    def row(day):
        return Row(
            published=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
            published_precision="day",
        )

    rows = [row(0), row(2), row(4), row(40), row(41), row(400)]
    assert [[r.published.day for r in b] for b in date_batches(rows)] == [[1, 3, 5], [10, 11], [4]]


@pytest.mark.django_db
def test_a_later_report_in_the_story_reads_only_its_own_events_background():
    """A story may run for years: extracting a new report does not reread the whole story, and
    so does not bring back a background entry an editor deleted."""
    import datetime

    from claims import extraction

    from .factories import make_article, make_event, make_story

    story = make_story()
    day = datetime.date(2025, 3, 1)
    old = make_article(
        event=make_event(story=story, date=day),
        published=day,
        body="The talks began in 2019, officials said.",
    )
    extraction.run([old.pk])
    began = TimelineEntry.objects.get(story=story, date="2019-01-01")
    began.delete()  # an editor's call: not background this story needs
    new = make_article(
        event=make_event(story=story, date=day.replace(month=6)),
        published=day.replace(month=6),
        body="Fighting resumed in 2024, the ministry said.",
    )
    extraction.run([new.pk])
    dates = set(TimelineEntry.objects.filter(story=story).values_list("date", flat=True))
    assert dates == {datetime.date(2024, 1, 1)}


@pytest.mark.django_db
def test_a_person_takes_the_spelling_most_appearances_print_across_events_ties_to_the_first():
    from claims.extraction import name_people_by_majority

    from .factories import make_attribution, make_claim, make_event, make_person

    person = make_person(name="Lee", kind=PersonKind.NAMED)

    def appearances(event, spelling, count):
        claim = make_claim(event=event, speaker=person)
        for _ in range(count):
            make_attribution(claim=claim, speaker_name=spelling)

    first, second, third = make_event(), make_event(), make_event()
    appearances(first, "Lee", 2)
    appearances(second, "Ri", 3)
    name_people_by_majority([second])
    person.refresh_from_db()
    assert person.name == "Ri"  # 3 against 2, counted over both events
    appearances(third, "Ri", 1)
    name_people_by_majority([third])
    person.refresh_from_db()
    assert person.name == "Ri"
    appearances(third, "Lee", 2)  # 4 each: the spelling printed first wins
    name_people_by_majority([third])
    person.refresh_from_db()
    assert person.name == "Lee"


def test_each_claim_joined_into_another_leaves_a_deleted_row_in_its_history(seeds):
    created = set(Claim.history.filter(history_type="+").values_list("id", flat=True))
    deleted = Claim.history.filter(history_type="-")
    stored = set(Claim.objects.values_list("pk", flat=True))
    assert created - stored  # the seeds' outlets carry statements in common
    assert set(deleted.values_list("id", flat=True)) == created - stored
    assert deleted.count() == len(created - stored)
    assert not deleted.exclude(history_user=None).exists()


def test_a_claim_left_without_appearances_goes_with_its_evidence(seeds):
    event = seeds["000"].event
    empty = Claim.objects.create(event=event, text="Nobody says this any more.")
    ClaimEvidence.objects.create(claim=empty, url="https://example.com/evidence")
    quiet("extract_claims")
    assert not Claim.objects.filter(pk=empty.pk).exists()
    assert not ClaimEvidence.objects.exists()
    assert Claim.history.filter(id=empty.pk, history_type="-").count() == 1
