"""Tests for articles.parsing: the five seed scrapes, hand-made pages in other layouts, decode()."""

import datetime
import json
from pathlib import Path

import pytest

from articles.parsing import ParseError, decode, parse_article

SEEDS = Path(__file__).parent.parent / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
FIXTURES = Path(__file__).parent / "fixtures" / "articles"

# A careful reader's annotation of the seeds: what each text really prints.
ANNOTATIONS = {
    entry["file"]: entry
    for entry in json.loads((SEEDS / "annotations.json").read_text(encoding="utf-8"))["articles"]
}


def seed_file(prefix):
    return next(name for name in ANNOTATIONS if name.startswith(prefix))


def raw_seed(prefix):
    text, _warnings = decode((SEEDS / seed_file(prefix)).read_bytes())
    return text


def parsed_seed(prefix):
    return parse_article(raw_seed(prefix))


def page(*blocks):
    """A small page: blocks of text separated by blank lines."""
    return "\n\n".join(blocks)


LEAD = "The ministry said on Thursday that it would review the program, officials told reporters."


# --- The five seeds ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [name for name, entry in ANNOTATIONS.items() if entry["headline"]])
def test_it_takes_the_headline_the_text_prints(name):
    article = parse_article(decode((SEEDS / name).read_bytes())[0])
    assert article.headline == ANNOTATIONS[name]["headline"]
    assert not article.headline_provisional


@pytest.mark.parametrize(
    "name", [name for name, entry in ANNOTATIONS.items() if not entry["headline"]]
)
def test_it_makes_a_provisional_headline_from_the_lead_when_the_text_has_none(name):
    article = parse_article(decode((SEEDS / name).read_bytes())[0])
    assert article.headline_provisional
    assert article.paragraphs[0].startswith(article.headline)
    assert any("no headline" in reason for reason in article.review_reasons)


@pytest.mark.parametrize("name", list(ANNOTATIONS))
def test_it_reads_the_byline_as_printed(name):
    article = parse_article(decode((SEEDS / name).read_bytes())[0])
    assert article.byline == (ANNOTATIONS[name]["byline"] or "")


@pytest.mark.parametrize(
    ("prefix", "authors"),
    [
        ("000", ["HYUNJU PARK", "YOUNGNAM KIM"]),
        ("001", ["Ji Da-gyum"]),  # printed twice, counted once
        ("002", []),
        ("003", []),
        ("004", []),
    ],
)
def test_it_splits_the_byline_into_authors_each_once(prefix, authors):
    assert parsed_seed(prefix).authors == authors


@pytest.mark.parametrize("name", list(ANNOTATIONS))
def test_it_takes_the_publication_date_from_the_text_only(name):
    # A date known only from the page address is the manifest's to give, not the parser's.
    annotation = ANNOTATIONS[name]
    article = parse_article(decode((SEEDS / name).read_bytes())[0])
    if annotation["published_source"] == "text":
        assert article.published == datetime.date.fromisoformat(annotation["published"])
        assert article.precision == "day"
    else:
        assert article.published is None
        assert article.precision == "unknown"


@pytest.mark.parametrize(
    ("prefix", "dateline"),
    [("000", ""), ("001", "SEOUL"), ("002", "SEOUL"), ("003", ""), ("004", "")],
)
def test_it_stores_the_dateline_and_strips_it_from_the_first_paragraph(prefix, dateline):
    article = parsed_seed(prefix)
    assert article.dateline == dateline
    assert not article.paragraphs[0].startswith("SEOUL")


@pytest.mark.parametrize(
    ("prefix", "start"),
    [
        ("000", "South Korean government has made it clear that it will accept all North Korean"),
        ("001", "The South Korean government will accept any North Korean soldier captured"),
        ("002", "Seoul affirmed on Feb 19 that North Korean troops had a right"),
        ("003", "South Korea’s National Intelligence Service has confirmed that two North Korean"),
        (
            "004",
            "South Korea is willing to provide protection and support to North Korean soldiers",
        ),
    ],
)
def test_it_starts_the_body_with_the_lead_paragraph(prefix, start):
    assert parsed_seed(prefix).paragraphs[0].startswith(start)


