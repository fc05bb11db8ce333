from summitry.clean import clean, date_from_url
from summitry.knowledge.languages import Language, Languages
from summitry.model import RawDocument


def _clean(kb, text: str):
    return clean(RawDocument("d", text, "d.txt"), kb.languages)


def test_header_date_is_publication_and_ignored(kb):
    doc = _clean(kb, " date 2021-03-04 Leaders met in Astana.")
    assert doc.published == "2021-03-04"
    assert doc.published_source == "header"
    assert doc.ignored[0].start == 0 and doc.text[doc.ignored[0].end:].startswith("Leaders met")


def test_url_line_dates_document(kb):
    doc = _clean(kb, "Президенты провели переговоры.\nСсылка на новость: https://news.example/2022-03-15/talks/")
    assert doc.url == "https://news.example/2022-03-15/talks/"
    assert (doc.published, doc.published_source) == ("2022-03-15", "url")


def test_url_date_shapes():
    assert date_from_url("https://x.example/2018/07/10/news/") == "2018-07-10"
    assert date_from_url("https://x.example/20210227/story-1.html") == "2021-02-27"
    assert date_from_url("https://x.example/story_date_2021_06_24_14_10") == "2021-06-24"
    assert date_from_url("https://x.example/doc/8231070") is None


def test_boilerplate_and_repeated_paragraphs_are_ignored(kb):
    para = "The two presidents agreed to meet again before the end of the year in the capital."
    text = f"Intro line.\n* * *\n{para}\n{para}\nTo be continued.\nMIL OSI"
    doc = _clean(kb, text)
    ignored = [doc.text[s.start:s.end] for s in doc.ignored]
    assert ignored == ["* * *", para, "To be continued.", "MIL OSI"]
    # the first copy of the paragraph stays
    assert doc.ignored[1].start == text.rindex(para)


def test_language_detection(kb):
    assert kb.languages.detect("The presidents met in Bishkek.") == "en"
    assert kb.languages.detect("Президенты встретились в Бишкеке и обсудили торговлю.") == "ru"
    assert kb.languages.detect("Қазақстан мен Қырғызстан басшылары келіссөз жүргізді, Ақорда хабарлады.") == "kk"
    assert kb.languages.detect("Президенттер телефон аркылуу сүйлөштү, өлкө башчылар маселелерди талкуулашты.") == "ky"


def test_kyrgyz_without_kyrgyz_letters_is_still_kyrgyz(kb):
    assert kb.languages.detect("Садыр Жапаров Москвада Владимир Путин менен жолукту. Тараптар талкуулашты.") == "ky"
    assert kb.languages.detect("Мемлекет басшысы Ақордада Шавкат Мирзиёевпен кездесті.") == "kk"


def test_a_registered_latin_script_language_is_told_apart_by_its_markers(kb):
    # an invented record: English stays the default, the other language wins where its markers dominate
    de = Language("de", "German", "Latn", marker_words=frozenset({"und", "der", "die", "mit", "traf"}))
    langs = Languages({**{lang.code: lang for lang in kb.languages}, "de": de})
    assert langs.detect("Der Präsident traf den Kanzler und sprach mit der Presse.") == "de"
    assert langs.detect("The president met the chancellor and spoke with the press.") == "en"
    assert langs.detect("Die Tagung.") == "de" and langs.detect("Berlin.") == "en"  # no marker: the default
    assert langs.detect("Президенты встретились в Бишкеке и обсудили торговлю.") == "ru"
    assert kb.languages.detect("Der Präsident traf den Kanzler und sprach mit der Presse.") == "en"  # not registered


def test_related_headlines_are_ignored_and_the_article_goes_on(kb):
    body = ("The two presidents then walked through the old town and visited an exhibition of crafts, "
            "after which they signed a joint declaration on water, energy and the new railway line.")
    text = ("Leaders met in Astana on Monday.\nRead also:\nPutin and Tokayev spoke by phone\n"
            "Japarov to visit Tashkent\n" + body + "\nЧитайте также: Лукашенко встретился с Путиным")
    doc = _clean(kb, text)
    ignored = [doc.text[s.start:s.end] for s in doc.ignored]
    assert ignored == ["Read also:", "Putin and Tokayev spoke by phone", "Japarov to visit Tashkent",
                       "Читайте также: Лукашенко встретился с Путиным"]


def test_a_related_line_with_a_colon_is_page_furniture(kb):
    text = ("Ruto defended the new excise measures in parliament on Tuesday.\n"
            "Related: Ruto and Museveni hold talks on the oil pipeline | Kenya signs power deal\n"
            "Recommended: Samia to visit Nairobi next week")
    doc = _clean(kb, text)
    ignored = [doc.text[s.start:s.end] for s in doc.ignored]
    assert ignored == ["Related: Ruto and Museveni hold talks on the oil pipeline | Kenya signs power deal",
                       "Recommended: Samia to visit Nairobi next week"]
