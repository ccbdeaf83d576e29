"""report.html in a real browser: headless Chromium driven by Playwright's Python client.

Uses Debian's ``chromium`` (/usr/bin/chromium, installed by ``.ci/run``), never a browser
downloaded by Playwright. On a tiny network run the page must load from ``file://`` with no
console error and no network request, every Plotly figure must draw (non-blank), and the
dispatch chart's range selector must change the time axis. One screenshot is kept in
``tests/artifacts/report.png``.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from energymodel.cli import main
from tests.networks import write_network
from tests.test_safe_outputs import HUB_NAME, SITE_NAME, TITLE, markup_spec

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

#: For each Plotly figure: its main SVGs and the drawn marks (bars, lines, fills) in them.
_FIGURES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
    id: el.id,
    svgs: el.querySelectorAll('svg.main-svg').length,
    marks: Array.from(el.querySelectorAll('svg.main-svg g.trace path'))
        .filter(p => (p.getAttribute('d') || '').length > 4).length,
}))"""


def _browser_or_skip():
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing on CI (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); CI installs it")
    return pytest.importorskip("playwright.sync_api")


@contextmanager
def _browser() -> Iterator[object]:
    sync_api = _browser_or_skip()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _not_blank(png: bytes) -> float:
    """Share of pixels that differ from the most common colour (the background)."""
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    _, counts = np.unique(pixels, axis=0, return_counts=True)
    return 1 - counts.max() / counts.sum()


def _watched_page(browser, requests: list[str], errors: list[str]):
    """A 1280 x 900 page that records every request and every console or page error."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page

def test_report_in_headless_chromium(tiny, tmp_path):
    """Loads offline without errors, draws every figure, and the range selector responds."""
    _browser_or_skip()
    out = tmp_path / "results"
    assert main(["-q", "run", str(tiny), "--out", str(out)]) == 0
    start = time.perf_counter()
    requests: list[str] = []
    errors: list[str] = []
    with _browser() as browser:
        page = _watched_page(browser, requests, errors)
        page.goto((out / "report.html").as_uri(), wait_until="load")
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot svg.main-svg').length > 0")

        figures = page.evaluate(_FIGURES_JS)
        assert len(figures) >= 4, figures
        for fig in figures:
            assert fig["svgs"] > 0, fig
            assert fig["marks"] > 0, fig
            shot = page.locator(f"#{fig['id']}").screenshot()
            assert _not_blank(shot) > 0.01, fig["id"]

        dispatch = page.locator(".js-plotly-plot", has=page.locator(".rangeselector"))
        assert dispatch.count() == 1
        dispatch.scroll_into_view_if_needed()
        x_range = "el => el.layout.xaxis.range.map(String)"
        before = dispatch.evaluate(x_range)
        dispatch.locator(".rangeselector .button", has_text="1 week").click()
        page.wait_for_function(
            "([el, r]) => String(el.layout.xaxis.range) !== String(r)",
            arg=[dispatch.element_handle(), before])
        week = dispatch.evaluate(x_range)
        assert week != before
        span_ms = dispatch.evaluate(
            "el => new Date(el.layout.xaxis.range[1].replace(' ', 'T')) - "
            "new Date(el.layout.xaxis.range[0].replace(' ', 'T'))")
        assert span_ms == pytest.approx(7 * 24 * 3600 * 1000)
        dispatch.locator(".rangeselector .button", has_text="All").click()
        page.wait_for_function(
            "([el, r]) => String(el.layout.xaxis.range) !== String(r)",
            arg=[dispatch.element_handle(), week])
        assert dispatch.evaluate(x_range) != week

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "report.png", full_page=True)
    elapsed = time.perf_counter() - start
    print(f"browser test: {len(figures)} figures, {len(requests)} requests, {elapsed:.1f} s")
    assert errors == []
    foreign = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
    assert foreign == []


def test_report_with_trade_sections_in_headless_chromium(tmp_path):
    """report.html with the sections of issue 15 (the hand-written placement, delivered-cost and
    map tables of tests/test_report_trade.py) loads offline with no console error and no network
    request; every figure draws (non-blank), the delivered-cost chart and the map included; the
    placement table shows a site name holding markup as text. Screenshot:
    ``tests/artifacts/report_trade.png``."""
    _browser_or_skip()
    from energymodel.report import run as report
    from energymodel.report import trade
    from tests.test_report_trade import SITE, write_trade

    path = report.write(write_trade(tmp_path / "results"))
    requests: list[str] = []
    errors: list[str] = []
    with _browser() as browser:
        page = _watched_page(browser, requests, errors)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot svg.main-svg').length > 0")
        figures = page.evaluate(_FIGURES_JS)
        ids = [f["id"] for f in figures]
        assert trade.FIGURE_IDS["delivered_cost"] in ids, ids
        assert trade.FIGURE_IDS["map"] in ids, ids
        for fig in figures:
            assert fig["svgs"] > 0, fig
            assert fig["marks"] > 0, fig
            shot = page.locator(f"#{fig['id']}").screenshot()
            assert _not_blank(shot) > 0.01, fig["id"]
        bars = page.locator(f"#{trade.FIGURE_IDS['delivered_cost']} g.trace.bars path")
        assert bars.count() >= 2 * 5  # two routes of five stages at least
        placement = page.inner_text("#placement-table")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "report_trade.png", full_page=True)
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert SITE in placement


def test_markup_in_names_runs_no_script(tmp_path):
    """Names holding <script>, an onerror image and quotes are shown as text: no dialog opens,
    no error is logged, and the page's visible text contains the names verbatim."""
    _browser_or_skip()
    out = tmp_path / "out"
    assert main(["-q", "run", str(write_network(tmp_path / "net", markup_spec())),
                 "--out", str(out)]) == 0
    dialogs: list[str] = []
    errors: list[str] = []
    with _browser() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "report.html").as_uri(), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('svg.main-svg').length > 0")
        text = page.inner_text("body")
        title = page.title()
        svg_text = page.evaluate(
            "() => Array.from(document.querySelectorAll('svg.main-svg text'))"
            ".map(t => t.textContent).join(' ')")
    assert dialogs == []
    assert errors == []
    assert title == TITLE
    assert HUB_NAME in text
    assert SITE_NAME in text
    assert "<script>alert(1)</script>" in svg_text  # axis labels show the name as text


