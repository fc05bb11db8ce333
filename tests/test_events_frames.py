"""Contact frames, several counterparts and modality, one pattern per case (texts written for these tests).

Each case is a short text and the contacts it must yield, as (kind, countries) pairs; an empty
list means the text reports no contact.  The cases mirror the failure patterns of issue 11:
a slot held by a non-leader, a third leader nearby, pronouns, lists of counterparts, negation,
hypotheticals, invitations, and the Russian, Kazakh and Kyrgyz ways of marking the counterpart.
"""

import pytest

from summitry.events.triggers import is_reference
from summitry.knowledge import Lookup
from summitry.model import Sentence

M, C = "meeting", "call"

CASES = [
    # --- the counterpart after a marker, or right after a direct verb
    ("en-with", " date 2024-03-05 Kassym-Jomart Tokayev held talks in Astana on Tuesday with Shavkat Mirziyoyev.",
     [(M, ("KAZ", "UZB"))]),
    ("en-direct", " date 2024-03-05 Sadyr Japarov received Emomali Rahmon at his residence.", [(M, ("KGZ", "TJK"))]),
    ("en-courtesy", " date 2024-03-05 Cyril Ramaphosa paid a courtesy call on William Ruto.", [(M, ("KEN", "ZAF"))]),
    ("en-participation", " date 2024-03-05 An expanded meeting with the participation of the presidents of "
     "Kazakhstan and Kyrgyzstan took place in Bishkek.", [(M, ("KAZ", "KGZ"))]),
    ("ru-instrumental", " date 2024-03-05 Владимир Путин провёл переговоры с Касым-Жомартом Токаевым.",
     [(M, ("KAZ", "RUS"))]),
    ("ru-possessor", " date 2024-03-05 Состоялись телефонные разговоры Владимира Путина с Садыром Жапаровым и "
     "Эмомали Рахмоном.", [(C, ("KGZ", "RUS")), (C, ("RUS", "TJK"))]),
    ("ru-with-first", " date 2024-03-05 С президентом Узбекистана Шавкатом Мирзиёевым глава Казахстана Токаев "
     "провёл отдельные переговоры.", [(M, ("KAZ", "UZB"))]),
    ("kk-comitative", " date 2024-03-05 Қасым-Жомарт Тоқаев Владимир Путинмен телефон арқылы сөйлесті.",
     [(C, ("KAZ", "RUS"))]),
    ("ky-postposition", " date 2024-03-05 Садыр Жапаров Шавкат Мирзиёев менен жолугушту.", [(M, ("KGZ", "UZB"))]),
    ("ky-pair", " date 2024-03-05 Садыр Жапаров менен Эмомали Рахмон Бишкекте жолугушту.", [(M, ("KGZ", "TJK"))]),
    # --- several counterparts
    ("en-list", " date 2024-03-05 Kassym-Jomart Tokayev met Shavkat Mirziyoyev, Sadyr Japarov and Emomali Rahmon.",
     [(M, ("KAZ", "KGZ")), (M, ("KAZ", "TJK")), (M, ("KAZ", "UZB"))]),
    ("en-separate", " date 2024-03-05 Vladimir Putin held separate meetings with the presidents of Uzbekistan, "
     "Kyrgyzstan and Tajikistan.", [(M, ("KGZ", "RUS")), (M, ("RUS", "TJK")), (M, ("RUS", "UZB"))]),
    ("en-trilateral", " date 2024-03-05 The presidents of Kazakhstan, Uzbekistan and Kyrgyzstan held a trilateral "
     "summit in Tashkent.", [(M, ("KAZ", "KGZ", "UZB"))]),
    ("en-two-clauses", " date 2024-03-05 On Tuesday Xi Jinping met Vladimir Putin, and Recep Tayyip Erdogan "
     "held talks with Shehbaz Sharif.", [(M, ("CHN", "RUS")), (M, ("PAK", "TUR"))]),
    # a tour, or visits, to several countries: a meeting with each host
    ("en-tour", " date 2024-03-05 Narendra Modi's three-nation tour of Kenya, Ghana and Peru starts next week.",
     [(M, ("IND", "KEN")), (M, ("GHA", "IND")), (M, ("IND", "PER"))]),
    ("en-visited-list", " date 2024-03-05 William Ruto has visited Ghana, Peru and Chile this year.",
     [(M, ("GHA", "KEN")), (M, ("KEN", "PER")), (M, ("CHL", "KEN"))]),
    ("ru-tour", " date 2024-03-05 Нарендра Моди отправится в турне по Кении, Гане и Перу.",
     [(M, ("IND", "KEN")), (M, ("GHA", "IND")), (M, ("IND", "PER"))]),
    ("en-left-for", " date 2024-03-05 Xi Jinping left for Paris on Sunday evening.", [(M, ("CHN", "FRA"))]),
    ("en-flew-to", " date 2024-03-05 Xi Jinping flew to Moscow on Monday.", [(M, ("CHN", "RUS"))]),
    # a place phrase between a verb and its object, or before the passive's "by"
    ("ru-received-at-residence", " date 2024-03-05 Эрдоган принял в загородной резиденции Ильхама Алиева.",
     [(M, ("AZE", "TUR"))]),
    ("en-welcomed-at-by", " date 2024-03-05 Gabriel Boric was welcomed at the Planalto Palace by Lula on Friday.",
     [(M, ("BRA", "CHL"))]),
    # a summit word whose lone name it cannot use leaves him to the next trigger
    ("ru-sidelines-subject", " date 2024-03-05 На полях саммита Алиев встретился с Пашиняном.", [(M, ("ARM", "AZE"))]),
    ("ru-head-of-the-state", " date 2024-03-05 Глава казахстанского государства провел переговоры с Мирзиёевым.",
     [(M, ("KAZ", "UZB"))]),
    ("ru-long-ministry-title", " date 2024-03-05 Лавров принял министра иностранных дел и торговли Венгрии Петера "
     "Сийярто.", [(M, ("HUN", "RUS"))]),
    ("en-received-a-call-from", " date 2024-03-05 Anthony Albanese received a call from Christopher Luxon on Monday.",
     [(C, ("AUS", "NZL"))]),
    ("en-expecting-call", " date 2024-03-05 Anthony Albanese is expecting a call from Christopher Luxon.", []),
    ("en-counterparts-from", " date 2024-03-05 Wang Yi spoke by phone with his counterparts from Iran and Egypt.",
     [(C, ("CHN", "EGY")), (C, ("CHN", "IRN"))]),
    # a trip to a capital that seats organisations is to them; a visit to its country is not
    ("en-trip-to-brussels", " date 2024-03-05 Gustavo Petro will travel to Brussels next week for talks at the "
     "European Commission.", []),
    ("ru-working-visit-to-brussels", " date 2024-03-05 Пашинян отправится с рабочим визитом в Брюссель.", []),
    ("en-visit-to-belgium", " date 2024-03-05 Gustavo Petro will visit Belgium next week.", [(M, ("BEL", "COL"))]),
    # a trip for an event of its own is no meeting with the host by itself; talks on the trip are
    ("en-trip-for-event", " date 2024-03-05 Gustavo Petro travelled to Madrid on Friday to attend a book fair and a "
     "football final.", []),
    ("en-trip-for-conference", " date 2024-03-05 Cyril Ramaphosa arrived in Nairobi to take part in a health "
     "conference.", []),
    ("en-trip-and-talks", " date 2024-03-05 Cyril Ramaphosa arrived in Nairobi to take part in a health conference "
     "and hold talks with William Ruto.", [(M, ("KEN", "ZAF"))]),
    ("en-visit-ahead-of-event", " date 2024-03-05 Cyril Ramaphosa arrived in Nairobi for a state visit that ends "
     "before the conference.", [(M, ("KEN", "ZAF"))]),
    # a relative clause's trigger is its antecedent's: the visit is the one who was visiting
    ("en-relative-clause-visit", " date 2024-03-05 Ruto spoke by phone with Museveni, who was visiting Tanzania.",
     [(C, ("KEN", "UGA")), (M, ("TZA", "UGA"))]),
    # an official of an organisation heading a list of counterparts is skipped, not the end of the list
    ("en-list-after-an-org-official", " date 2025-09-26 In New York, William Ruto met European Council President "
     "Antonio Costa, Giorgia Meloni and Alexander Stubb.", [(M, ("ITA", "KEN")), (M, ("FIN", "KEN"))]),
    ("ru-list-after-an-org-official", " date 2025-09-26 В Нью-Йорке Уильям Руто провел встречи с Председателем "
     "Европейского совета, премьер-министром Италии Джорджей Мелони и Президентом Финляндии Александром Стуббом.",
     [(M, ("ITA", "KEN")), (M, ("FIN", "KEN"))]),
    # Kazakh and Kyrgyz "came to" a capital (the dative) is a visit; several arriving for a gathering are not
    ("kk-came-to-capital", " date 2024-03-05 Германия Президенті Франк-Вальтер Штайнмайер Астанаға келді.",
     [(M, ("DEU", "KAZ"))]),
    ("ky-went-to-capital", " date 2024-03-05 Садыр Жапаров Түркиянын борбору Анкарага барды.", [(M, ("KGZ", "TUR"))]),
    ("ky-arrivals-for-a-gathering", " date 2024-03-05 Жыйынга катышуу үчүн Касым-Жомарт Токаев, Эмомали Рахмон жана "
     "Александр Лукашенко Бишкекке келди.", []),
    # "they" after two leaders of the same sentence is those two; a time clause is no topic
    ("en-they-when-they-meet", " date 2025-03-10 Tusk and Merz are expected to discuss migration when they meet "
     "in Warsaw next month.", [(M, ("DEU", "POL"))]),
    ("en-they-with-the-object", " date 2025-03-10 Lula said he would raise the issue with Milei when they meet "
     "next week.", [(M, ("ARG", "BRA"))]),
    # a plural title of one country is its holders in general
    ("en-plural-title-of-one-country", " date 2025-03-10 Vladimir Putin has met British prime ministers only "
     "rarely.", []),
    ("ru-plural-title-of-one-country", " date 2025-03-10 Путин редко встречался с британскими премьерами.", []),
    # a pair as the subject of a verb whose other party is its object, with no leader after it, met no one
    ("en-pair-received-no-one", " date 2025-09-24 Ruto, who spoke after Lula and Milei, received sustained "
     "applause.", []),
    ("en-pair-met-the-press", " date 2025-09-24 Ruto and Museveni met the press in Kampala.", []),
    ("ru-nakanune-met", " date 2025-12-05 Накануне вечером Моди лично встретил Путина в аэропорту.",
     [(M, ("IND", "RUS"))]),
    ("ru-csto-council-session", " date 2025-12-05 В пятницу Алиев принял участие в заседании Совета коллективной "
     "безопасности ОДКБ в Бишкеке.", [(M, ("ARM", "AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK"))]),
    # Kazakh/Kyrgyz: the comitative of the last of a list marks the whole list; two whole surnames side by
    # side are two leaders; a private trip is no visit; "орусиялык кесиптеши" is the Russian counterpart
    ("ky-comitative-list", " date 2025-07-02 Жапаров Рахмон жана Бердимухамедов менен өзүнчө телефон аркылуу "
     "сүйлөштү.", [(C, ("KGZ", "TJK")), (C, ("KGZ", "TKM"))]),
    ("kk-comitative-list", " date 2025-07-02 Тоқаев Си Цзиньпин және Нарендра Модимен кездесті.",
     [(M, ("CHN", "KAZ")), (M, ("IND", "KAZ"))]),
    ("kk-pair-and-comitative", " date 2025-07-02 Тоқаев пен Мирзиёев Путинмен кездесті.",
     [(M, ("KAZ", "RUS", "UZB"))]),
    ("kk-private-trip", " date 2024-11-06 Тоқаев Лондонға жеке сапармен барды.", []),
    ("ky-fm-counterpart", " date 2025-04-18 Тышкы иштер министри Жээнбек Кулубаев Москвада орусиялык кесиптеши "
     "менен сүйлөшүүлөрдү өткөрдү.", [(M, ("KGZ", "RUS"))]),
    ("kk-deputy-of-the-prime-minister", " date 2025-04-10 Қазақстан Премьер-министрінің орынбасары Серік "
     "Жұманғарин Бейжіңде Ли Цянмен кездесті.", []),
    # a transcript-like "Name: …" line with only a hypothetical contact word is no transcript of talks
    ("en-headline-colon-hypothetical", " date 2025-10-03 Pashinyan: ready to meet Aliyev in any format, Baku says no "
     "plans", []),
    # a joint trip is a meeting with the host; a destination far after the visit word is not the visit's
    ("en-joint-trip", " date 2025-12-12 Barrot and Wadephul travel to Chisinau together", [(M, ("DEU", "FRA", "MDA"))]),
    ("en-visit-far-destination", " date 2025-12-03 Tusk said the visit was a mistake given the president's ties to "
     "Moscow.", []),
    # a title owned by a non-leader is no leader: "the wives of the prime ministers of A and B"
    ("en-wives-of-leaders", " date 2025-11-10 The group included the wives of the prime ministers of Norway and "
     "Spain.\nLula opened the leaders' segment of the summit last week.", []),
    # a headline with a colon after a verb is no transcript line; a question about a meeting is no meeting
    ("ru-headline-colon", " date 2025-12-19 Лукашенко провел большую пресс-конференцию: о выборах, экономике и "
     "Путине\n\nПо его словам, встреча с Путиным может пройти весной.", []),
    ("ru-question-about-a-meeting", " date 2025-12-19 Отвечая на вопрос о встрече с Алиевым, Пашинян сказал, что "
     "она возможна.", []),
    # the five Nordic countries as a format; foreign ministers under their ministries' own names
    ("en-nordic-format", " date 2025-10-30 The five Nordic prime ministers held a closed-door meeting in Stockholm "
     "on Tuesday.", [(M, ("DNK", "FIN", "ISL", "NOR", "SWE"))]),
    ("en-cabinet-secretary-fm", " date 2025-11-04 Foreign Affairs Cabinet Secretary Musalia Mudavadi met South "
     "Africa's International Relations Minister Ronald Lamola in Nairobi.", [(M, ("KEN", "ZAF"))]),
    # an invitation made during a call does not undo the call
    ("kk-invitation-during-call", " date 2025-02-12 Телефон арқылы сөйлесу барысында Тоқаев Мирзиёевті Қазақстанға "
     "ресми сапармен келуге шақырды.", [(C, ("KAZ", "UZB"))]),
    ("ky-invitation-during-call", " date 2025-02-12 Телефон аркылуу болгон маек учурунда Жапаров Мирзиёевди "
     "Кыргызстанга расмий сапар менен келүүгө чакырды.", [(C, ("KGZ", "UZB"))]),
    # "separately" makes each of them a bilateral beside the summit
    ("kk-separately-at-summit", " date 2025-10-10 Душанбеде өткен саммит аясында Тоқаев Ильхам Әлиевпен және Никол "
     "Пашинянмен жеке-жеке кездесті.", [(M, ("AZE", "KAZ")), (M, ("ARM", "KAZ"))]),
    # "will receive", and a participle after a temporal word without a comma takes the main clause's subject
    ("en-will-receive", " date 2025-03-10 Lula will receive Claudia Sheinbaum in Brasilia next week.",
     [(M, ("BRA", "MEX"))]),
    ("en-after-arriving", " date 2025-03-10 Ruto thanked Museveni for the welcome after arriving in Kampala on "
     "Monday.", [(M, ("KEN", "UGA"))]),
    # nothing on the schedule is no contact
    ("ru-not-in-the-schedule", " date 2025-07-30 Песков заявил, что в графике Путина пока нет телефонного "
     "разговора с Трампом.", []),
    ("en-not-on-the-agenda", " date 2025-07-30 The Kremlin said a meeting between Putin and Trump was not on the "
     "agenda.", []),
    ("en-chief-adviser", " date 2025-08-12 Anwar Ibrahim held talks with Bangladesh's Chief Adviser Muhammad Yunus "
     "in Putrajaya on Monday.", [(M, ("BGD", "MYS"))]),
    # "separate bilateral meetings" stay bilateral whatever else is trilateral; "he" after a contrast is the
    # second clause's leader
    ("en-separate-bilaterals", " date 2025-08-09 Trump hosted Aliyev and Pashinyan for separate bilateral meetings "
     "before a trilateral signing ceremony.", [(M, ("AZE", "USA")), (M, ("ARM", "USA"))]),
    ("en-he-after-while", " date 2025-10-31 Lula flew back to Brasilia, while Petro stayed in Panama, where he was "
     "due to hold talks with Jose Raul Mulino on Saturday.", [(M, ("COL", "PAN"))]),
    # one host receiving several guests separately: one bilateral each
    ("en-received-separately", " date 2026-04-29 Aliyev and Pashinyan met in Abu Dhabi on Tuesday. Earlier the same "
     "day each leader was received separately by Sheikh Mohamed bin Zayed.",
     [(M, ("ARM", "AZE")), (M, ("ARE", "AZE")), (M, ("ARE", "ARM"))]),
    ("en-and-separately", " date 2026-04-29 Sheikh Mohamed bin Zayed received Aliyev and, separately, Pashinyan.",
     [(M, ("ARE", "AZE")), (M, ("ARE", "ARM"))]),
    # a region after the title stands for its members, as one before it does
    ("ru-heads-of-a-region", " date 2026-08-12 Главы государств Центральной Азии провели консультативную встречу в "
     "Астане.", [(M, ("KAZ", "KGZ", "TJK", "TKM", "UZB"))]),
    ("en-leaders-of-a-region", " date 2026-08-12 The prime ministers of the Nordic countries met in Helsinki on "
     "Tuesday.", [(M, ("DNK", "FIN", "ISL", "NOR", "SWE"))]),
    # a headline's "Name: quote" is no line of a transcript
    ("en-headline-name-colon", " date 2025-10-03 Pashinyan: ready to talk to Aliyev in any format\n\nPashinyan said "
     "after a meeting of the European Political Community that peace was near.", []),
    ("kk-two-leaders-last-met", " date 2025-12-10 Тоқаев Си Цзиньпинмен телефон арқылы сөйлесті. Екі көшбасшы "
     "соңғы рет биылғы маусымда Астанада кездескен болатын.", [(C, ("CHN", "KAZ")), (M, ("CHN", "KAZ"))]),
    ("en-had-a-call", " date 2025-03-10 Ruto and Museveni had a call on Monday to discuss the pipeline.",
     [(C, ("KEN", "UGA"))]),
    ("en-trip-to-watch", " date 2024-03-05 Gustavo Petro travelled to Madrid on Saturday to watch Colombia play "
     "Spain.", []),
    ("en-private-visit", " date 2024-03-05 Javier Milei is in Spain on a private visit.", []),
    ("ru-trip-for-event", " date 2024-03-05 Ильхам Алиев прибыл в Ташкент для участия в международной "
     "конференции.", []),
    ("kk-trip-for-event", " date 2024-03-05 Ильхам Әлиев Ташкентке халықаралық конференцияға қатысу үшін келді.",
     []),
    # ... but a trip named by its own preposition goes where it says, not to a city further on
    ("en-left-for-home", " date 2024-03-05 Vladimir Putin left for home after the summit in Brussels.", []),
    # a country written before its leader qualifies him: "hosted Jordan's King Abdullah"
    ("en-country-before-object", " date 2024-03-05 Recep Tayyip Erdogan received Hungary's Viktor Orban in Ankara.",
     [(M, ("HUN", "TUR"))]),
    # a trigger phrase that opens the sentence has its parties in the main clause after it
    ("en-fronted-phrase", " date 2024-03-05 In a call with Olaf Scholz on Monday, Luiz Inacio Lula da Silva "
     "spoke of trade.", [(C, ("BRA", "DEU"))]),
    # "he" after the one leader the sentence names is that leader, not someone from an earlier sentence
    ("en-pronoun-same-sentence", " date 2024-03-05 Gabriel Boric flew to Lima, where he met Dina Boluarte on "
     "Monday.", [(M, ("CHL", "PER"))]),
    # a destination just before the visit word: "прибыл в X с официальным визитом"
    ("ru-arrived-on-visit", " date 2024-03-05 Президент Чили Габриэль Борич прибыл в Лиму с рабочим визитом.",
     [(M, ("CHL", "PER"))]),
    # two bare surnames, the second before the Kyrgyz "with" written apart: two people
    ("ky-surnames-postposition", " date 2024-03-05 Жапаров Мирзиёев менен Ташкентте жолугушту.",
     [(M, ("KGZ", "UZB"))]),
    # a time phrase with its counterpart is a frame too: the main clause's subject met him
    ("en-after-talks-with", " date 2024-03-05 After meeting Olaf Scholz in Berlin, Pedro Sanchez returned to "
     "Madrid.", [(M, ("DEU", "ESP"))]),
    ("ru-after-talks-with", " date 2024-03-05 После переговоров с Олафом Шольцем Педро Санчес похвалил сделку.",
     [(M, ("DEU", "ESP"))]),
    # a joint press conference is held in person
    ("en-joint-press-conference", " date 2024-03-05 At a joint press conference with Ilham Aliyev, Recep Tayyip "
     "Erdogan spoke of energy.", [(M, ("AZE", "TUR"))]),
    ("ru-joint-press-conference", " date 2024-03-05 На совместной пресс-конференции с Ильхамом Алиевым Реджеп "
     "Тайип Эрдоган говорил об энергетике.", [(M, ("AZE", "TUR"))]),
    # leaders who join an event by video link hold no call with each other; talks by video link are one
    ("en-remote-ceremony", " date 2024-03-05 Shavkat Mirziyoyev and Sadyr Japarov took part in the opening of a "
     "border market via video link.", []),
    ("ru-remote-ceremony", " date 2024-03-05 Мирзиёев и Жапаров в режиме видеосвязи приняли участие в церемонии "
     "открытия приграничного рынка.", []),
    ("kk-remote-forum", " date 2024-03-05 Тоқаев пен Мирзиёев бейнебайланыс арқылы іскерлік форумның отырысына "
     "қатысады.", []),
    ("en-talks-by-video", " date 2024-03-05 Shavkat Mirziyoyev and Sadyr Japarov held talks via video link and "
     "took part in the opening of a market.", [(C, ("KGZ", "UZB"))]),
    # two bare surnames, the second in an oblique case (here the accusative): two people, the host and his guest
    ("kk-surnames-accusative", " date 2024-03-05 Тоқаев Мирзиёевті Ақордада қабылдады.", [(M, ("KAZ", "UZB"))]),
    ("ky-surnames-accusative", " date 2024-03-05 Жапаров Мирзиёевди бүгүн Бишкекте кабыл алды.", [(M, ("KGZ", "UZB"))]),
    # calls: "a call from X", "dialled", "had spoken with", "during a call" after the verb
    ("en-call-from", " date 2024-03-05 Recep Tayyip Erdogan received a phone call from Ilham Aliyev on Monday.",
     [(C, ("AZE", "TUR"))]),
    ("en-dialled", " date 2024-03-05 Pedro Sanchez dialled Olaf Scholz on Monday.", [(C, ("DEU", "ESP"))]),
    ("en-had-spoken-with", " date 2024-03-05 Ilham Aliyev said he had spoken with Recep Tayyip Erdogan about "
     "energy.", [(C, ("AZE", "TUR"))]),
    ("en-during-a-call-after", " date 2024-03-05 Pedro Sanchez thanked Olaf Scholz for his support during a call.",
     [(C, ("DEU", "ESP"))]),
    # "called X" is a call only with a break or a time after X, never "called X a …" or "called X's plan …"
    ("en-called-on-day", " date 2024-03-05 Pedro Sanchez called Olaf Scholz on Monday to discuss trade.",
     [(C, ("DEU", "ESP"))]),
    ("en-called-naming", " date 2024-03-05 Pedro Sanchez called Olaf Scholz a loyal partner.", []),
    ("en-called-possessive", " date 2024-03-05 Pedro Sanchez called Olaf Scholz's budget cautious.", []),
    ("en-called-quoted", " date 2024-03-05 Pedro Sanchez called Olaf Scholz \"a friend of Spain\".", []),
    # headline verbs: "heads to" (a verb, not an office), "welcomes", "отправится в"
    ("en-heads-to", " date 2024-03-05 Pedro Sanchez heads to Berlin for talks with Olaf Scholz.",
     [(M, ("DEU", "ESP"))]),
    ("en-welcomes", " date 2024-03-05 Olaf Scholz welcomes Pedro Sanchez to Berlin.", [(M, ("DEU", "ESP"))]),
    ("ru-will-go-to", " date 2024-03-05 Педро Санчес отправится в Германию на следующей неделе.",
     [(M, ("DEU", "ESP"))]),
    # a bare head-of-state title travelling somewhere is the report's own leader, not the destination's
    ("kk-title-visit", " date 2024-03-05 Мемлекет басшысы Мәскеуге жұмыс сапарымен барды.", [(M, ("KAZ", "RUS"))]),
    ("ky-title-visit", " date 2024-03-05 Мамлекет башчысы бүгүн Москвага иш сапары менен барды.",
     [(M, ("KGZ", "RUS"))]),
    # a call has no destination: the Kazakh/Kyrgyz dative is whom it was made to
    ("kk-call-dative", " date 2024-03-05 Мирзиёевке Тоқаев телефон шалды.", [(C, ("KAZ", "UZB"))]),
    ("ky-call-dative", " date 2024-03-05 Мирзиёевге Жапаров бүгүн телефон чалды.", [(C, ("KGZ", "UZB"))]),
    # a denial governs its whole clause: "denied reports that A had spoken to B"
    ("en-denied-reports", " date 2024-03-05 A spokesman denied reports that Recep Tayyip Erdogan and Vladimir "
     "Putin had spoken by phone.", []),
    # the possessor of a noun trigger is its party, whoever speaks of it
    ("en-owner-spoken-of", " date 2024-03-05 An aide gave details of Narendra Modi's state visit to Kenya.",
     [(M, ("IND", "KEN"))]),
    # --- a slot held by someone who is not a leader: no contact, whoever else is named
    ("en-envoy-name", " date 2025-08-06 Vladimir Putin met Steve Smithers, an adviser to Donald Trump.", []),
    ("en-delegation", " date 2024-03-05 Sadyr Japarov received a delegation of Chinese businessmen; Xi Jinping "
     "was not there.", []),
    ("ru-deputy", " date 2024-03-05 Шавкат Мирзиёев принял заместителя председателя правительства России.", []),
    ("kk-press-service", " date 2024-03-05 Қырғызстан президентінің баспасөз қызметі Тоқаевтың сапары туралы "
     "хабарлады.", []),
    ("en-spouses", " date 2023-06-14 Emmanuel Macron and Olaf Scholz's wives met at the museum.", []),
    # a leader named as the owner of a non-leader ("X's advisers", "the chancellor's son") is no party
    ("en-owner-of-advisers", " date 2025-06-10 The Italian premier sat down with the Spanish prime minister's "
     "two economic advisers in Rome.", []),
    ("en-owner-of-son", " date 2025-06-10 Lula welcomed Milei's eldest son to Brasilia on Friday.", []),
    ("en-owner-of-visit", " date 2025-06-10 Milei's first state visit to Brazil included talks with Lula.",
     [(M, ("ARG", "BRA"))]),
    ("en-owner-of-call", " date 2025-06-10 Milei's call with Lula went on for an hour.", [(C, ("ARG", "BRA"))]),
    ("en-had-not", " date 2025-06-10 Lula told reporters he had not spoken with Milei for a year.", []),
    # "spoke" on its own: a call between a subject of two, never a speech, and never beside another contact word
    ("en-last-spoke", " date 2025-06-10 Lula and Milei last spoke in March.", [(C, ("ARG", "BRA"))]),
    ("en-spoke-on-day", " date 2025-06-10 The presidents of Peru and Chile spoke on Monday.", [(C, ("CHL", "PER"))]),
    ("en-spoke-at", " date 2025-06-10 Lula and Milei spoke at the opening of the Mercosur forum.", []),
    ("en-spoke-about", " date 2025-06-10 Lula and Milei spoke about trade in separate interviews.", []),
    ("en-spoke-alone", " date 2025-06-10 Lula spoke on Monday about the floods.", []),
    ("en-met-and-spoke", " date 2025-06-10 Lula and Milei met in Montevideo and spoke for two hours.",
     [(M, ("ARG", "BRA"))]),
    # --- pronouns and plural references bind to what came before
    ("en-pronoun", " date 2024-03-05 Vladimir Putin arrived in Bishkek on Monday. He held talks with Sadyr Japarov.",
     [(M, ("KGZ", "RUS"))]),
    ("en-two-leaders", " date 2024-03-05 Shavkat Mirziyoyev and Kassym-Jomart Tokayev spoke by phone. The two "
     "leaders discussed water.", [(C, ("KAZ", "UZB"))]),
    # --- modality: denied, hypothetical, invited, a time anchor
    # a negation after a long pair of titled names is as near as after "them"
    ("en-not-planned-long-names", " date 2025-02-10 An aide said a telephone call between President Gustavo Petro "
     "and Chilean President Gabriel Boric was not planned for now.", []),
    ("ru-not-planned-long-names", " date 2025-02-10 В МИД заявили, что телефонный разговор Президента Бразилии "
     "Луиса Инасиу Лулы да Силвы с Президентом Аргентины Хавьером Милеем пока не планируется.", []),
    ("ru-possible-if", " date 2025-02-10 Посол сказал, что встреча Эрдогана и Алиева возможна после выборов.", []),
    ("ru-postponed-indefinitely", " date 2025-02-10 Визит Лукашенко во Вьетнам, который намечался на весну, "
     "перенесён на неопределённый срок.", []),
    ("ru-at-first-chance", " date 2025-02-10 Токаев и Мирзиёев условились встретиться при первой возможности.",
     []),
    ("en-earliest-opportunity", " date 2025-02-10 Albanese and Luxon agreed to meet at the earliest opportunity.",
     []),
    ("en-cabinet-meeting", " date 2025-02-10 Sanchez chaired a cabinet meeting on housing, while Macron met "
     "farmers.", []),
    ("en-summit-is-off", " date 2025-02-10 Orban says his summit with Fico is off", []),
    ("en-invited-long-name", " date 2025-02-10 Pashinyan said he had invited Azerbaijani President Ilham "
     "Aliyev to visit Yerevan.", []),
    ("en-question", " date 2025-02-10 Will Modi and Sharif meet in Dushanbe next month?", []),
    ("ru-question", " date 2025-02-10 Встретятся ли Моди и Шариф в Душанбе в следующем месяце?", []),
    ("en-not-expected", " date 2025-02-10 Ruto and Museveni are not expected to hold talks in Nairobi on "
     "Friday.", []),
    ("en-called-off-later", " date 2025-02-10 Ruto and Museveni were to hold talks in Nairobi on Friday, but "
     "the meeting was postponed.", []),
    ("ru-called-off-later", " date 2025-02-10 Руто и Мусевени должны были провести переговоры в Найроби, но "
     "встреча была отложена.", []),
    ("en-other-meeting-called-off", " date 2025-02-10 Ruto held talks with Museveni in Nairobi on Friday, but a "
     "meeting with Hassan was cancelled.", [(M, ("KEN", "UGA"))]),
    # "накануне" before a past verb is "the day before", not "on the eve of" a contact
    ("ru-nakanune-adverb", " date 2025-02-10 Рахмон накануне провел телефонный разговор с Мирзиёевым.",
     [(C, ("TJK", "UZB"))]),
    ("ru-nakanune-of-visit", " date 2025-02-10 Накануне визита в Пекин Путин дал интервью.", []),
    ("en-no-plans", " date 2024-03-05 The Kremlin said Vladimir Putin has no plans to meet Volodymyr Zelensky.", []),
    ("en-could", " date 2024-03-05 Kazakhstan could host talks between Vladimir Putin and Volodymyr Zelensky.", []),
    ("en-invited", " date 2024-03-05 Shavkat Mirziyoyev invited Sadyr Japarov to visit Samarkand.", []),
    # a possibility said after the trigger: "may take place", "может состояться"
    ("en-may-happen", " date 2024-03-05 Talks between Ilham Aliyev and Nikol Pashinyan may take place in spring, "
     "a diplomat said.", []),
    ("ru-may-happen", " date 2024-03-05 Встреча Алиева и Пашиняна может состояться весной, сообщил дипломат.", []),
    ("en-cancelled", " date 2024-03-05 The meeting between Ilham Aliyev and Nikol Pashinyan was cancelled.", []),
    # a leader's own expectation is no announcement; "is expected to" (announced by others) stays a plan
    ("en-expects", " date 2024-03-05 Olaf Scholz said he expected to meet Xi Jinping before the summer.", []),
    ("en-is-expected", " date 2024-03-05 Emmanuel Macron is expected to meet Olaf Scholz in Berlin on Friday.",
     [(M, ("DEU", "FRA"))]),
    ("ru-expects", " date 2024-03-05 Токаев рассчитывает провести переговоры с Эрдоганом осенью.", []),
    ("ru-denied", " date 2024-03-05 Песков опроверг подготовку встречи Путина и Макрона.", []),
    # guesses are no announcement: "likely", "may meet", "analysts expect", "if it takes place", "dreams of"
    ("en-likely", " date 2024-03-05 Javier Milei is likely to visit Lula in Brasilia before the summer.", []),
    ("en-unlikely", " date 2024-03-05 Javier Milei is unlikely to visit Lula in Brasilia this year.", []),
    ("en-may-meet", " date 2024-03-05 Javier Milei may meet Lula in Brasilia on Thursday.", []),
    ("en-analysts", " date 2024-03-05 Analysts expect Javier Milei to travel to Brasilia for talks with Lula.", []),
    ("en-speculation", " date 2024-03-05 There is speculation that Milei will meet Lula in Brasilia in June.", []),
    ("en-if-it-happens", " date 2024-03-05 Talks between Milei and Lula, if they happen, would end a long chill.", []),
    ("en-dreams", " date 2024-03-05 Javier Milei dreams of meeting Lula at the Maracana.", []),
    ("en-off-table", " date 2024-03-05 Milei said talks with Lula were off the table.", []),
    ("ru-vryad-li", " date 2024-03-05 Милей вряд ли встретится с президентом Бразилии Лулой в июне.", []),
    ("ru-veroyatno", " date 2024-03-05 Милей, скорее всего, посетит Бразилию в июне.", []),
    ("ru-analysts", " date 2024-03-05 Аналитики прогнозируют, что Эрдоган проведет переговоры с Путиным летом.", []),
    ("ru-if-it-happens", " date 2024-03-05 Встреча Эрдогана и Путина, если она состоится, станет первой за год.", []),
    # monarchs and the Pope are heads of state, named the way the press names them
    ("en-king-charles", " date 2025-06-10 King Charles welcomed Javier Milei to Windsor on Tuesday.",
     [(M, ("ARG", "GBR"))]),
    ("en-pope-leo", " date 2025-06-10 Pope Leo received Javier Milei on Tuesday.", [(M, ("ARG", "VAT"))]),
    ("ru-pope-leo", " date 2025-06-10 Папа Лев принял Хавьера Милея во вторник.", [(M, ("ARG", "VAT"))]),
    # short surnames the press uses alone, listed for their holders: a relative clause keeps its subject
    ("en-short-surnames", " date 2025-06-10 Merz and Fico, who spoke by phone on Sunday, agreed on gas.",
     [(C, ("DEU", "SVK"))]),
    ("ru-short-surname", " date 2025-06-10 Орпо провел переговоры с Мерцем в Хельсинки.", [(M, ("DEU", "FIN"))]),
    # Kazakh/Kyrgyz readiness after the verb-final trigger is no contact; preparations under way announce one
    ("kk-ready", " date 2025-06-10 Тоқаев Әлиевпен кездесуге дайын екенін мәлімдеді.", []),
    ("ky-ready", " date 2025-06-10 Жапаров Алиев менен жолугушууга даяр экенин билдирди.", []),
    # Russian: a country with a fleeting vowel (Египет → Египта), "пообщались" among meeting words
    ("ru-egypt-genitive", " date 2025-06-10 Мирзиёев провел переговоры с президентом Египта.",
     [(M, ("EGY", "UZB"))]),
    ("ru-poobshchalis", " date 2025-06-10 Мирзиёев и Токаев пообщались в кулуарах форума.", [(M, ("KAZ", "UZB"))]),
    # a country's possessive or adjective before a short surname vouches for it and is no party of its own
    ("en-country-possessive-pair", " date 2025-06-10 Brazil's Lula and South Korea's Lee held talks in Seoul "
     "on Friday.", [(M, ("BRA", "KOR"))]),
    ("en-short-surname-bare", " date 2025-06-10 Lula met Lee in Seoul on Friday.", []),
    # "discussed X at their meeting": the meeting is where it was said, not its topic
    ("en-discussed-at-meeting", " date 2025-06-10 Lula and Boric discussed lithium at their meeting in Santiago.",
     [(M, ("BRA", "CHL"))]),
    # a title that names its own country: "the Pope", "понтифик" (and it is nobody else's title)
    ("en-the-pope", " date 2025-06-10 The Pope received Javier Milei at the Vatican on Friday.", [(M, ("ARG", "VAT"))]),
    ("ru-pontiff", " date 2025-06-10 Понтифик встретился с Хавьером Милеем в пятницу.", [(M, ("ARG", "VAT"))]),
    # more words for contacts: a bilateral "with", a swearing-in attended, Russian "связался с"
    ("en-first-bilateral", " date 2025-06-10 Boric's first bilateral of the day was with Milei.",
     [(M, ("ARG", "CHL"))]),
    ("en-swearing-in", " date 2025-06-10 Boric attended Milei's swearing-in in Buenos Aires.", [(M, ("ARG", "CHL"))]),
    ("en-bilateral-trade", " date 2025-06-10 Boric and Milei praised bilateral trade in separate statements.", []),
    ("ru-svyazalsya", " date 2025-06-10 Борич связался с Милеем во вторник.", [(C, ("ARG", "CHL"))]),
    # whom a leader told something is no subject of the contact after it
    ("en-told-reporters", " date 2025-06-10 Boric told reporters at the close of the Mercosur summit in Montevideo "
     "that trade must grow.", [(M, ("CHL", "URY"))]),
    # a bare title is the previous sentence's subject (not the last leader named), and a contact verb between a
    # title and a name makes the title that verb's subject ("the president met Abiy": not Abiy's title)
    ("en-title-previous-subject", " date 2025-06-10 Kenyan President William Ruto held talks with Ugandan President "
     "Yoweri Museveni in Nairobi on Monday. Later, the president met Abiy Ahmed in Addis Ababa.",
     [(M, ("KEN", "UGA")), (M, ("ETH", "KEN"))]),
    # "by phone" after a verb and its object is how the subject spoke to the object
    ("en-thanked-by-phone", " date 2025-06-10 Lula thanked the Chilean president by phone.", [(C, ("BRA", "CHL"))]),
    ("ru-po-telefonu", " date 2025-06-10 Лула поблагодарил президента Чили по телефону.", [(C, ("BRA", "CHL"))]),
    ("en-reporter-of-two", " date 2025-06-10 Petro said Lula had thanked Boric by phone for his support.",
     [(C, ("BRA", "CHL"))]),
    # ... while "is expected to", "plans to" and "will" still announce one
    ("en-plans-to", " date 2024-03-05 Javier Milei plans to visit Lula in Brasilia on Thursday.",
     [(M, ("ARG", "BRA"))]),
    # one named attendee at a summit in a named city meets its host; a leader speaking about a summit
    # is no attendee; bilaterals "on the sidelines of a summit in X" are with their own counterparts
    ("ru-summit-attendee", " date 2024-03-05 Эмомали Рахмон принял участие в саммите СНГ в Ашхабаде.",
     [(M, ("TJK", "TKM"))]),
    ("en-summit-attend", " date 2024-03-05 Erdogan will attend the NATO summit in Washington next week.",
     [(M, ("TUR", "USA"))]),
    ("en-summit-criticised", " date 2024-03-05 Putin criticised the G7 summit in Italy.",
     [(M, ("CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"))]),
    ("en-summit-sidelines", " date 2023-07-14 Wang Yi met Sergei Lavrov on the sidelines of a summit in Jakarta.",
     [(M, ("CHN", "RUS"))]),
    # "the meeting of the presidents of A and B" is theirs, whoever comments on it; an office title no
    # country resolves leaves its side unknown, so no contact among its counterparts
    ("en-meeting-of-two", " date 2024-05-14 In an interview, Tokayev praised the meeting of the leaders of Serbia and "
     "Hungary as useful for the region.", [(M, ("HUN", "SRB"))]),
    ("en-unknown-side", " date 2024-05-14 Later the foreign minister went on to see the presidents of Chile, Peru "
     "and Mexico in turn.", []),
    # periphrases for a foreign minister
    ("ru-diplomatic-head", " date 2024-05-14 Глава дипломатического ведомства Казахстана провел в Ташкенте "
     "переговоры с узбекским коллегой.", [(M, ("KAZ", "UZB"))]),
    ("en-chief-diplomat", " date 2024-05-14 The Turkish chief diplomat sat down with his Egyptian counterpart "
     "in Cairo on Monday.", [(M, ("EGY", "TUR"))]),
    # "her trip … for talks with X" belongs to the clause's subject ("she"), not to the name nearest
    ("en-her-trip", " date 2024-05-14 Kaja Kallas phoned Olaf Scholz on Friday. Kallas said she had told Scholz "
     "about her visit to Tokyo last week for talks with Fumio Kishida.",
     [(C, ("DEU", "EST")), (M, ("EST", "JPN"))]),
    # "during their talks": the clause's two leaders; a dinner hosted for a leader; "greeted" at the airport
    ("en-their-talks", " date 2024-05-14 Shavkat Mirziyoyev told Sadyr Japarov during their talks that trade must "
     "grow.", [(M, ("KGZ", "UZB"))]),
    ("en-dinner-for", " date 2024-05-14 Vladimir Putin hosted a dinner for Xi Jinping at the Kremlin on Monday.",
     [(M, ("CHN", "RUS"))]),
    ("en-greeted", " date 2024-05-14 Recep Tayyip Erdogan greeted Ilham Aliyev at the airport in Ankara.",
     [(M, ("AZE", "TUR"))]),
    ("ru-their-talk", " date 2024-05-14 Путин сообщил Токаеву в ходе их беседы, что торговля растет.",
     [(M, ("KAZ", "RUS"))]),
    ("ru-dinner-in-honour", " date 2024-05-14 Владимир Путин дал обед в честь Си Цзиньпина в Кремле.",
     [(M, ("CHN", "RUS"))]),
    # a noun trigger's coordinated genitives are its parties, not the subject who speaks of it
    ("ru-welcomed-their-meeting", " date 2024-05-14 Токаев назвал важной встречу Мирзиёева и Рахмона в Худжанде.",
     [(M, ("TJK", "UZB"))]),
    # attending a leader's inauguration is a meeting with him; congratulating him on it is not
    ("en-inauguration-possessive", " date 2024-05-14 Mirziyoyev attended Tokayev's inauguration in Astana.",
     [(M, ("KAZ", "UZB"))]),
    ("ru-inauguration", " date 2024-05-14 Мирзиёев принял участие в церемонии инаугурации Токаева в Астане.",
     [(M, ("KAZ", "UZB"))]),
    ("en-inauguration-congratulated", " date 2024-05-14 Putin congratulated Tokayev on his inauguration.", []),
    # words for a call that were missed: "during their call", "rang"
    ("en-their-call", " date 2024-03-05 Zelensky thanked Biden for the aid during their call on Monday.",
     [(C, ("UKR", "USA"))]),
    ("en-rang", " date 2024-03-05 Macron rang Scholz on Tuesday to discuss the budget.", [(C, ("DEU", "FRA"))]),
    ("en-bell-rang", " date 2024-03-05 The bell rang as Putin and Xi entered the hall.", []),
    ("en-his-call-with", " date 2024-03-05 Justin Trudeau said his call with Olaf Scholz went well.",
     [(C, ("CAN", "DEU"))]),
    # a short aside between commas does not hide what follows it
    ("ru-aside-cancelled", " date 2024-03-05 Переговоры Путина и Эрдогана, намеченные на среду, отменены.", []),
    ("en-aside-called-off", " date 2024-03-05 The talks between Erdogan and Putin, planned for Wednesday, were "
     "called off.", []),
    ("en-aside-plain", " date 2024-03-05 Tokayev met Mirziyoyev, who arrived on Monday, and discussed trade.",
     [(M, ("KAZ", "UZB"))]),
    # the negation ends with the trigger word itself
    ("ru-not-will-meet", " date 2024-03-05 Лавров не встретится с Блинкеном на полях саммита.", []),
    ("ru-question", " date 2024-03-05 Пока неясно, состоится ли встреча Путина и Зеленского.", []),
    ("ru-topic", " date 2024-03-05 Токаев высказался о встрече Путина и Назарбаева.", []),
    ("en-topic", " date 2025-08-20 Sadyr Japarov spoke about the meeting of Vladimir Putin and Donald Trump.",
     [(M, ("RUS", "USA"))]),
    # a dative country after an untitled head of state is where he goes, not his country; "іссапар" is a visit
    ("kk-trip-to", " date 2024-05-14 Мемлекет басшысы Өзбекстанға іссапармен барды.", [(M, ("KAZ", "UZB"))]),
    # two bare surnames side by side, the second marked as the counterpart: two leaders, not one name
    ("kk-surnames-side-by-side", " date 2024-03-05 Тоқаев Путинмен телефон арқылы сөйлесті.", [(C, ("KAZ", "RUS"))]),
    ("kk-surnames-meeting", " date 2024-03-05 Тоқаев Мирзиёевпен кездесті.", [(M, ("KAZ", "UZB"))]),
    ("ky-namesake", " date 2024-03-05 Садыр Жапаров Ташкенттен келген делегациянын башчысы Саида Мирзиёеваны "
     "кабыл алды.", []),
    ("en-her-counterpart", " date 2024-05-14 Germany's foreign minister met her Chinese counterpart in Beijing.",
     [(M, ("CHN", "DEU"))]),
    ("en-travel", " date 2024-05-14 Narendra Modi will travel to Japan next week.", [(M, ("IND", "JPN"))]),
    ("en-told-that", " date 2024-05-14 Emmanuel Macron told Olaf Scholz that talks with Vladimir Putin were "
     "pointless.", []),
    ("en-never", " date 2024-05-14 The summit between Kim Jong Un and Joe Biden never took place.", []),
    ("en-with-before", " date 2024-05-14 Olaf Scholz discussed the crisis with Emmanuel Macron by phone.",
     [(C, ("DEU", "FRA"))]),
    ("en-sport", " date 2024-05-14 Brazil and Argentina met in a World Cup qualifier on Tuesday.", []),
    ("en-ministers", " date 2024-05-14 The finance ministers of Japan and South Korea met in Seoul.", []),
    ("en-former", " date 2024-05-14 Former president Donald Trump met Viktor Orban in Florida.", []),
    ("en-following-call", " date 2025-02-03 Justin Trudeau said that following a phone call with Donald Trump he "
     "expected progress.", [(C, ("CAN", "USA"))]),
    ("en-where-summit", " date 2023-05-20 Giorgia Meloni met Fumio Kishida in Hiroshima, where the G7 summit was "
     "taking place.", [(M, ("ITA", "JPN"))]),
    ("ru-qualified-list", " date 2023-06-01 Прошла встреча президентов Азербайджана Ильхама Алиева, Казахстана "
     "Касым-Жомарта Токаева и Узбекистана Шавката Мирзиёева.", [(M, ("AZE", "KAZ", "UZB"))]),
    ("ky-parenthesis", " date 2022-11-11 Самарканддагы (Өзбекстан) саммиттин алкагында Садыр Жапаров Касым-Жомарт "
     "Токаев менен жолугушту.", [(M, ("KAZ", "KGZ"))]),
    ("ru-including", " date 2024-05-14 Касым-Жомарт Токаев провёл встречи с лидерами нескольких государств, в том "
     "числе с эмиром Катара и премьер-министром Японии.", [(M, ("JPN", "KAZ")), (M, ("KAZ", "QAT"))]),
    ("ru-talks-of-the-call", " date 2025-08-10 Путин и Жапаров обсудили ситуацию в регионе. Путин провёл телефонный "
     "разговор с Садыром Жапаровым. Стороны продолжили переговоры.", [(C, ("KGZ", "RUS"))]),
    ("en-said-he", " date 2025-05-14 Sadyr Japarov met Shavkat Mirziyoyev on Monday. Donald Trump said on Tuesday "
     "that he spoke with Vladimir Putin about Ukraine.", [(M, ("KGZ", "UZB")), (C, ("RUS", "USA"))]),
    ("en-bilaterals", " date 2024-05-14 On the sidelines, the Indian prime minister held bilaterals with the "
     "leaders of Nigeria, Egypt and Brazil.", [(M, ("BRA", "IND")), (M, ("EGY", "IND")), (M, ("IND", "NGA"))]),
    ("ru-colleagues-from", " date 2024-05-14 Министр иностранных дел России проведет в Женеве отдельные беседы с "
     "коллегами из Франции и Германии.", [(M, ("DEU", "RUS")), (M, ("FRA", "RUS"))]),
    ("en-inauguration", " date 2021-11-06 Kassym-Jomart Tokayev attended the inauguration of Uzbek President "
     "Shavkat Mirziyoyev.", [(M, ("KAZ", "UZB"))]),
    ("kk-welcomed", " date 2024-05-14 Тоқаевты әуежайда Жапаров қарсы алды.", [(M, ("KAZ", "KGZ"))]),
    ("en-welcomed-meeting", " date 2024-05-14 Vladimir Putin welcomed the meeting between the presidents of "
     "Kyrgyzstan and Tajikistan in Astana.", [(M, ("KGZ", "TJK"))]),
    ("kk-region-and-country", " date 2024-05-14 Жапаров Астанада Орталық Азия мен Әзербайжан мемлекеттері "
     "басшыларының кездесуіне қатысты.", [(M, ("AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB"))]),
    ("en-possessive-list", " date 2023-06-01 William Ruto, who said last week that he had telephonic "
     "conversations with Narendra Modi, China's Xi Jinping and Joe Biden, flew home.",
     [(C, ("CHN", "KEN")), (C, ("IND", "KEN")), (C, ("KEN", "USA"))]),
    ("en-he-not-the-counterparts", " date 2023-09-08 Narendra Modi held talks with Pravind Jugnauth. On Monday he "
     "will meet the leaders of Germany and Italy. On Tuesday he will have a dinner meeting with Joe Biden.",
     [(M, ("DEU", "IND")), (M, ("IND", "ITA")), (M, ("IND", "MUS")), (M, ("IND", "USA"))]),
    ("en-later-today", " date 2024-05-14 Recep Tayyip Erdogan flew to Baku on Monday for talks later today with "
     "Ilham Aliyev.", [(M, ("AZE", "TUR"))]),
    ("ru-instrumental-far", " date 2024-05-14 Касым-Жомарт Токаев провёл переговоры с приехавшими накануне на форум "
     "в Астане Президентами Армении Николом Пашиняном и Азербайджана Ильхамом Алиевым.",
     [(M, ("ARM", "KAZ")), (M, ("AZE", "KAZ"))]),
    ("ru-two-of-a-trilateral", " date 2022-10-19 Жапаров и Рахмон не поздоровались перед трехсторонней встречей в "
     "Астане.", []),
    ("en-after-summit", " date 2024-03-05 After the CSTO summit in Minsk, Vladimir Putin and Alexander Lukashenko "
     "talked face-to-face.", [(M, ("BLR", "RUS"))]),
    ("ru-repeated-marker", " date 2025-09-01 Путин провёл переговоры и с президентом Турции, и с премьер-министром "
     "Индии.", [(M, ("RUS", "TUR")), (M, ("IND", "RUS"))]),
    ("en-repeated-marker", " date 2025-09-01 Recep Tayyip Erdogan held talks with Vladimir Putin and with Narendra "
     "Modi.", [(M, ("RUS", "TUR")), (M, ("IND", "TUR"))]),
    ("ru-a-takzhe", " date 2025-10-13 Ильхам Алиев провёл встречи с королём Иордании Абдаллой II, а также с "
     "премьер-министром Венгрии Виктором Орбаном.", [(M, ("AZE", "JOR")), (M, ("AZE", "HUN"))]),
    ("en-as-well-as", " date 2025-10-13 Ilham Aliyev met King Abdullah II as well as Viktor Orban.",
     [(M, ("AZE", "JOR")), (M, ("AZE", "HUN"))]),
    ("kk-dash-apposition", " date 2024-03-05 Қасым-Жомарт Тоқаев Әзербайжан Республикасының Президенті – Ильхам "
     "Әлиевпен телефон арқылы сөйлесті.", [(C, ("AZE", "KAZ"))]),
    ("ky-dash-apposition", " date 2024-03-05 Садыр Жапаров Өзбекстандын президенти – Шавкат Мирзиёев менен телефон "
     "аркылуу сүйлөштү.", [(C, ("KGZ", "UZB"))]),
    ("ky-discussed-with", " date 2024-03-05 Садыр Жапаров Шавкат Мирзиёев менен суу маселелерин талкуулады.",
     [(M, ("KGZ", "UZB"))]),
    ("kk-discussed-with", " date 2024-03-05 Қасым-Жомарт Тоқаев Шавкат Мирзиёевпен су мәселелерін талқылады.",
     [(M, ("KAZ", "UZB"))]),
    ("ky-discussed-with-ministers", " date 2024-03-05 Садыр Жапаров министрлер менен суу маселелерин талкуулады.", []),
    ("en-participle-clause", " date 2024-03-05 Emmanuel Macron received Olaf Scholz in Paris on Monday, hours before "
     "holding a phone call with Vladimir Putin.", [(M, ("DEU", "FRA")), (C, ("FRA", "RUS"))]),
    ("en-participle-after", " date 2024-03-05 Olaf Scholz thanked Emmanuel Macron, shortly after meeting Joe Biden.",
     [(M, ("DEU", "USA"))]),
    ("ky-fm-periphrasis", " date 2015-06-03 Бүгүн Түркиянын тышкы иштер мекемесинин жетекчисин президент Алмазбек "
     "Атамбаев кабыл алды.", [(M, ("KGZ", "TUR"))]),
    ("ru-compound-delegation", " date 2024-03-05 Белорусско-американские переговоры прошли в Минске.", []),
    ("ru-compound-top-level", " date 2024-03-05 Турецко-российская встреча на высшем уровне прошла в Тяньцзине.",
     [(M, ("RUS", "TUR"))]),
    ("en-compound-summit", " date 2024-03-05 The Japan-China summit opened in Lima.", [(M, ("CHN", "JPN"))]),
    ("en-condition-after", " date 2024-03-05 Joe Biden said he would meet Xi Jinping if circumstances allow.", []),
    ("ru-condition-after", " date 2024-03-05 Путин заявил, что встретится с Зеленским, если позволят обстоятельства.",
     []),
    ("en-in-a-call", " date 2024-03-05 Olaf Scholz and Emmanuel Macron pressed Vladimir Putin to end the war in a "
     "phone call on Thursday.", [(C, ("DEU", "FRA", "RUS"))]),
    ("en-told-in-a-call", " date 2024-03-05 Vladimir Putin told Xi Jinping in a phone call that the talks went well.",
     [(C, ("CHN", "RUS"))]),
    ("en-said-in-a-call", " date 2024-03-05 Peskov said Vladimir Putin was briefed by aides in a phone call.", []),
    # --- a leader's name inside a place's name is no leader; "him" earlier in the same sentence
    ("en-named-airport", " date 2023-06-14 Vladimir Putin arrived at Heydar Aliyev International Airport, where "
     "Ilham Aliyev met him.", [(M, ("AZE", "RUS"))]),
    ("ru-named-airport", " date 2023-06-14 Владимир Путин прибыл в аэропорт имени Гейдара Алиева, где его встретил "
     "Ильхам Алиев.", [(M, ("AZE", "RUS"))]),
    # --- an organisation's summit is one of all its members only when the sentence says so
    ("ru-member-states", " date 2024-03-05 В Минске прошёл саммит глав государств — членов ОДКБ.",
     [(M, ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"))]),
    ("ky-heads-of-org", " date 2024-03-05 Түрк мамлекеттер уюмунун президенттеринин саммити Бишкекте өттү.",
     [(M, ("AZE", "KAZ", "KGZ", "TUR", "UZB"))]),
    ("ru-council-of-heads", " date 2024-03-05 Сессия Совета коллективной безопасности пройдет в Москве.",
     [(M, ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"))]),
    # ... but where it names who clashed or talked there, the contact is theirs, not the whole membership's
    ("en-named-at-member-summit", " date 2024-03-05 At the summit of CSTO member states in Minsk, Tokayev and "
     "Pashinyan clashed over the budget.", [(M, ("ARM", "KAZ"))]),
    ("ru-council-session-named", " date 2024-03-05 На заседании Совета глав государств СНГ Мирзиёев и Рахмон "
     "обсудили воду.", [(M, ("TJK", "UZB"))]),
    ("en-one-attendee", " date 2024-03-05 Kassym-Jomart Tokayev took part in the summit of the Organization of "
     "Turkic States.", []),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_frames(run, name, text, want):
    got = sorted((c.kind, c.countries) for c in run(text).contacts)
    assert got == sorted(want), name


def test_participants_say_how_the_frame_bound_them(run):
    (c,) = run(" date 2024-03-05 Владимир Путин провёл переговоры с Касым-Жомартом Токаевым.").contacts
    assert all("'с' after the trigger" in p.derivation for p in c.participants)


def test_a_pronoun_is_the_previous_subject_not_the_last_name(run):
    text = (" date 2024-03-05 Sadyr Japarov spoke about Vladimir Putin's proposal. "
            "He later held talks with Shavkat Mirziyoyev.")
    (c,) = run(text).contacts
    assert c.countries == ("KGZ", "UZB")
    kgz = next(p for p in c.participants if p.country == "KGZ")
    assert kgz.derivation.startswith("pronoun")


@pytest.mark.parametrize("text", [
    " date 2023-02-14 Sergey Lavrov said arrangements were being made to meet Subrahmanyam Jaishankar in Delhi.",
    " date 2023-02-14 The foreign ministers of India and China are preparing to hold talks in Delhi.",
    " date 2023-02-14 Тоқаевтың Бакуге сапарына дайындық жүріп жатыр.",
    " date 2023-02-14 Жапаровдун Бакуга сапарына даярдык жүрүп жатат.",
])
def test_preparations_announce_a_plan(run, text):
    assert [c.status for c in run(text).contacts] == ["planned"]


def test_the_first_leader_to_visit_is_a_fact_not_a_plan(run):
    text = " date 2025-04-25 William Ruto became the first Kenyan president to visit South Africa."
    assert [c.status for c in run(text).contacts] == ["occurred"]


def test_names_joined_by_and_stay_in_one_clause(run):
    text = (' date 2025-08-09 Donald Trump wrote on Friday, "The long-awaited meeting between myself and Vladimir '
            'Putin will take place next Friday, August 15, 2025."')
    (c,) = run(text).contacts
    assert (c.status, c.date.date) == ("planned", "2025-08-15")


@pytest.mark.parametrize("text,lang,want", [
    # reported speech: "would meet" is the future seen from the past
    (" date 2025-05-02 According to aides, Tokayev would travel to Tashkent to see Mirziyoyev on 9 June.", "en",
     "planned"),
    # "plans to hold talks on 26 September" is a plan
    (" date 2025-09-25 В Кремле рассказали о планах Путина обсудить с Лукашенко торговлю на переговорах 2 октября.",
     "ru", "planned"),
    # a leader coming to a summit in a named city meets its host
    (" date 2024-09-01 Қырқүйектің соңында Душанбеде өтетін ТМД саммитіне Мирзиёев келеді.", "kk", "planned"),
    (" date 2025-07-29 Қасым-Жомарт Тоқаев пен Реджеп Тайип Ердоған бүгін келіссөз жүргізеді.", "kk", "planned"),
    # the Kazakh future participle inside a report: "said he will hold a meeting with X"
    (" date 2025-07-29 Сыртқы істер министрлігі Тоқаевтың келесі аптада Мирзиёевпен кездесу өткізетінін мәлімдеді.",
     "kk", "planned"),
    (" date 2025-07-29 Реджеп Тайип Ердоған Қасым-Жомарт Тоқаевты әуежайда қарсы алды.", "kk", "occurred"),
    (" date 2025-07-29 Садыр Жапаров менен Эмомали Рахмон бүгүн сүйлөшүү жүргүзөт.", "ky", "planned"),
    # a comma inside a list of names does not end the clause: its "would be held" is the summit's
    (" date 2025-03-13 An aide said the summit of the presidents of Kazakhstan, Tajikistan and Uzbekistan would be "
     "held in Termez.", "en", "planned"),
    # "is expected in", the Kyrgyz aorist "жолугат": still to come
    (" date 2024-05-10 Pedro Sanchez is expected in Berlin on Thursday for talks with Olaf Scholz.", "en", "planned"),
    (" date 2024-05-10 Жапаров бүгүн Мирзиёев менен жолугат.", "ky", "planned"),
    # "on the eve of" an event says when a past call was, not that it is still to come
    (" date 2024-05-10 Narendra Modi spoke with Vladimir Putin by phone on the eve of the parade.", "en", "occurred"),
])
def test_verb_forms_tell_plans_from_past(run, text, lang, want):
    assert [c.status for c in run(text, lang=lang).contacts] == [want]


@pytest.mark.parametrize("text,looks_back", [
    ("Встреча Садыра Жапарова и Эмомали Рахмона прошла 13 октября в Астане.", False),
    ("Прошлая встреча Садыра Жапарова и Эмомали Рахмона состоялась в мае в Душанбе.", True),
])
def test_took_place_is_no_look_back_but_last_time_is(kb, text, looks_back):
    assert is_reference(Sentence(0, len(text), text), Lookup(kb.lexicons_for("ru"))) is looks_back
