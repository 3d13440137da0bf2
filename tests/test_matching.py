"""Tests for claims.matching: people, claims, events and discrepancies on the five seed articles.

The claim texts below are quoted from the seed files (a test checks that each is there
verbatim); the speakers are the ones a reader assigns. seeds/annotations.json is used to check
names and events, never copied into the code under test.
"""

import datetime
import itertools
import json
from pathlib import Path

import pytest

from articles.parsing import decode, parse_article
from claims.matching import (
    DEFAULT_THRESHOLD,
    ArticleFacts,
    ClaimText,
    Statement,
    claim_similarity,
    compare_names,
    compare_roles,
    find_discrepancies,
    group_articles,
    group_claims,
    name_key,
    normalize_value,
    same_person,
    similarity_matrix,
)

SEEDS = Path(__file__).parent.parent / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

ANNOTATIONS = {
    entry["file"][:3]: entry
    for entry in json.loads((SEEDS / "annotations.json").read_text(encoding="utf-8"))["articles"]
}


def raw_seed(prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text, _warnings = decode(path.read_bytes())
    return text


# --- People -----------------------------------------------------------------------------------


def test_name_key_sets_typography_aside():
    assert name_key("Kim Jong-un") == name_key("Kim Jong Un") == "kim jong un"
    assert name_key("  KIM  Jong.Un ") == "kim jong un"
    assert name_key("Volodymyr Zelenskyy") != name_key("Volodymyr Zelensky")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelensky", "Zelenskyy"),
        ("Zelensky", "Zelenskiy"),
        ("Zelenskyy", "Zelenskiy"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Kim Jong-un", "Kim Jongun"),
    ],
)
def test_spellings_of_one_name_are_the_same(a, b):
    assert compare_names(a, b).verdict == "same"
    assert compare_names(b, a).verdict == "same"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lee", "Ri"),
        ("Lee", "Yi"),
        ("Rhee", "Ri"),
        ("Paek", "Baek"),
        ("Baek", "Paik"),
        ("Park", "Pak"),
        ("Park", "Bak"),
        ("Choi", "Choe"),
        ("Jung", "Jeong"),
        ("Jeong", "Chung"),
        ("Lim", "Rim"),
        ("Noh", "Roh"),
        ("Ryu", "Yoo"),
        ("Lee Jae-myung", "Yi Jae-myung"),
    ],
)
def test_korean_romanizations_are_candidates(a, b):
    match = compare_names(a, b)
    assert match.verdict == "candidate"
    assert "Korean surname" in match.reason


def test_close_spellings_and_partial_names_are_candidates_not_the_same():
    # Olena Zelenska is Volodymyr Zelensky's wife: spelling cannot tell them apart.
    assert compare_names("Zelensky", "Zelenska").verdict == "candidate"
    assert compare_names("Zelensky", "Volodymyr Zelenskyy").verdict == "candidate"
    assert compare_names("Kim", "Kim Jong Un").verdict == "candidate"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lee", "Kim"),
        ("Ri", "Paek"),
        ("Park", "Baek"),
        ("Kim Jong Un", "Kim Yo Jong"),
        ("Yu Huaying", "Ri"),
        ("Pamela Bondi", "Donald Trump"),
        ("Zelensky", "Zaluzhnyi"),
        ("Lee", ""),
    ],
)
def test_unrelated_names_are_different(a, b):
    assert compare_names(a, b).verdict == "different"


def test_agreeing_roles_make_a_romanization_candidate_the_same_person():
    soldier = "captured North Korean soldier"
    assert same_person("Lee", soldier, "Ri", soldier) == "same"
    assert (
        same_person("Lee", soldier, "Ri", "captured North Korean soldier (scout-sniper)") == "same"
    )
    assert (
        same_person(
            "Zelensky", "President of Ukraine", "Volodymyr Zelenskyy", "Ukrainian president"
        )
        == "same"
    )


def test_conflicting_roles_make_even_one_spelling_two_people():
    soldier = "captured North Korean soldier"
    assert same_person("Lee", soldier, "Lee", "foreign-ministry spokesman") == "different"
    assert same_person("Lee", soldier, "Ri", "foreign-ministry spokesman") == "different"


def test_without_roles_names_decide_alone():
    assert same_person("Lee", "captured North Korean soldier", "Ri", "") == "candidate"
    assert same_person("Zelensky", "", "Zelenskyy", "") == "same"
    assert same_person("Lee", "", "Kim", "") == "different"


