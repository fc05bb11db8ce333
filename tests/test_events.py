"""Per-document extraction on short texts written for these tests."""


def _contacts(run, text, **meta):
    return run(text, **meta).contacts


def test_call_with_inflected_russian_names(run):
    text = " date 2022-03-15 Сегодня Садыр Жапаров провел телефонный разговор с Владимиром Путиным."
    cs = _contacts(run, text)
    assert len(cs) == 1
    c = cs[0]
    assert (c.kind, c.status, c.salience, c.date.date) == ("call", "occurred", "main", "2022-03-15")
    assert {p.person for p in c.participants} == {"Sadyr Japarov", "Vladimir Putin"}
    assert c.evidence.startswith("Сегодня Садыр Жапаров")


def test_role_reference_resolved_by_date(run):
    text = " date 2020-09-28 The Russian leader met the President of Kyrgyzstan in Sochi."
    c = _contacts(run, text)[0]
    people = {p.country: p for p in c.participants}
    assert people["KGZ"].person == "Sooronbay Jeenbekov"  # in office on 2020-09-28
    assert people["RUS"].person == "Vladimir Putin"
    assert "holder of the office on 2020-09-28" in people["KGZ"].derivation
    assert (c.location.city, c.location.country) == ("Sochi", "RUS")


def test_same_country_or_ambassadors_make_no_contact(run):
    text = " date 2022-09-12 President William Ruto met former President Uhuru Kenyatta in Nairobi."
    assert _contacts(run, text) == []
    assert _contacts(run, " date 2025-10-13 President Sadyr Japarov received the credentials of the ambassadors "
                          "of Italy and Belgium.") == []


def test_courtesy_call_is_not_a_phone_call(run):
    cs = _contacts(run, " date 2018-07-13 President Cyril Ramaphosa paid a courtesy call on President Edgar Lungu "
                        "in Lusaka and held talks.")
    assert [c.kind for c in cs] == ["meeting"]


def test_planned_visit_with_host_country(run):
    text = (" date 2021-06-24 28–29 июня состоится официальный визит президента Кыргызстана "
            "Садыра Жапарова в Таджикистан.")
    c = _contacts(run, text)[0]
    assert (c.kind, c.status, c.date.start, c.date.end) == ("meeting", "planned", "2021-06-28", "2021-06-29")
    host = next(p for p in c.participants if p.country == "TJK")
    assert host.person == "Emomali Rahmon" and host.derivation.startswith("host of visit")
    assert c.location.country == "TJK"


def test_earlier_contact_is_mentioned_not_main(run):
    text = (" date 2022-11-15 Prime Minister Fumio Kishida will hold talks with President Xi Jinping on Thursday.\n"
            "The two leaders spoke on the phone in October 2021.")
    main, earlier = _contacts(run, text)
    assert (main.salience, main.status, main.date.date) == ("main", "planned", "2022-11-17")
    assert (earlier.salience, earlier.kind, earlier.date.start, earlier.date.end) == (
        "mentioned", "call", "2021-10-04", "2021-10-31")  # October 2021 from Kishida's first day in office


def test_sentences_about_one_contact_become_one(run):
    text = (" date 2023-06-02 Sadyr Japarov and Emomali Rahmon held talks in Cholpon-Ata.\n"
            "Japarov and Rahmon discussed the border and trade during the talks.")
    cs = _contacts(run, text)
    assert len(cs) == 1 and cs[0].topics == ["trade_economy", "border_conflict"]


def test_kyrgyz_phone_call(run):
    text = (" date 2021-02-01 Бүгүн Садыр Жапаров Казакстан президенти Касым-Жомарт Токаев менен "
            "телефон аркылуу сүйлөштү.")
    c = _contacts(run, text)[0]
    assert (c.kind, c.date.date) == ("call", "2021-02-01")
    assert {p.country for p in c.participants} == {"KAZ", "KGZ"}


