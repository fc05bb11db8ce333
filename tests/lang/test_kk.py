"""Kazakh (kk): invented sentences the pipeline must read (a copy of test_en.py with its own data)."""

LANG = "kk"
DETECTED = [  # texts that detection must tell as LANG
    "Мемлекет басшысы бүгін Ақордада шетелдік қонақтарды қабылдады.",
    "Екі ел арасындағы сауда және ынтымақтастық мәселелері талқыланды.",
]
# Each text, published on 2023-03-15 (or its "published"), reports one contact: its kind, its people's ids
# (`summitry kb search NAME`), its day and, for a meeting, its city.
CONTACTS = [
    {"text": "Мемлекет басшысы Қасым-Жомарт Тоқаев Өзбекстан Президенті Шавкат Мирзиёевпен телефон арқылы "
             "сөйлесті, деп хабарлады Ақорда.",
     "kind": "call", "people": {"kassym-jomart-tokayev", "shavkat-mirziyoyev"}, "date": "2023-03-15"},
    {"text": "Қасым-Жомарт Тоқаев 14 наурызда Ташкентте Шавкат Мирзиёевпен кездесті. Тараптар сауда және су "
             "мәселелерін талқылады.",
     "kind": "meeting", "people": {"kassym-jomart-tokayev", "shavkat-mirziyoyev"}, "date": "2023-03-14",
     "city": "Tashkent"},
    # "өткен" is "held" before a meeting noun, not "past"; a surname that starts like "жұма" is no Friday
    {"text": "Ақордада өткен кездесуде Қасым-Жомарт Тоқаев пен Шавкат Мирзиёев су мәселесін талқылады. "
             "Кездесуге Айбек Жұмабаев қатысты.",
     "kind": "meeting", "people": {"kassym-jomart-tokayev", "shavkat-mirziyoyev"}, "date": "2023-03-15",
     "city": "Astana"},
    # the future "қабылдайды" announces a plan; the list before "-мен" is all counterparts
    {"text": "Тоқаев 20 наурызда Астанада Моңғолия Президентін қабылдайды.",
     "kind": "meeting", "people": {"kassym-jomart-tokayev", "ukhnaagiin-khurelsukh"}, "date": "2023-03-20",
     "city": "Astana"},
]


def test_detected(check_language, text):
    check_language(text)


def test_contact(check_contact, contact):
    check_contact(contact)