def test_roles_that_share_a_modifier_but_not_a_head_say_nothing():
    assert compare_roles("North Korean leader", "captured North Korean soldier") == "unknown"
    assert compare_roles("captured soldier", "") == "unknown"


def annotated_people():
    """(article, canonical name, spelling as printed, role) for every person outside boilerplate."""
    return [
        (article, person["name"], variant, person["role"])
        for article, entry in sorted(ANNOTATIONS.items())
        for person in entry["people"]
        if not person.get("in_noise")
        for variant in person["variants"]
    ]


def test_every_spelling_of_an_annotated_person_is_recognized_across_the_seeds():
    for (art_a, name_a, printed_a, role_a), (
        art_b,
        name_b,
        printed_b,
        role_b,
    ) in itertools.combinations(annotated_people(), 2):
        expected = "same" if name_a == name_b else "different"
        assert same_person(printed_a, role_a, printed_b, role_b) == expected, (
            art_a,
            printed_a,
            art_b,
            printed_b,
        )


# --- Claims -----------------------------------------------------------------------------------

# An unnamed official speaking for the ministry and the ministry's statement are one voice.
MINISTRY = "south-korean-foreign-ministry"
RI = "ri"
ZELENSKY = "volodymyr-zelensky"
SPY_AGENCY = "national-intelligence-service"
UNIFICATION = "ministry-of-unification"
UNATTRIBUTED = ""