def test_undated_document_gets_honest_range(run):
    text = "Sadyr Japarov had a telephone conversation with Vladimir Putin."
    c = _contacts(run, text)[0]
    assert c.date.date is None
    assert c.date.start == "2021-01-28"  # Japarov's first day as president
    assert c.date.end is None


def test_bare_head_of_state_at_a_venue_means_the_host(run):
    text = " date 2024-03-15 Мемлекет басшысы Ақордада Өзбекстан Президенті Шавкат Мирзиёевпен кездесті."
    c = run(text).contacts[0]
    people = {p.country: p for p in c.participants}
    assert people["KAZ"].person == "Kassym-Jomart Tokayev" and people["KAZ"].derivation.startswith("host")
    assert (c.location.city, c.kind) == ("Astana", "meeting")


def test_kyrgyz_meeting_in_moscow(run):
    c = run(" date 2024-05-10 Садыр Жапаров Москвада Владимир Путин менен жолукту.").contacts[0]
    assert (c.kind, c.location.city, c.date.date) == ("meeting", "Moscow", "2024-05-10")


def test_summit_with_a_list_of_countries(run):
    text = (" date 2023-09-14 The presidents of Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan held a summit "
            "in Dushanbe.")
    (c,) = run(text).contacts
    assert set(c.countries) == {"KAZ", "KGZ", "TJK", "UZB"}
    assert (c.kind, c.location.city) == ("meeting", "Dushanbe")
    assert {p.person for p in c.participants} >= {"Emomali Rahmon", "Sadyr Japarov"}


def test_deputies_and_former_leaders_are_not_parties(run):
    text = " date 2024-05-10 Deputy Prime Minister of Kazakhstan met President Sadyr Japarov in Bishkek."
    assert run(text).contacts == []
    text = " date 2024-05-10 Former president Nursultan Nazarbayev met Vladimir Putin in Moscow."
    assert run(text).contacts == []


def test_two_pairs_in_one_sentence(run):
    text = (" date 2024-07-03 On the sidelines, Xi Jinping met Vladimir Putin, and Recep Tayyip Erdogan held talks "
            "with Shehbaz Sharif.")
    assert sorted(c.countries for c in run(text).contacts) == [("CHN", "RUS"), ("PAK", "TUR")]


def test_envoys_and_messages_are_not_the_leader(run):
    text = " date 2024-02-01 Kassym-Jomart Tokayev received Shavkat Mirziyoyev's special envoy in Astana."
    assert run(text).contacts == []
    text = " date 2024-02-01 Касым-Жомарт Токаев принял спецпредставителя Владимира Путина в Астане."
    assert run(text).contacts == []
    assert run(" date 2024-02-01 Tokayev received a message from Vladimir Putin.").contacts == []


def test_delegations_present_do_not_hide_the_leaders(run):
    text = " date 2024-02-01 В присутствии представителей делегаций Путин и Токаев провели переговоры в Москве."
    assert [c.countries for c in run(text).contacts] == [("KAZ", "RUS")]


def test_untitled_head_of_state_in_kazakh_and_kyrgyz_reports(run):
    kk = run(" date 2024-06-12 Мемлекет басшысы Ресей Президенті Владимир Путинмен телефон арқылы сөйлесті.").contacts
    assert [(c.kind, c.countries) for c in kk] == [("call", ("KAZ", "RUS"))]
    assert next(p for p in kk[0].participants if p.country == "KAZ").person == "Kassym-Jomart Tokayev"
    ky = run(" date 2024-06-12 Мамлекет башчы Өзбекстандын президенти Шавкат Мирзиёев менен Ташкентте жолугушту.")
    assert [(c.kind, c.countries, c.location.city) for c in ky.contacts] == [("meeting", ("KGZ", "UZB"), "Tashkent")]


def test_untitled_head_of_state_from_url_country(run):
    text = "Глава государства провел телефонный разговор с Президентом Узбекистана Шавкатом Мирзиёевым."
    (c,) = run(text, url="https://news.example.kg/2024-03-01/item", ).contacts
    assert c.countries == ("KGZ", "UZB") and c.date.date == "2024-03-01"
    assert run(text).contacts == []  # no language or domain clue: nobody is guessed


