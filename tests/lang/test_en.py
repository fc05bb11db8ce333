"""English (en): invented sentences the pipeline must read.  To add a language, copy this file to
tests/lang/test_<code>.py, set LANG, and write your own sentences (docs/extending.md "A new language")."""

LANG = "en"
DETECTED = [  # texts that detection must tell as LANG
    "The two presidents discussed trade and water over the phone on Monday.",
    "Leaders of the region gathered in the capital for a summit.",
]
# Each text, published on 2023-03-15 (or its "published"), reports one contact: its kind, its people's ids
# (`summitry kb search NAME`), its day and, for a meeting, its city.
CONTACTS = [
    {"text": "President Kassym-Jomart Tokayev held a telephone conversation with President Shavkat Mirziyoyev "
             "on Tuesday, the Akorda press service said.",
     "kind": "call", "people": {"kassym-jomart-tokayev", "shavkat-mirziyoyev"}, "date": "2023-03-14"},
    {"text": "President Sadyr Japarov met President Emomali Rahmon in Dushanbe on 14 March. The two leaders "
             "discussed water and border issues.",
     "kind": "meeting", "people": {"emomali-rahmon", "sadyr-japarov"}, "date": "2023-03-14", "city": "Dushanbe"},
]


def test_detected(check_language, text):
    check_language(text)


def test_contact(check_contact, contact):
    check_contact(contact)