# What a reader finds in the seeds: claim -> (speaker, {article: the words as printed}). Claims
# in capitals must each come out as one group; the lower-case ones are distractors from the same
# story that share topic words with them and must each stay alone.
CLAIMS = {
    "NATIONALS": (
        MINISTRY,
        {
            "000": (
                "Under our Constitution, North Korean soldiers are considered South Korean "
                "nationals."
            ),
            "001": (
                "The Foreign Ministry explained that under the Constitution, North Korean soldiers "
                "are still considered South Korean citizens."
            ),
            "002": "North Korean soldiers are constitutionally considered our nationals.",
            "004": "North Korean soldiers are constitutionally recognized as our citizens",
        },
    ),
    "FREE_WILL": (
        MINISTRY,
        {
            "000": (
                "Respecting an individual’s free will regarding repatriation is in line with "
                "international law and customary practice."
            ),
            "001": (
                "And respecting an individual’s free will regarding the repatriation of prisoners "
                "of war is not only in accordance with international law and practice"
            ),
            "002": (
                "Respecting individual free will regarding prisoner repatriation aligns with both "
                "international law and practice,"
            ),
            "004": (
                "respecting their free will regarding repatriation is a principle of "
                "international law"
            ),
        },
    ),
    "NO_RETURN_TO_PERSECUTION": (
        MINISTRY,
        {
            "000": (
                "Moreover, individuals should not be sent back to a place where they face the risk "
                "of persecution against their will."
            ),
            "001": (
                "but also it is viewed that they must not be repatriated to a place where there is "
                "a threat of persecution against their will"
            ),
            "002": (
                "Individuals should not be repatriated to places where they may face persecution "
                "against their will,"
            ),
            "004": (
                "The Ministry emphasized that no individual should be forcibly returned to a place "
                "where they may face persecution."
            ),
        },
    ),
    "CONVEYED_TO_UKRAINE": (
        MINISTRY,
        {
            "000": (
                "The ministry also confirmed that it has conveyed this position to the Ukrainian "
                "government and is continuing discussions regarding the soldiers’ potential "
                "transfer to South Korea."
            ),
            "001": (
                "We have already conveyed this position of our government to the Ukrainian side, "
                "and will continue necessary consultations."
            ),
            "004": (
                "It also confirmed that it has already conveyed this stance to Ukraine and will "
                "maintain communication with Kyiv to coordinate the situation."
            ),
        },
    ),
    "REFUGEE_STATUS": (
        RI,
        {
            "000": (
                "I plan to apply for refugee status and go to South Korea. If I apply for asylum, "
                "will South Korea accept me?"
            ),
            "001": (
                "First, I will apply for refugee status … I am thinking of going to South Korea. "
                "If I apply for refugee status, will they accept me?"
            ),
            "002": "plans to apply for refugee status and go to South Korea",
        },
    ),
    "ACCEPT_ALL": (
        MINISTRY,
        {
            "000": (
                "South Korean government’s fundamental policy is to accept all North Korean "
                "soldiers requesting to come to South Korea and to provide them with necessary "
                "protection and support in accordance with relevant laws."
            ),
            "001": (
                "The government, based on the basic principle of accepting all of them (prisoners "
                "of war) when they request to come to South Korea and according to relevant laws, "
                "will provide necessary protection and support,"
            ),
            "002": "will provide the necessary protection and support",
            "004": (
                "The government added that it will offer protection and support to those seeking "
                "to come to the South, in line with its policy of accepting all individuals who "
                "wish to take refuge in the country."
            ),
        },
    ),
    "GENEVA_CONVENTION": (
        MINISTRY,
        {
            "000": (
                "Under the Third Geneva Convention, prisoners of war must be treated humanely, and "
                "related media reports should be handled with caution,"
            ),
            "001": (
                "The ministry said prisoners of war must be treated humanely, and media coverage "
                "involving them should be handled with caution under relevant agreements "
                "including the Third Geneva Convention,"
            ),
            "004": (
                "According to the Third Geneva Convention, prisoners of war must be treated "
                "humanely, and the release of their images could endanger both them and their "
                "families."
            ),
        },
    ),
    "REGRET_OVER_EXPOSURE": (
        MINISTRY,
        {
            "000": (
                "We express concern and regret over the possibility that exposing the identity of "
                "the soldier could lead to disadvantages or harm to him and his family."
            ),
            "001": (
                "Nevertheless, we express concern and regret that the facial photos of North "
                "Korean prisoners of war were exposed as they were by the media report, creating "
                "the possibility of disadvantages to the safety of themselves and their families,"
            ),
            "004": (
                "Additionally, it expressed concern over how the two captured soldiers were "
                "exposed, including the publication of their faces in media reports."
            ),
        },
    ),
    "OTHER_OPTIONS": (
        ZELENSKY,
        {
            "001": (
                "For those North Korean soldiers who do not wish to return, there may be other "
                "options available."
            ),
            "003": (
                "He also noted that “there may be other options” for the soldiers who do not wish "
                "to return to their home country."
            ),
        },
    ),
    "PRISONER_SWAP": (
        ZELENSKY,
        {
            "001": (
                "Ukraine is ready to hand over Kim Jong-un’s soldiers to him if he can organize "
                "their exchange for our warriors who are being held captive in Russia,"
            ),
            "003": (
                "expressed willingness to hand the soldiers back to North Korea if the country’s "
                "leader, Kim Jong Un, arranges for a prisoner exchange with Ukrainians detained in "
                "Russia."
            ),
        },
    ),
    "TOLD_HE_WOULD_STUDY": (
        RI,
        {
            "001": (
                "I was told I’d be training as an international student. I didn’t know I would be "
                "participating in combat."
            ),
            "004": (
                "The captured soldier, identified as Ri, stated that he never knew he would be "
                "sent into combat against Ukraine, as he was told he was going to Russia as a "
                "student in training."
            ),
        },
    ),
    "no interest in asylum": (
        SPY_AGENCY,
        {
            "003": (
                "South Korea’s National Intelligence Service has confirmed that two North Korean "
                "soldiers captured by Ukrainian forces have shown no interest in seeking asylum in "
                "South Korea."
            ),
        },
    ),
    "would discuss with Ukraine": (
        SPY_AGENCY,
        {
            "003": (
                "The agency stated it would engage in discussions with Ukrainian authorities "
                "should the soldiers later express a wish to resettle in South Korea."
            ),
        },
    ),
    "more than 10,000 sent": (
        UNATTRIBUTED,
        {
            "002": (
                "South Korean and Western intelligence agencies have said that more than 10,000 "
                "soldiers from the reclusive state were sent to Russia in 2024 to help it fight "
                "back against a shock Ukrainian offensive into the Kursk border region."
            ),
        },
    ),
    "first known case": (
        UNATTRIBUTED,
        {
            "004": (
                "This would be the first known case since North Korea sent around 11,000 soldiers "
                "to support Russia in its war against Ukraine."
            ),
        },
    ),
    "years served": (
        UNATTRIBUTED,
        {
            "001": (
                "The two soldiers, a sniper with the surname Ri, aged 26, and a rifleman with the "
                "surname Paek, aged 21, had served 10 and four years in the North Korean military, "
                "respectively, before being dispatched to Russia’s Kursk region in October and "
                "November."
            ),
        },
    ),
    "territory": (
        MINISTRY,
        {
            "001": (
                "The Constitution defines the territory of the Republic of Korea as encompassing "
                "the entire Korean Peninsula and its adjacent islands."
            ),
        },
    ),
    "legal reviews": (
        UNIFICATION,
        {
            "003": (
                "legal reviews, including on international law, and consultations with related "
                "nations."
            )
        },
    ),
    "all dead": (RI, {"002": "Everyone who joined the army with me is dead,"}),
    "suicide": (RI, {"002": "Some committed suicide to avoid capture,"}),
    "desertion": (RI, {"002": "In our People’s Army, being captured is akin to desertion."}),
}

