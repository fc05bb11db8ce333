"""Events stage: the calls and meetings between leaders that a document's sentences report.

Split by what each part decides: ``triggers`` (which words report a contact, and whether it
happened), ``actors`` (which expressions can be a party), ``frames`` (the rules of which actors a
trigger binds: subject, objects, clause breaks), ``binding`` (one trigger's frame from those rules and
the cases they leave open), ``turkic`` (the verb-final frames), ``hosts`` (parties a visit or summit
implies), ``cues`` (a sentence's cue table) and ``extract`` (the sentence loop and its context).
"""

from summitry.events.extract import MAX_SENTENCE_MENTIONS, extract_contacts, sentence_contacts, transcript_contact

__all__ = ["MAX_SENTENCE_MENTIONS", "extract_contacts", "sentence_contacts", "transcript_contact"]
