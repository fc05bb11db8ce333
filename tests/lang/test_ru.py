"""Russian (ru): invented sentences the pipeline must read (a copy of test_en.py with its own data)."""

LANG = "ru"
DETECTED = [  # texts that detection must tell as LANG
    "Президенты обсудили по телефону вопросы торговли и водных ресурсов.",
    "Лидеры стран региона собрались в столице на саммит.",
]
# Each text, published on 2023-03-15 (or its "published"), reports one contact: its kind, its people's ids
# (`summitry kb search NAME`), its day and, for a meeting, its city.
CONTACTS = [
    {"text": "Президент Казахстана Касым-Жомарт Токаев провел телефонный разговор с Президентом Узбекистана "
             "Шавкатом Мирзиёевым, сообщила пресс-служба Акорды.",
     "kind": "call", "people": {"kassym-jomart-tokayev", "shavkat-mirziyoyev"}, "date": "2023-03-15"},
    {"text": "Садыр Жапаров встретился с Эмомали Рахмоном в Душанбе 14 марта. Президенты обсудили вопросы "
             "границы и воды.",
     "kind": "meeting", "people": {"emomali-rahmon", "sadyr-japarov"}, "date": "2023-03-14", "city": "Dushanbe"},
]


def test_detected(check_language, text):
    check_language(text)


def test_contact(check_contact, contact):
    check_contact(contact)
