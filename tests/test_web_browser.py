"""The web app in real headless Chromium (Debian's, driven by Playwright) against uvicorn on a free port.

Each page is also photographed at 1280 and 390 px under tmp_path, and checked for sideways
overflow (a phone must never need horizontal scrolling).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from summitry.web import create_app  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
WIDTHS = (1280, 390)
TOKEN = "browser-test-token"
PAYLOAD = ("<script>window.__pwned = 1; alert('xss')</script><img src=x onerror=\"alert('img')\">")
HOSTILE = (" date 2024-09-02\nSadyr Japarov held a phone call with Kassym-Jomart Tokayev on 2 September 2024 "
           f"about water {PAYLOAD} and energy.\n<b>bold?</b> <a href=\"javascript:alert(2)\">link</a>")


@pytest.fixture(scope="module")
def serve(live):
    """``with serve(db) as url``: the web app over ``db`` (ingest on, with TOKEN) on a free port."""
    return lambda db: live(create_app(db, allow_ingest=True, token=TOKEN))


@pytest.fixture(scope="module")
def server(example_db, tmp_path_factory, serve):
    db = tmp_path_factory.mktemp("browser-w") / "example.db"
    shutil.copy(example_db, db)
    with serve(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors, pg.dialogs = [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    assert pg.errors == [], pg.errors
    assert pg.dialogs == [], f"a dialog fired: {pg.dialogs}"
    context.close()


def _shots(pg, tmp_path: Path, name: str, ready: str) -> None:
    """Screenshot at each width; no page may scroll sideways."""
    for width in WIDTHS:
        pg.set_viewport_size({"width": width, "height": 900})
        pg.wait_for_selector(ready)
        pg.wait_for_timeout(200)  # the timeline and the chart redraw on resize
        pg.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} at {width}px is {overflow}px too wide"
    pg.set_viewport_size({"width": 1280, "height": 900})


def test_timeline_loads_and_filters_to_a_pair(page, server, tmp_path):
    page.goto(server + "/")
    page.wait_for_selector(".vis-item")
    assert page.locator("#events > li").count() == 11
    assert page.locator(".vis-item-content").count() >= 10  # every dated event is on the timeline
    assert "11 event(s)" in page.locator("#summary").inner_text()
    _shots(page, tmp_path, "timeline", ".vis-item")
    page.select_option("#country-a", "KAZ")
    page.select_option("#country-b", "UZB")
    page.click("#filters button[type=submit]")
    expect(page.locator("#events > li")).to_have_count(2)
    assert "country=KAZ&country=UZB" in page.url
    expect(page.locator(".vis-item-content")).to_have_count(2)
    page.reload()  # the filters live in the URL
    expect(page.locator("#events > li")).to_have_count(2)
    page.fill("input[name=person]", "Жапаров")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#summary:has-text('0 event(s)')")
    assert "Sadyr Japarov" in page.locator("#matched").inner_text()  # says whom the name matched (two people)
    assert "Akylbek Japarov" in page.locator("#matched").inner_text()
    page.click("#clear")
    expect(page.locator("#events > li")).to_have_count(11)
    page.go_back()  # Back restores the filters, not just the URL
    page.wait_for_selector("#summary:has-text('0 event(s)')")
    assert page.input_value("input[name=person]") == "Жапаров"
    page.go_back()
    expect(page.locator("#events > li")).to_have_count(2)
    assert page.input_value("#country-a") == "KAZ"
    page.click("#zoom-in")
    page.click("#zoom-fit")


def test_timeline_draws_ranges_as_ranges_with_names_and_counts(page, server):
    page.goto(server + "/")
    page.wait_for_selector(".vis-item")
    ranges = page.locator(".vis-item.range")
    assert ranges.count() == 3  # "after 23 Mar 2022", "in 2024", "between 25 Jun and 26 Jun 2024"
    assert "in 2024" in ranges.all_inner_texts().__str__()
    assert page.locator(".vis-item.open-after").count() == 1
    titles = page.locator(".vis-item-content span[title]").evaluate_all("els => els.map(e => e.title)")
    assert any("Kassym-Jomart Tokayev (Kazakhstan)" in t for t in titles)
    # the counts arrive with the facets call; expect() polls without eval, which the page's CSP forbids
    expect(page.locator("select[name=kind] option[value=call]")).to_have_text(re.compile(r"· 4$"))
    csv_link = page.locator("#summary a.download-csv").get_attribute("href")
    assert csv_link.startswith("/api/export?") and "format=csv" in csv_link
    page.focus("#timeline")
    page.keyboard.press("-")  # the timeline is reachable and zoomable by keyboard
    page.keyboard.press("ArrowLeft")


def test_several_countries_match_events_with_any_of_them(page, server, tmp_path):
    """Issue 14, item 11: "any of these countries" on the page, as ``any_country`` in the API."""
    def total(query: str) -> int:
        return page.request.get(f"{server}/api/events?{query}").json()["total"]

    either = total("any_country=KGZ&any_country=UZB")
    assert either > max(total("country=KGZ"), total("country=UZB"))  # any of them, not all of them
    page.goto(server + "/")
    page.wait_for_selector(".vis-item")
    page.click(".more-filters summary")
    page.select_option("select[name=any_country]", ["KGZ", "UZB"])
    page.click("#filters button[type=submit]")
    expect(page.locator("#summary")).to_contain_text(f"{either} event(s)")
    expect(page.locator("#events > li")).to_have_count(either)
    assert "any_country=KGZ&any_country=UZB" in page.url
    expect(page.locator("#matched")).to_contain_text("any of Kyrgyzstan (KGZ), Uzbekistan (UZB)")
    for who in page.locator("#events .who").all_inner_texts():
        assert "(KGZ)" in who or "(UZB)" in who, who
    # the counts beside each country arrive with the facets: events it is in, the other filters kept
    expect(page.locator("select[name=any_country] option[value=KGZ]")).to_have_text(
        re.compile(rf"\(KGZ\) · {total('country=KGZ')}$"))
    _shots(page, tmp_path, "timeline-any-country", "#events > li")
    page.reload()  # kept in the URL, and shown chosen again
    expect(page.locator("#events > li")).to_have_count(either)
    chosen = page.eval_on_selector("select[name=any_country]", "s => [...s.selectedOptions].map(o => o.value)")
    assert chosen == ["KGZ", "UZB"] and page.locator(".more-filters").get_attribute("open") is not None
    page.click("#clear")
    expect(page.locator("#events > li")).to_have_count(total(""))


def test_event_page_highlights_the_evidence(page, server, tmp_path):
    page.goto(server + "/?country=BLR&country=RUS")
    expect(page.locator("#events > li")).to_have_count(1)
    page.click("#events .event-link")
    page.wait_for_url("**/event/**")
    page.wait_for_selector("#mentions mark.evidence")
    event_id = page.url.rsplit("/", 1)[1]
    event = page.request.get(f"{server}/api/events/{event_id}").json()
    marks = page.locator("#mentions mark.evidence").all_inner_texts()
    assert sorted(marks) == sorted(m["evidence"] for m in event["mentions"]) and len(marks) == 2
    assert "2 source document(s)" in page.locator("#doc-count").inner_text()
    facts = page.locator("#facts").inner_text()
    assert "Vladimir Putin" in facts and "Alexander Lukashenko" in facts
    assert event["date_source"] in facts and "derived from" in facts
    _shots(page, tmp_path, "event", "#mentions mark.evidence")
    page.goto(server + "/?country=TJK&country=UZB")  # a JSONL article with its URL: linked
    page.click("#events .event-link")
    page.wait_for_selector("#mentions mark.evidence")
    assert page.locator("a.source-url").get_attribute("href") == "https://feed.example/1"


def test_pair_page_draws_calls_and_meetings_per_year(page, server, tmp_path):
    page.goto(server + "/pair/KAZ/UZB")
    page.wait_for_selector("#chart svg rect")
    assert page.locator("#title").inner_text() == "Kazakhstan and Uzbekistan"
    assert page.locator("#chart rect.bar-call").count() == 2 and page.locator("#chart rect.bar-meeting").count() == 2
    label = page.locator("#chart svg").get_attribute("aria-label")
    assert "2023: 1 calls, 0 meetings" in label and "2024: 0 calls, 1 meetings" in label
    assert page.locator("#events > li").count() == 2
    _shots(page, tmp_path, "pair", "#chart svg rect")
    page.goto(server + "/pair")
    page.select_option("#pair-a", "BLR")
    page.select_option("#pair-b", "RUS")
    page.click("#pick button[type=submit]")
    page.wait_for_url("**/pair/BLR/RUS")
    page.wait_for_selector("#events > li")


def test_paste_an_article_and_see_its_event(page, server, tmp_path):
    page.goto(server + "/paste")
    page.fill("textarea[name=text]", "President Tokayev held a phone call with President Mirziyoyev on "
              "3 March 2024 to discuss energy.")
    page.click("#extract")
    page.wait_for_selector("#found > li")
    card = page.locator("#found > li").first.inner_text()
    assert "Kassym-Jomart Tokayev" in card and "3 Mar 2024" in card and "Call" in card
    assert "Tokayev held a phone call" in page.locator("#text mark.evidence").inner_text()
    assert page.locator("#found a").count() == 0  # a preview is not stored: no link to a missing event page
    _shots(page, tmp_path, "paste", "#found > li")


def test_script_payload_renders_inert_as_text(page, server, tmp_path):
    page.goto(server + "/paste")
    page.fill("textarea[name=text]", HOSTILE)
    page.click("#extract")
    page.wait_for_selector("#found > li")
    assert PAYLOAD in page.locator("#text").inner_text()  # shown as text …
    assert page.locator("#text script, #text img, #found script, #found img").count() == 0  # … not as markup
    page.fill("input[name=token]", TOKEN)  # every write needs the token, on loopback too
    page.click("#save")  # stored, then shown again from the store on the event page
    page.wait_for_selector("#status:has-text('Stored as')")
    page.click("#found .event-link")
    page.wait_for_selector("#mentions mark.evidence")
    assert PAYLOAD in page.locator("#mentions .doc-text").inner_text()
    assert page.locator("#mentions script, #mentions img, #mentions a[href^=javascript]").count() == 0
    assert page.evaluate("window.__pwned") is None
    _shots(page, tmp_path, "hostile-event", "#mentions mark.evidence")


def test_unknown_event_shows_an_error(page, server):
    page.goto(server + "/event/ev-doesnotexist")
    page.wait_for_selector("#status .error")
    assert "404" in page.locator("#status").inner_text()


def test_country_leader_and_map_pages(page, server, tmp_path):
    page.goto(server + "/country/KAZ")
    page.wait_for_selector("#counterparts tbody tr")
    assert page.locator("#title").inner_text() == "Kazakhstan"
    total = page.request.get(server + "/api/countries/KAZ").json()["total"]  # the paste test may have added one
    assert f"{total} contact(s)" in page.locator("#totals").inner_text()
    assert page.locator("#counterparts tbody tr").count() == 3 and page.locator("#chart rect.bar-call").count() >= 1
    assert "Astana" in page.locator("#places").inner_text()
    _shots(page, tmp_path, "country", "#counterparts tbody tr")
    page.click("#counterpart-leaders a >> text=Sadyr Japarov")
    page.wait_for_url("**/leader/sadyr-japarov")
    page.wait_for_selector("#counterparts tbody tr")
    assert "Sadyr Japarov" in page.locator("#title").inner_text()
    page.goto(server + "/map")
    page.wait_for_selector("#map circle.place")
    assert page.locator("#map circle.place").count() == 6 and page.locator("#map line.link").count() >= 5
    assert "Samarkand" in page.locator("#places").inner_text()
    _shots(page, tmp_path, "map", "#map circle.place")
    page.goto(server + "/map?country=KGZ")
    page.wait_for_selector("#map circle.place")
    assert page.input_value("#map-country") == "KGZ"


def test_a_mistyped_page_answers_an_html_page(page, server):
    page.goto(server + "/pair/KZ/RUS")
    assert "Kazakhstan (KAZ)" in page.locator("main").inner_text()
    page.click("main a >> text=Kazakhstan (KAZ)")
    page.wait_for_selector("#chart svg")


@pytest.fixture(scope="module")
def outlier_server(example_db, redated, tmp_path_factory, serve):
    """The example store with one event on 14 November 9617 (a scraped impossible date)."""
    with serve(redated(example_db, tmp_path_factory.mktemp("outlier") / "o.db", "2024-02-10", "9617-11-14")) as url:
        yield url


def test_one_impossible_date_does_not_set_the_window(page, outlier_server, tmp_path):
    page.goto(outlier_server + "/")
    page.wait_for_selector(".vis-item")
    page.wait_for_selector("#window-note:has-text('outside the dense range')")
    assert page.locator(".vis-item-content").count() == 10  # every real event in view, not one column in 1500–9500
    years = page.locator(".vis-time-axis .vis-text.vis-major").all_inner_texts()
    assert all(y.strip()[-4:] in ("2022", "2023", "2024") for y in years if y.strip()), years
    _shots(page, tmp_path, "outlier", ".vis-item")
    page.click("#zoom-all")  # asked for: the outlier too
    expect(page.locator(".vis-item-content")).to_have_count(11)


@pytest.mark.parametrize("path", ["/", "/?country=KAZ", "/pair/KAZ/UZB", "/country/KAZ", "/leader/sadyr-japarov",
                                  "/map", "/paste", "/event/{event}"])
def test_pages_have_no_serious_accessibility_violation(page, server, path):
    """axe-core (bundled by axe-playwright-python) finds nothing serious or critical, text contrast included."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    if "{event}" in path:
        event = page.request.get(server + "/api/events?country=BLR&country=RUS").json()["items"][0]["id"]
        path = path.format(event=event)
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    results = axe.Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results
               if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