def test_compare_in_headless_chromium(tmp_path):
    """compare.html of the small sweep of tests/test_compare.py (five tiny runs, a failed
    scenario named ``<script>alert(1)``, markup in the title and error) loads offline with no
    console error, no dialog and no network request; every figure draws (non-blank); the
    failed scenario's name and error show as text. Screenshot: ``tests/artifacts/compare.png``."""
    _browser_or_skip()
    from energymodel.report import compare
    from tests.test_compare import EVIL_ERROR, EVIL_NAME, EVIL_TITLE, build_sweep

    path = compare.write(build_sweep(tmp_path / "sweep"))
    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    with _browser() as browser:
        page = _watched_page(browser, requests, errors)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot svg.main-svg').length > 0")
        figures = page.evaluate(_FIGURES_JS)
        assert [f["id"] for f in figures] == [
            "figure-lcoh", "figure-capacities", "figure-emissions", "figure-minerals",
            "figure-tornado-0", "figure-pareto", "figure-grid-0"]
        for fig in figures:
            assert fig["svgs"] > 0, fig
            assert fig["marks"] > 0, fig
            shot = page.locator(f"#{fig['id']}").screenshot()
            assert _not_blank(shot) > 0.01, fig["id"]
        table = page.inner_text("#scenario-table")
        title = page.title()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "compare.png", full_page=True)
    assert errors == []
    assert dialogs == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert title == EVIL_TITLE
    assert EVIL_NAME in table
    assert EVIL_ERROR in table
