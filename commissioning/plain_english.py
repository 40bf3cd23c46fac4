"""The plain-English check: advice beside anything staff write for others to read.

It never blocks a save. It reports the Flesch reading ease score with what it means,
sentences longer than 25 words, and words from the jargon list with plainer ones.
"""

import re
from dataclasses import dataclass, field

import textstat

LONG_SENTENCE_WORDS = 25

# Flesch reading ease bands, lowest score first, in words a busy person can act on.
_BANDS = [
    (30, "Very hard to read. Use shorter sentences and everyday words."),
    (50, "Hard to read. Try shorter sentences and plainer words."),
    (60, "Fairly hard to read. Some sentences could be shorter."),
    (70, "Plain English. Most people will read this easily."),
    (80, "Fairly easy to read."),
    (90, "Easy to read."),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class JargonHit:
    term: str
    plainer: str


@dataclass(frozen=True)
class Report:
    reading_ease: float | None
    meaning: str
    long_sentences: list[str] = field(default_factory=list)
    jargon: list[JargonHit] = field(default_factory=list)

    @property
    def is_clear(self) -> bool:
        return (self.reading_ease is None or self.reading_ease >= 60) and not self.long_sentences and not self.jargon


def meaning_of(score: float) -> str:
    for upper, meaning in _BANDS:
        if score < upper:
            return meaning
    return "Very easy to read."


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def find_jargon(text: str, terms) -> list[JargonHit]:
    """`terms` is an iterable of (term, plainer) pairs; each found term is listed once."""
    hits = []
    for term, plainer in terms:
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, flags=re.IGNORECASE):
            hits.append(JargonHit(term, plainer))
    return hits


def check(text: str, terms=()) -> Report:
    text = (text or "").strip()
    if not text:
        return Report(None, "There is no text to check yet.")
    score = round(textstat.flesch_reading_ease(text), 1)
    long_ones = [sentence for sentence in sentences(text) if word_count(sentence) > LONG_SENTENCE_WORDS]
    return Report(score, meaning_of(score), long_ones, find_jargon(text, terms))


# The list staff start with; they edit it in the service (JargonTerm rows).
DEFAULT_JARGON = [
    ("utilise", "use"),
    ("stakeholders", "people involved"),
    ("facilitate", "help"),
    ("leverage", "use"),
    ("deliverables", "what you will do"),
    ("outcomes framework", "what you want to change"),
    ("capacity building", "helping groups grow"),
    ("commence", "start"),
    ("in order to", "to"),
    ("prior to", "before"),
    ("going forward", "from now on"),
    ("robust", "strong"),
    ("synergy", "working together"),
    ("signpost", "point people to"),
    ("beneficiaries", "people who will benefit"),
    ("sustainability", "how it will carry on"),
    ("evidence base", "proof"),
    ("ascertain", "find out"),
]


def jargon_terms() -> list[tuple[str, str]]:
    """The editable list, read once per page."""
    from commissioning.models import JargonTerm

    return list(JargonTerm.objects.values_list("term", "plainer"))


def check_fields(texts: dict[str, str]) -> dict[str, Report]:
    """Check several texts (field name → text) with one read of the jargon list."""
    terms = jargon_terms()
    return {name: check(text, terms) for name, text in texts.items()}