@pytest.fixture(scope="module")
def scale_server(scale_db, serve):
    with serve(scale_db) as url:
        yield url


def test_ten_thousand_events_are_counted_when_zoomed_out_and_all_reachable(page, scale_server, tmp_path):
    t0 = time.monotonic()
    page.goto(scale_server + "/")
    page.wait_for_selector(".vis-item.bucket")  # counts per period, not 10,000 boxes
    page.wait_for_selector("#events > li")
    first_load = time.monotonic() - t0
    assert "10011 event(s), newest 100 listed" in page.locator("#summary").inner_text()
    assert "counted per year" in page.locator("#window-note").inner_text()  # four years: a month is too narrow
    counts = page.locator(".vis-item.bucket .vis-item-content").all_inner_texts()
    assert sum(int(c) for c in counts if c.strip()) >= 9_000  # every dated event is in some month's count
    _shots(page, tmp_path, "scale", ".vis-item.bucket")
    page.click("#more")
    expect(page.locator("#events > li")).to_have_count(200)
    page.focus("#timeline")
    for _ in range(8):
        page.keyboard.press("+")  # zoomed in far enough (about a week), the events themselves are drawn
    page.wait_for_selector(".vis-item:not(.bucket) .vis-item-content span[title]")
    assert first_load < 10, f"first load took {first_load:.1f} s"  # benchmarks/web_load.py measures it properly


