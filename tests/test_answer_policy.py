"""English privacy-policy questions ("Do you use my information?", "How do you protect my
data?") asked of policy text written here: the real extractive answerer with the bundled
embedder (the ``answerer`` fixture of conftest.py)."""

from __future__ import annotations

import pytest
from asking import ask

from qa.answering.candidates import candidates
from qa.answering.extractive import ExtractiveAnswerer
from qa.answering.headings import heading_end
from qa.answering.negation import negated_start
from qa.answering.recipients import asks_recipient, recipient
from qa.answering.sentence_vectors import answer_texts
from qa.models import Hit

USE = ("Use of Information We use the information we collect to send you our newsletter. "
       "You may unsubscribe at any time.")
SECURITY = ("How We Secure Your Information We keep your data on encrypted servers behind a "
            "firewall. We review our practices yearly.")
CHANGES = ("Changes to This Policy We will email you before any material change takes effect. "
           "Questions may be sent to our office.")


@pytest.mark.parametrize(("sentence", "opens"), [
    ("How We Secure Your Information We keep your data safe.", "We keep"),
    ("Use of Information We use the information we collect.", "We use"),
    ("Information We Automatically Collect Some information is collected.", "Some information"),
    ("What We Do With What We Collect We use it to ship orders.", "We use"),
])
def test_a_run_in_heading_ends_where_the_sentence_opens(sentence: str, opens: str) -> None:
    assert sentence[heading_end(sentence):].startswith(opens)


@pytest.mark.parametrize("sentence", [
    "Dog Breed Info Center uses Google AdSense on its pages.",  # a name, not a heading
    "In Canada, We share nothing with advertisers.",  # an opening phrase
    "Contact Information allows us to write to you.",
    "We collect information directly from you.",
    "被告人王某某归案后如实供述。",
])
def test_no_heading_is_found_where_there_is_none(sentence: str) -> None:
    assert heading_end(sentence) == 0


def test_the_candidate_sentence_starts_after_its_heading() -> None:
    hit = Hit(1, "doc-1", "Doc 1", USE, 100, 100 + len(USE), 1.0)
    first = candidates([hit])[0]
    assert first.text == "We use the information we collect to send you our newsletter."
    assert first.heading == "Use of Information "
    assert USE[first.start - 100:first.end - 100] == first.text


@pytest.mark.parametrize(("question", "policy", "answer"), [
    ("Do you use my information?", USE,
     "Yes: use the information we collect to send you our newsletter [1]"),
    ("How do you protect my data?", SECURITY,
     "keep your data on encrypted servers behind a firewall [1]"),
    # The heading's words still count for its sentence: without them "email you before
    # any material change" says nothing of a policy.
    ("Will you notify me if your policy changes?", CHANGES,
     "Yes: email you before any material change takes effect [1]"),
])
def test_the_answer_leaves_out_the_heading_but_is_found_by_it(
        answerer: ExtractiveAnswerer, question: str, policy: str, answer: str) -> None:
    assert ask(answerer, question, policy)[0] == answer


@pytest.mark.parametrize(("sentence", "span", "taken"), [
    ("We do not use cookies to collect personal information.", "use cookies",
     "do not use cookies"),
    ("Except as described, we do not sell, rent, share or disclose your information.",
     "share or disclose", "do not sell, rent, share or disclose"),
    ("For example, we will not sell your health information.", "sell", "will not sell"),
    ("We never rent emails to third parties.", "rent emails", "never rent emails"),
    # No negation of the span's own verb:
    ('Browsers may send "Do Not Track" signals to the site.', "Track\" signals",
     "Track\" signals"),
    ("We do not share data with partners who use cookies to track you.", "use cookies",
     "use cookies"),
    ("We do not know if advertisers use cookies.", "advertisers use cookies",
     "advertisers use cookies"),
])
def test_a_yes_no_span_takes_in_the_negation_of_its_verb(sentence: str, span: str,
                                                         taken: str) -> None:
    start = sentence.index(span)
    assert sentence[negated_start(sentence, start):start + len(span)] == taken


@pytest.mark.parametrize(("question", "policy", "answer"), [
    ("Do you use cookies to collect my information?",
     "We do not use cookies to collect personal information. Our pages load fonts from a "
     "public server.", "No: do not use cookies to collect personal information [1]"),
    ("Do you share my information with advertisers?",
     "Except as described here, we do not sell, rent, share or disclose your personal "
     "information to advertisers. We keep records for a year.",
     "No: do not sell, rent, share or disclose your personal information to advertisers [1]"),
    # "... or not?" asks; it denies nothing.
    ("Do you sell my email address or not?",
     "We never sell your email address to other companies. We send a newsletter each month.",
     "No: never sell your email address to other companies [1]"),
    ("Do you sell my email address or not?",
     "We sell your email address to other companies. We send a newsletter each month.",
     "Yes: sell your email address to other companies [1]"),
])
def test_a_policy_that_denies_the_practice_answers_no(
        answerer: ExtractiveAnswerer, question: str, policy: str, answer: str) -> None:
    assert ask(answerer, question, policy)[0] == answer


@pytest.mark.parametrize(("sentence", "named"), [
    ("We may share your information with third-party service providers who host our site.",
     "third-party service providers"),
    ("Information we may share with a Social Network may include your name.",
     "a Social Network"),
    ("We will provide your personal information to our affiliates for marketing.",
     "our affiliates"),
    # Not passed on by the site: denied, or the user's own sharing.
    ("We do not share user details with advertisers.", None),
    ("You may share your photos with your friends.", None),
])
def test_the_recipient_a_sentence_names(sentence: str, named: str | None) -> None:
    span = recipient(sentence)
    assert (sentence[span[0]:span[1]] if span else None) == named


def test_who_information_is_shared_with_is_the_recipient(answerer: ExtractiveAnswerer) -> None:
    policy = ("We value your privacy. We may share your personal information with "
              "advertising partners who show you offers. We never sell it.")
    assert ask(answerer, "Who do you share my information with?", policy)[0] == \
        "advertising partners [1]"
    # (Not a "who" about information: read as before.)
    assert not asks_recipient("Who filed the lawsuit?")


def test_the_sentence_after_a_heading_and_its_clauses_are_embedded_with_the_index() -> None:
    texts = answer_texts("Use of Information We use the data we collect, and we keep it "
                         "for a year.")
    assert "We use the data we collect, and we keep it for a year." in texts
    assert "use the data we collect" in texts  # its first clause, without the heading
