def test_main_contact_reads_agenda_paragraphs_not_background(run):
    text = (" date 2021-02-01 Sadyr Japarov and Kassym-Jomart Tokayev held a phone conversation today.\n"
            "The presidents discussed trade and the fight against the coronavirus pandemic.\n"
            "Separately, the central bank raised interest rates and oil prices fell.")
    (c,) = run(text).contacts
    assert c.topics == ["trade_economy", "health"]


def test_mentioned_contact_reads_only_its_sentence(run):
    text = (" date 2021-06-24 Sadyr Japarov will visit Tajikistan on 28 June to discuss the border.\n"
            "The visit was agreed during a phone conversation with Emomali Rahmon on 30 April about energy.")
    main, call = run(text).contacts
    assert main.salience == "main" and "border_conflict" in main.topics and "energy" not in main.topics
    assert (call.salience, call.kind, call.date.date) == ("mentioned", "call", "2021-04-30")
    assert call.topics == ["energy"]


def test_russian_and_kyrgyz_keywords(run):
    ru = run(" date 2022-03-15 Садыр Жапаров провел телефонный разговор с Владимиром Путиным. "
             "Стороны обсудили вопросы миграции и энергетики.").contacts[0]
    assert ru.topics == ["energy", "migration"]
    ky = run(" date 2021-02-01 Садыр Жапаров Касым-Жомарт Токаев менен телефон аркылуу сүйлөштү. "
             "Президенттер соода-экономикалык кызматташтыкты талкуулашты.").contacts[0]
    assert ky.topics == ["trade_economy"]