def test_an_event_with_a_thousand_sources_loads_a_page_at_a_time(page, scale_server, tmp_path):
    api_calls = []
    page.on("request", lambda r: api_calls.append(r.url) if "/api/" in r.url else None)
    event = page.request.get(scale_server + "/api/events?country=BLR&country=RUS&since=2024-02-10&until=2024-02-10"
                             ).json()["items"][0]
    assert event["mention_count"] == 1002
    page.goto(scale_server + "/event/" + event["id"])
    page.wait_for_selector("#mentions mark.evidence")
    assert page.locator("#mentions > li").count() == 20 and "1002 source document(s), 20 shown" in page.locator(
        "#doc-count").inner_text()
    assert len(api_calls) <= 3, api_calls  # the event, its first page of sources, the country names
    assert page.evaluate("document.documentElement.scrollHeight") < 40_000
    assert "wire" in page.locator("#mentions .mention-head").first.inner_text()  # the outlet, not the doc id
    _shots(page, tmp_path, "busy-event", "#mentions mark.evidence")
    page.click("#more-docs")
    expect(page.locator("#mentions > li")).to_have_count(40)


def test_a_pair_with_900_events_lists_them_all_page_by_page(page, scale_server):
    total = page.request.get(scale_server + "/api/pairs/BLR/RUS").json()["total"]
    assert total > 900  # the old page showed at most 1,000, silently
    page.goto(scale_server + "/pair/BLR/RUS")
    page.wait_for_selector("#events > li")
    assert page.locator("#listed").inner_text() == f"200 of {total} listed, newest first"
    page.click("#more")
    expect(page.locator("#events > li")).to_have_count(400)
