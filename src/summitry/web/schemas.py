"""Response and request models: they make the served OpenAPI document describe what the API returns.

The field names mirror ``export.event_dict`` so that a client reading the API and one reading
``summitry export --format jsonl`` see the same shape.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from summitry.model import KINDS, ROLES, SALIENCES, STATUSES, TOPICS

Kind = Literal[KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Topic = Literal[TOPICS]  # type: ignore[valid-type]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO3 = r"^[A-Za-z]{3}$"
Iso3 = Annotated[str, StringConstraints(pattern=ISO3)]


class Participant(BaseModel):
    country: str = Field(description="ISO 3166-1 alpha-3 code")
    person: str | None = Field(None, description="canonical name from the knowledge base; null when unknown")
    person_id: str | None = None
    role: Literal[ROLES]  # type: ignore[valid-type]
    mentioned_as: str | None = Field(None, description="the words the text used")
    derivation: str = Field(description="how the person was found: 'name', an office title resolved on a date, …")


class Location(BaseModel):
    city: str | None = None
    country: str | None = None
    derivation: str | None = None


class Mention(BaseModel):
    """One document's report of the event, with the evidence sentence and its offsets."""

    doc_id: str
    url: str | None = None
    published: str | None = None
    salience: Literal[SALIENCES]  # type: ignore[valid-type]
    kind: Kind
    status: Status
    evidence: str
    start: int = Field(description="offset of the evidence in the stored document text (text[start:end])")
    end: int
    date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_source: str | None = None
    confidence: float


class EventBase(BaseModel):
    id: str
    kind: Kind
    status: Status
    date: str | None = Field(None, description="exact day when known; never invented")
    date_start: str | None = None
    date_end: str | None = None
    date_source: str | None = Field(None, description="how the date was derived (DateInfo.source)")
    participants: list[Participant]
    location: Location
    topics: list[Topic]
    confidence: float
    cameo: str


class Event(EventBase):
    mentions: list[Mention]


class EventSummary(EventBase):
    mention_count: int
    document_count: int
    evidence: str | None = Field(None, description="evidence sentence of the first mention")


class EventPage(BaseModel):
    items: list[EventSummary]
    total: int = Field(description="events matching the filters, over all pages")
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last")


class YearCount(BaseModel):
    year: str | None = Field(description="null for events with no known date")
    call: int
    meeting: int
    planned: int = Field(description="of the calls and meetings, how many were only announced")
    total: int


class Pair(BaseModel):
    a: str
    b: str
    a_name: str
    b_name: str
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    years: list[YearCount] = Field(description="oldest first; every year between the first and last, undated last")


class Office(BaseModel):
    role: str
    country: str
    start: str | None = None
    end: str | None = None


class Entity(BaseModel):
    kind: Literal["person", "country", "place", "org"]
    id: str
    name: str
    country: str | None = None
    offices: list[Office] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)


class Span(BaseModel):
    start: int
    end: int
    kind: str = Field(description="person, country, role, place or org")
    entity_id: str


class DocumentContact(BaseModel):
    event_id: str | None
    kind: Kind
    status: Status
    salience: str
    start: int
    end: int
    evidence: str
    date: str | None = None
    date_source: str | None = None


class Document(BaseModel):
    doc_id: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str | None = None
    lang: str | None = None
    text: str
    spans: list[Span] = Field(description="entity mentions the pipeline found (offsets into text)")
    contacts: list[DocumentContact] = Field(description="contacts extracted from this document")


class Article(BaseModel):
    """One article to extract from or store."""

    text: str = Field(min_length=1)
    id: str | None = Field(None, min_length=1, max_length=200, description="document id (default: hash of the text)")
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, pattern=ISO_DATE)
    lang: Literal["en", "ru", "kk", "ky"] | None = None


class Extraction(BaseModel):
    lang: str
    published: str | None
    published_source: str | None
    text: str
    spans: list[Span]
    events: list[Event] = Field(description="the contacts found, merged as the store would merge them")


class IngestResult(BaseModel):
    added: int
    updated: int
    unchanged: int
    mentions: int
    documents: list[str]
    events: list[Event] = Field(description="every stored event that now has a mention from these documents")
    errors: list[str] = Field(description="JSONL lines that could not be used, one message each")


class Country(BaseModel):
    code: str
    name: str


class Meta(BaseModel):
    documents: int
    mentions: int
    events: int
    countries: list[Country] = Field(description="countries that occur in stored events")
    kinds: list[str]
    statuses: list[str]
    topics: list[str]
    first_date: str | None
    last_date: str | None
    ingest_enabled: bool
    token_required: bool
    max_body: int


class Problem(BaseModel):
    detail: str
