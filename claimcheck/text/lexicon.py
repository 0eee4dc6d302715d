"""The word lists that extraction and judging share, one copy each.

Months, weekdays, abbreviations that take a period, the words that open a sentence (after a
dotted acronym; capitalised but never a name), reporting (cue) verbs, pronouns and stop words.
Lists are lower case unless their name says otherwise; ``capitalised`` gives the
sentence-initial forms.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "CLAUSE_OPENERS",
    "CUE_VERBS",
    "FEMALE_PRONOUNS",
    "LEAD_WORDS",
    "MALE_PRONOUNS",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "ORGANISATION_HEADS",
    "SENTENCE_OPENERS",
    "STOP_WORDS",
    "SUBJECT_PRONOUNS",
    "WEEKDAYS",
    "WEEKDAY_ABBREVIATIONS",
    "capitalised",
]

MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
WEEKDAY_ABBREVIATIONS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())

# Words that take a period but rarely end a sentence (lower case, final period dropped):
# titles, company forms, Latin and measure abbreviations, months, weekdays, US state forms.
ABBREVIATIONS = (
    frozenset(
        """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr rev hon pres supt
        inc corp co ltd llc plc bros vs etc al approx est dept univ assn fig no nos vol op mt ft
        ave blvd rd e.g i.e a.m p.m u.s u.k u.n e.u ala ariz ark calif colo conn del fla ga ill
        ind kan ky md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis
        wyo""".split()
    )
    | MONTH_ABBREVIATIONS
    | WEEKDAY_ABBREVIATIONS
)

# After a dotted acronym ("U.S."), a sentence ends only before a word that typically opens one.
SENTENCE_OPENERS = frozenset(
    """the a an it he she they we i in on at but and so this that these those its his her their
    our there then however meanwhile yet""".split()
)

# Articles, pronouns and conjunctions that open a sentence: capitalised there, never a name.
LEAD_WORDS = frozenset(
    "the a an in on at but and this that these those it its he she they we his her their".split()
)
# Subordinators and prepositions that open a sentence or clause ("After ...", "With ...").
CLAUSE_OPENERS = frozenset("after before when while if as for from by with of to".split())

# Reporting verbs that attribute a quotation, in the order a regular expression tries them
# (a longer form after its prefix: "wrote in" after "wrote" is never reached, kept as found).
CUE_VERBS = (
    "said says say added adds noted notes argued argues wrote writes told tells explained "
    "explains recalled continued insisted stated states remarked warned acknowledged conceded "
    "declared observed asked asks replied answered joked admitted claimed emphasized stressed "
    "predicted tweeted posted announced cautioned complained suggested agreed countered "
    "reiterated responded concluded quipped recounted described remembered recalls shouted "
    "yelled read reads"
).split() + [
    "wrote in",
    *"saying adding writing telling noting arguing explaining asking declaring yelling "
    "shouting tweeting calling replying responding warning insisting".split(),
    # Irregular past tenses that the "-ed" rule after a quotation misses.
    "shot back",
    "went on",
    "spoke",
    "began",
    "swore",
    "sang",
]

# The head nouns of organisations' names ("Metro Drivers Union Local 52", "Harbor County Board
# of Health"): a run of capitalised words holding one names a body, not a person.
ORGANISATION_HEADS = frozenset(
    """agency association authority bank board bureau caucus center centre chamber church
    coalition college commission committee company corporation council court department
    district federation foundation fund group guild hospital inc institute league llc local
    ministry office partners party society school trust union university""".split()
)

MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})

# Function words that carry no content of their own when two texts are compared word by word.
STOP_WORDS = frozenset(
    """the a an of to in on at for from by and or its it is was were be been being has had have
    with as that this than those these their there they them he she his her we our you your
    not but so if into over after before about also more most which who whom what when where
    while all any each such only just very up out""".split()
)


def capitalised(words: frozenset[str] | tuple[str, ...]) -> frozenset[str]:
    """The words as they open a sentence: "he" -> "He"."""
    return frozenset(w[:1].upper() + w[1:] for w in words)