@pytest.mark.parametrize(
    ("prefix", "end"),
    [
        ("000", "could lead to disadvantages or harm to him and his family.”"),
        (
            "001",
            "to the safety of themselves and their families,” the ministry’s statement added.",
        ),
        ("002", "but Ukrainian authorities holding them have not replied."),
        ("003", "that could enhance North Korea’s nuclear capabilities."),
        ("004", "led him to believe that the South Korean military was behind the drone attacks."),
    ],
)
def test_it_ends_the_body_with_the_last_paragraph_of_the_article(prefix, end):
    assert parsed_seed(prefix).paragraphs[-1].endswith(end)


@pytest.mark.parametrize(
    ("prefix", "furniture"),
    [
        ("000", "BY HYUNJU PARK"),
        ("000", "koreadaily.com"),
        ("001", "Ji Da-gyum"),
        ("001", "The Korea Herald"),
        ("001", "2-10.jpg"),
        ("001", "PHOTO:"),
        ("001", "February 20, 2025"),
        ("001", "scroll to top"),
        ("002", "Sign up now"),
        ("002", 'are "constitutionally considered our nationals".'),  # the photo caption
        ("002", "PHOTO: AFP"),
        ("002", "Follow topic"),
        ("002", "See more on"),
        ("002", "have not replied. AFP"),
        ("003", "Home »"),
        ("003", "img_2418-1.jpg"),
        ("003", "About The Author"),
        ("003", "©"),
        ("003", "All rights reserved"),
        ("004", "Share"),
        ("004", "Related Articles"),
        ("004", "Global"),
        ("004", "Pope Francis"),
    ],
)
def test_no_page_furniture_survives_in_the_body(prefix, furniture):
    assert furniture in raw_seed(prefix)
    assert furniture not in parsed_seed(prefix).body


def test_it_joins_a_sentence_a_layout_broke_over_three_lines():
    paragraphs = parsed_seed("002").paragraphs
    assert any(
        paragraph.startswith(
            "Asked whether North Korean soldiers had received orders to kill themselves instead "
            "of being captured as Western intelligence had reported, Ri said:"
        )
        for paragraph in paragraphs
    )


def test_it_joins_a_broken_sentence_whose_next_line_opens_a_quotation():
    paragraphs = parsed_seed("002").paragraphs
    assert any(
        paragraph.startswith(
            "Seoul estimated last week that North Korea has given Moscow “some 11,000 troops,"
        )
        for paragraph in paragraphs
    )


def test_it_keeps_the_standfirst_apart_from_the_body():
    article = parsed_seed("001")
    assert article.standfirst.startswith("The announcement followed a North Korean prisoner")
    assert article.standfirst not in article.paragraphs


def test_it_prints_a_lead_repeated_under_an_image_only_once():
    article = parsed_seed("003")
    lead = "South Korea’s National Intelligence Service has confirmed"
    assert article.body.count(lead) == 1
    assert article.standfirst == ""


def test_it_records_a_trailing_wire_credit_as_a_wire_credit():
    assert parsed_seed("002").wire_credits == ["AFP"]


def test_it_takes_the_outlet_from_the_byline_email_domain():
    article = parsed_seed("000")
    assert article.emails == ["kim.youngnam@koreadaily.com"]
    assert ("email_domain", "koreadaily.com") in article.outlet_hints


def test_it_takes_a_line_naming_a_paper_as_outlet_evidence():
    assert ("credit", "The Korea Herald") in parsed_seed("001").outlet_hints


def test_it_takes_the_credit_at_the_end_of_a_photo_caption_as_outlet_evidence():
    hints = parsed_seed("001").outlet_hints
    assert ("photo_credit", "TELEGRAM / V_ZELENSKIY_OFFICIAL VIA AFP") in hints


def test_it_takes_the_paper_named_in_a_newsletter_prompt_as_outlet_evidence():
    assert ("newsletter", "ST") in parsed_seed("002").outlet_hints


def test_it_does_not_take_a_reported_event_date_for_the_publication_date():
    article = parsed_seed("000")
    assert "said on February 19" in article.body
    assert article.published is None
    assert any("February 19 (no year)" in reason for reason in article.review_reasons)


def test_it_records_the_section_label_above_the_headline():
    assert parsed_seed("004").section == "Global"