def test_transcript_of_talks_and_no_guess_without_one(run):
    transcript = (" date 2021-02-24 The presidents discussed cooperation.\n"
                  "President of Russia Vladimir Putin: Mr Japarov, I am very glad to see you.\n"
                  "We are still able to meet personally.")
    (c,) = run(transcript).contacts
    assert (c.kind, c.date.date, c.countries) == ("meeting", "2021-02-24", ("KGZ", "RUS"))
    commentary = (" date 2021-02-24 Vladimir Putin criticised Alexander Lukashenko's critics.\n"
                  "A summit of the union is planned.")
    assert run(commentary).contacts == []
    # a quote introduced by a clause is a spokesman's, not a speaker's line of a transcript
    quoted = (" date 2021-02-24 Reports of a call between the two were denied.\n"
              "Asked whether Vladimir Putin would meet Alexander Lukashenko, his spokesman said: \"Not yet.\"")
    assert run(quoted).contacts == []


def test_a_venue_speaking_is_not_where_talks_were(run):
    c = run(" date 2024-02-01 Vladimir Putin held talks with Kassym-Jomart Tokayev, the Kremlin said.").contacts[0]
    assert c.location.city is None
    c = run(" date 2024-02-01 Vladimir Putin held talks with Kassym-Jomart Tokayev at the Kremlin.").contacts[0]
    assert c.location.city == "Moscow" and "venue" in (c.location.derivation or "")


def test_he_refers_to_the_leader_named_before(run):
    text = (" date 2023-10-17 Президент России Владимир Путин прибыл в Пекин для участия в форуме. "
            "В среду он проведет переговоры с председателем КНР Си Цзиньпином.")
    (c,) = run(text).contacts  # arriving for a forum is not a meeting with the host
    assert (c.status, c.date.date, c.countries) == ("planned", "2023-10-18", ("CHN", "RUS"))
    assert next(p for p in c.participants if p.country == "RUS").derivation.startswith("pronoun")


def test_a_list_of_leaders_is_one_multilateral_meeting(run):
    text = (" date 2024-05-09 На встрече в Москве присутствовали Александр Лукашенко, Касым-Жомарт Токаев, "
            "Садыр Жапаров и Эмомали Рахмон.")
    (c,) = run(text).contacts
    assert c.countries == ("BLR", "KAZ", "KGZ", "TJK")


def test_meeting_country_without_city(run):
    text = " date 2024-06-14 Joe Biden and Volodymyr Zelensky signed an agreement at the G7 summit in Italy."
    c = run(text).contacts[0]
    assert (c.location.city, c.location.country) == (None, "ITA")
    c = run(" date 2024-06-14 Joe Biden met Volodymyr Zelensky and discussed the situation in Ukraine.").contacts[0]
    assert c.location.country is None


def test_dateline_dates_a_report_but_a_date_further_down_does_not(run):
    text = ("Leaders end talks\nMINSK (Sputnik - 14th September, 2020) Talks between Vladimir Putin and "
            "Alexander Lukashenko have ended in Sochi.")
    (c,) = run(text).contacts
    assert (c.date.date, c.date.source) == ("2020-09-14", "text")
    later = ("Vladimir Putin held talks with Alexander Lukashenko in Sochi on Monday, and the two leaders discussed "
             "the loan agreed long before, on 1 May 2019, by their governments.")
    assert run(later).document.published is None


def test_a_past_meeting_of_a_leader_out_of_office_today_is_hers(run):
    text = " date 2023-05-10 On 18 May 2018 Angela Merkel met Vladimir Putin in Sochi, the Kremlin recalled."
    (c,) = run(text).contacts
    assert c.countries == ("DEU", "RUS") and c.date.date == "2018-05-18"
    assert {p.person for p in c.participants} == {"Angela Merkel", "Vladimir Putin"}
