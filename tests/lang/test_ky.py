"""Kyrgyz (ky): invented sentences the pipeline must read (a copy of test_en.py with its own data)."""

LANG = "ky"
DETECTED = [  # texts that detection must tell as LANG
    "Президент бүгүн өлкө башчылар менен кызматташтык маселелерин талкуулады.",
    "Садыр Жапаров Москвада Владимир Путин менен жолукту.",
]
# Each text, published on 2023-03-15 (or its "published"), reports one contact: its kind, its people's ids
# (`summitry kb search NAME`), its day and, for a meeting, its city.
CONTACTS = [
    {"text": "Президент Садыр Жапаров Тажикстандын Президенти Эмомали Рахмон менен телефон аркылуу сүйлөштү, "
             "деп билдирди басма сөз кызматы.",
     "kind": "call", "people": {"emomali-rahmon", "sadyr-japarov"}, "date": "2023-03-15"},
    {"text": "Садыр Жапаров 14-мартта Душанбеде Эмомали Рахмон менен жолукту. Президенттер чек ара жана суу "
             "маселелерин талкуулашты.",
     "kind": "meeting", "people": {"emomali-rahmon", "sadyr-japarov"}, "date": "2023-03-14", "city": "Dushanbe"},
]


def test_detected(check_language, text):
    check_language(text)


def test_contact(check_contact, contact):
    check_contact(contact)