# The claims the brief names; the other capitalized ones are looser paraphrases that pass too.
REQUIRED = [
    "NATIONALS",
    "FREE_WILL",
    "NO_RETURN_TO_PERSECUTION",
    "CONVEYED_TO_UKRAINE",
    "REFUGEE_STATUS",
]

# (claim, article, speaker, text), one row per appearance, in a fixed order.
CLAIM_ROWS = [
    (claim, article, speaker, text)
    for claim, (speaker, texts) in CLAIMS.items()
    for article, text in texts.items()
]


def claim_text(claim, article):
    return CLAIMS[claim][1][article]


def claim_items(with_speakers=True):
    return [
        ClaimText(
            key=(claim, article),
            text=text,
            speaker=speaker if with_speakers else UNATTRIBUTED,
            article=article,
        )
        for claim, article, speaker, text in CLAIM_ROWS
    ]


def expected_groups():
    groups = {}
    for claim, article, _speaker, _text in CLAIM_ROWS:
        groups.setdefault(claim, []).append((claim, article))
    return list(groups.values())


def test_claim_texts_are_quoted_verbatim_from_the_seeds():
    for claim, article, _speaker, text in CLAIM_ROWS:
        assert text in raw_seed(article), (claim, article)


@pytest.mark.parametrize("with_speakers", [True, False], ids=["speakers", "no-speakers"])
def test_each_claim_is_one_group_across_the_outlets_that_carry_it(with_speakers):
    # Without speakers, only the words keep the ministry's statements apart from each other
    # and from the soldier's.
    groups = group_claims(claim_items(with_speakers))
    for claim in REQUIRED:
        keys = [key for key in itertools.chain(*expected_groups()) if key[0] == claim]
        assert keys in groups, claim
    assert groups == expected_groups()


@pytest.mark.parametrize("delta", [-0.005, 0.0, 0.005])
def test_the_threshold_is_not_on_a_knife_edge(delta):
    assert group_claims(claim_items(), DEFAULT_THRESHOLD + delta) == expected_groups()


def test_statements_that_share_only_topic_words_are_separate_claims():
    # The ministry's three points share "North Korean soldiers", "repatriation", "Ukraine"; each
    # is still one claim in four wordings, not one claim about soldiers.
    three = ["NATIONALS", "FREE_WILL", "CONVEYED_TO_UKRAINE"]
    items = [item for item in claim_items() if item.key[0] in three]
    assert group_claims(items) == [
        [item.key for item in items if item.key[0] == claim] for claim in three
    ]
    scores = similarity_matrix([item.text for item in items])
    for i, j in itertools.combinations(range(len(items)), 2):
        if items[i].key[0] != items[j].key[0]:
            assert scores[i, j] < DEFAULT_THRESHOLD, (items[i].key, items[j].key)


def test_claim_similarity_is_a_symmetric_score_between_0_and_1():
    a, b = claim_text("NATIONALS", "000"), claim_text("NATIONALS", "002")
    assert claim_similarity(a, b) == pytest.approx(claim_similarity(b, a))
    assert 0.0 <= claim_similarity(a, b) <= 1.0
    assert claim_similarity(a, a) == pytest.approx(1.0)
    assert claim_similarity("...", "!!!") == 0.0


def test_different_speakers_keep_the_same_words_apart():
    text = "there may be other options"
    items = [
        ClaimText("zelensky", text, ZELENSKY, "001"),
        ClaimText("someone else", text, "someone-else", "003"),
        ClaimText("unattributed", text, "", "004"),
    ]
    assert group_claims(items) == [["zelensky", "unattributed"], ["someone else"]]


def test_two_appearances_in_one_article_merge_only_when_nearly_identical():
    caption = (
        "An official from Seoul’s Foreign Ministry said North Korean soldiers are "
        '"constitutionally considered our nationals".'
    )
    assert raw_seed("002").count(caption) == 2
    lead = "a position that has already been communicated to the Ukrainian government"
    quote = claim_text("CONVEYED_TO_UKRAINE", "001")
    assert lead in raw_seed("001") and quote in raw_seed("001")
    items = [
        ClaimText("caption", caption, MINISTRY, "002"),
        ClaimText("caption again", caption, MINISTRY, "002"),
        ClaimText("lead", lead, MINISTRY, "001"),
        ClaimText("quote", quote, MINISTRY, "001"),
    ]
    assert group_claims(items) == [["caption", "caption again"], ["lead"], ["quote"]]