# --- Hand-made pages in other layouts ---------------------------------------------------------

FIXTURE_NAMES = sorted(path.name.removesuffix(".txt") for path in FIXTURES.glob("*.txt"))
FIXTURE_FIELDS = [
    "headline",
    "headline_provisional",
    "section",
    "standfirst",
    "byline",
    "authors",
    "emails",
    "outlet_hints",
    "wire_credits",
    "published",
    "precision",
    "dateline",
    "paragraphs",
]


def parsed_fixture(name):
    return parse_article(decode((FIXTURES / f"{name}.txt").read_bytes())[0])


def expected_fixture(name):
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_there_are_at_least_three_hand_made_pages():
    assert len(FIXTURE_NAMES) >= 3


@pytest.mark.parametrize("field", FIXTURE_FIELDS)
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_it_reads_each_field_of_the_hand_made_pages(name, field):
    value = getattr(parsed_fixture(name), field)
    if field == "published" and value is not None:
        value = value.isoformat()
    if field == "outlet_hints":
        value = [list(hint) for hint in value]
    assert value == expected_fixture(name)[field]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_it_gives_the_review_reasons_each_hand_made_page_calls_for(name):
    reasons = " ".join(parsed_fixture(name).review_reasons)
    expected = expected_fixture(name)["review_reasons_mention"]
    if expected:
        assert all(words in reasons for words in expected)
    else:
        assert reasons == ""


# --- Single rules, on small pages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published", "precision"),
    [
        ("February 20, 2025", datetime.date(2025, 2, 20), "day"),
        ("Feb. 20, 2025", datetime.date(2025, 2, 20), "day"),
        ("20 Feb 2025", datetime.date(2025, 2, 20), "day"),
        ("2025-02-20", datetime.date(2025, 2, 20), "day"),
        ("Thursday, 20 February 2025, 10:31 am KST", datetime.date(2025, 2, 20), "day"),
        ("Published: February 2025", datetime.date(2025, 2, 1), "month"),
    ],
)
def test_it_reads_a_date_line_with_its_precision(line, published, precision):
    article = parse_article(page("Ministry to review the program", line, LEAD))
    assert (article.published, article.precision) == (published, precision)


def test_it_never_invents_the_year_of_a_date_printed_without_one():
    article = parse_article(page("Ministry to review the program", "By Jane Doe | Feb 19", LEAD))
    assert article.published is None
    assert article.precision == "unknown"
    assert any("'Feb 19' has no year" in reason for reason in article.review_reasons)


def test_it_prefers_the_published_date_to_the_updated_date():
    article = parse_article(
        page(
            "Ministry to review the program",
            "Updated: March 2, 2025",
            "Published: March 1, 2025",
            LEAD,
        )
    )
    assert article.published == datetime.date(2025, 3, 1)


def test_it_asks_for_review_when_only_an_update_date_is_printed():
    article = parse_article(page("Ministry to review the program", "Updated March 2, 2025", LEAD))
    assert article.published == datetime.date(2025, 3, 2)
    assert any("update date" in reason for reason in article.review_reasons)


def test_it_joins_lines_broken_mid_sentence():
    article = parse_article(
        page("Ministry to review the program", "The ministry said the", "plan works.")
    )
    assert article.paragraphs == ["The ministry said the plan works."]


def test_it_keeps_apart_lines_when_the_first_ends_a_sentence():
    article = parse_article(page("Ministry to review the program", LEAD, "The plan works."))
    assert article.paragraphs == [LEAD, "The plan works."]


def test_it_keeps_a_short_subheading_apart_from_the_next_paragraph():
    article = parse_article(
        page("Ministry to review the program", LEAD, "Kim's reply", LEAD + " Again.")
    )
    assert article.paragraphs == [LEAD, "Kim's reply", LEAD + " Again."]


def test_it_does_not_take_a_sentence_starting_with_by_for_a_byline():
    sentence = "By the time the ministry replied, the soldiers had been moved."
    article = parse_article(page("Ministry to review the program", sentence, LEAD))
    assert article.byline == ""
    assert article.paragraphs[0] == sentence