def test_group_claims_on_few_items():
    assert group_claims([]) == []
    assert group_claims([ClaimText("only", "Something was said.", "", "000")]) == [["only"]]


# --- Events -----------------------------------------------------------------------------------

PUBLISHED = {
    "000": (None, "day"),
    "001": (datetime.date(2025, 2, 20), "day"),
    "002": (None, "day"),
    "003": (datetime.date(2025, 1, 1), "month"),
    "004": (datetime.date(2025, 2, 19), "day"),
}


def seed_articles(with_dates=True):
    items = []
    for article, (published, precision) in PUBLISHED.items():
        people = frozenset(
            name_key(variant)
            for person in ANNOTATIONS[article]["people"]
            if not person.get("in_noise")
            for variant in person["variants"]
        )
        items.append(
            ArticleFacts(
                key=article,
                published=published if with_dates else None,
                text=parse_article(raw_seed(article)).body,
                people=people,
                date_precision=precision,
            )
        )
    return items


def annotated_events():
    events = {}
    for article, entry in sorted(ANNOTATIONS.items()):
        events.setdefault(entry["event"], []).append(article)
    return sorted(events.values())


@pytest.mark.parametrize("with_dates", [True, False], ids=["dated", "undated"])
def test_seed_articles_group_into_the_two_annotated_events(with_dates):
    assert annotated_events() == [["000", "001", "002", "004"], ["003"]]
    assert group_articles(seed_articles(with_dates)) == annotated_events()


def test_dates_weeks_apart_keep_even_identical_bodies_apart():
    body = parse_article(raw_seed("000")).body
    first = ArticleFacts("first", datetime.date(2025, 2, 19), body, frozenset())
    later = ArticleFacts("later", datetime.date(2025, 3, 19), body, frozenset())
    undated = ArticleFacts("undated", None, body, frozenset())
    assert group_articles([first, later]) == [["first"], ["later"]]
    assert group_articles([first, undated]) == [["first", "undated"]]


def test_a_month_only_date_stands_for_any_day_of_that_month():
    body = parse_article(raw_seed("003")).body
    month = ArticleFacts("month", datetime.date(2025, 1, 1), body, frozenset(), "month")
    end_of_month = ArticleFacts("end", datetime.date(2025, 1, 30), body, frozenset())
    assert group_articles([month, end_of_month]) == [["month", "end"]]


# --- Discrepancies ----------------------------------------------------------------------------


def test_troop_figures_that_differ_between_articles_are_a_discrepancy():
    statements = [
        Statement("002 more than", "002", "troops", "10,000", "more than 10,000 soldiers"),
        Statement("002 some", "002", "troops", "11,000", "some 11,000 troops"),
        Statement("004 around", "004", "troops", "11000", "around 11,000 soldiers"),
    ]
    for statement in statements:
        assert statement.text in raw_seed(statement.article)
    assert find_discrepancies(statements) == [
        ("troops", ["002 more than", "002 some", "004 around"])
    ]


def test_the_same_value_in_two_articles_is_no_discrepancy():
    statements = [
        Statement("002", "002", "troops", "11,000", "some 11,000 troops"),
        Statement("004", "004", "troops", "11000", "around 11,000 soldiers"),
        Statement("001", "001", "leader", "Kim Jong-un", "Kim Jong-un’s soldiers"),
        Statement("003", "003", "leader", "Kim Jong Un", "the country’s leader, Kim Jong Un"),
    ]
    assert find_discrepancies(statements) == []


def test_two_values_inside_one_article_only_are_no_discrepancy():
    statements = [
        Statement("a", "002", "troops", "10,000", "more than 10,000 soldiers"),
        Statement("b", "002", "troops", "11,000", "some 11,000 troops"),
    ]
    assert find_discrepancies(statements) == []


def test_a_name_spelt_differently_is_a_discrepancy_to_show():
    statements = [
        Statement(article, article, "sniper's surname", surname, "")
        for article, surname in [("000", "Lee"), ("001", "Ri"), ("002", "Ri"), ("004", "Ri")]
    ]
    assert find_discrepancies(statements) == [("sniper's surname", ["000", "001", "002", "004"])]


def test_normalize_value():
    assert normalize_value("10,000") == normalize_value("10000") == "10000"
    assert normalize_value("2.5") == "2.5"
    assert normalize_value(" Kim Jong-un ") == "kim jong un"