def test_it_takes_a_wire_service_in_the_byline_as_a_wire_credit_not_an_author():
    article = parse_article(page("Ministry to review the program", "By Reuters", LEAD))
    assert article.authors == []
    assert article.wire_credits == ["Reuters"]


def test_it_keeps_a_subheading_that_reads_like_a_name_in_the_body():
    article = parse_article(
        page("Floods hit northern towns", LEAD, "Rescue Effort", LEAD + " Again.")
    )
    assert article.paragraphs == [LEAD, "Rescue Effort", LEAD + " Again."]
    assert article.byline == ""


def test_it_takes_a_short_title_case_headline_that_reads_like_a_name():
    article = parse_article(page("Trump Meets Kim", "By Jane Doe", LEAD))
    assert article.headline == "Trump Meets Kim"
    assert article.authors == ["Jane Doe"]


def test_it_does_not_take_a_headline_above_a_photo_credit_for_a_caption():
    article = parse_article(
        page("Storm closes the harbour", "Photo by Jane Roe/Getty Images", LEAD)
    )
    assert article.headline == "Storm closes the harbour"
    assert ("photo_credit", "Jane Roe/Getty Images") in article.outlet_hints


def test_it_reads_the_date_in_a_row_of_page_details():
    article = parse_article(
        page("Home | World | Asia", "Feb 20, 2025 | 3 min read | Politics", "Talks resume", LEAD)
    )
    assert article.published == datetime.date(2025, 2, 20)
    assert article.body == LEAD


def test_it_keeps_the_country_of_an_ap_dateline():
    article = parse_article(page("Talks resume", "SEOUL, South Korea (AP) — " + LEAD))
    assert article.dateline == "SEOUL, South Korea"
    assert article.paragraphs == [LEAD]


def test_it_drops_a_desk_credit_line_at_the_end_of_wire_copy():
    article = parse_article(
        page("Talks resume", LEAD, "Reporting by Jane Doe; Editing by John Roe")
    )
    assert article.paragraphs == [LEAD]


@pytest.mark.parametrize(
    "text",
    [
        page("Share", "scroll to top", "2-10.jpg"),
        page("Ministry to review the program", "Share", "Related Articles"),
    ],
)
def test_it_raises_parse_error_when_no_body_is_left(text):
    with pytest.raises(ParseError, match="no article text"):
        parse_article(text)


# --- decode() ---------------------------------------------------------------------------------


def test_decode_rejects_an_empty_file():
    with pytest.raises(ParseError, match="empty"):
        decode(b"")


def test_decode_rejects_a_file_of_whitespace():
    with pytest.raises(ParseError, match="whitespace"):
        decode(b" \n\t\r\n ")


def test_decode_rejects_a_file_with_nul_bytes_as_binary():
    with pytest.raises(ParseError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_decode_rejects_a_file_of_control_characters_as_binary():
    with pytest.raises(ParseError, match="binary"):
        decode(bytes(range(1, 9)) * 20 + b"some text")


def test_decode_falls_back_to_cp1252_with_a_warning():
    text, warnings = decode("“Ri” said: café".encode("cp1252"))
    assert text == "“Ri” said: café"
    assert len(warnings) == 1
    assert "cp1252" in warnings[0]


def test_decode_falls_back_to_latin_1_with_a_warning_when_cp1252_fails():
    text, warnings = decode(b"caf\xe9 au lait \x81 the byte cp1252 leaves undefined")
    assert text == "caf\xe9 au lait \x81 the byte cp1252 leaves undefined"
    assert "Latin-1" in warnings[0]


def test_decode_drops_a_utf8_byte_order_mark():
    text, warnings = decode("\ufeffSeoul says".encode())
    assert text == "Seoul says"
    assert warnings == []


def test_decode_changes_nothing_in_the_text_not_even_line_endings():
    text, warnings = decode("Seoul  says\r\n\r\n  “yes”\t\rend".encode())
    assert text == "Seoul  says\r\n\r\n  “yes”\t\rend"
    assert warnings == []


def test_it_reads_windows_and_old_mac_line_endings_like_unix_ones():
    unix = SEEDS.joinpath("002_f665bbb88d0360da.txt").read_text(encoding="utf-8")
    for ending in ("\r\n", "\r"):
        assert parse_article(unix.replace("\n", ending)) == parse_article(unix)


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)
