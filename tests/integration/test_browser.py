"""The classroom path in a real browser: JupyterLab as `make lab` starts it, a student doing
exercise ex0.1, the worked solutions with plots and maths, and the static site of `make html`.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
Screenshots go to screenshots/ (git-ignored): the student's steps in JupyterLab, a chapter page
and a search result (for docs/site.md), and the page of any test that failed, as it was then.
Run alone: pytest -m browser
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from conftest import free_port

from course.tools.site import site_chapters

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "screenshots"
# screenshots for the record (SHOTS=dir to put them elsewhere): a chapter page, a search result
SHARED_SHOTS = Path(os.environ.get("SHOTS", SHOTS))
KERNEL_START_MS = 60_000  # a cold kernel on a busy 2-core machine
UI_MS = 30_000
NOT_DONE = "⏳ not done yet: ex0.1 weighted_sum"
DONE = "✅ correct: ex0.1 weighted_sum"
# axe-core from npm (make install-test puts it into .venv/node): the WCAG 2.0/2.1 A and AA rules
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def shoot(page, name: str, folder: Path = SHOTS) -> None:
    folder.mkdir(exist_ok=True)
    page.screenshot(path=folder / f"{name}.png")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


def shoot_if_failed(page, request, failed: int) -> None:
    if request.session.testsfailed > failed:  # this test failed: its page, as it was then
        shoot(page, f"failed-{request.node.name}")


@pytest.fixture
def page(browser, request):
    page = new_page(browser)
    failed = request.session.testsfailed
    yield page
    shoot_if_failed(page, request, failed)
    page.context.close()


# --- the static site of `make html` (first: JupyterLab's tab, once open, stays open to the
# end of the module and takes ~5% of a core while idle, ~3 s of CPU over these tests)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class names it so)
        pass


@dataclass
class Site:
    url: str  # served on localhost
    chapters: list  # course.tools.chapters.Chapter, in order
    path: Path  # the folder, also opened as file://


@pytest.fixture(scope="module")
def site(browser, solutions_site) -> Iterator[Site]:
    """The static site built from a copy of the solutions (once per run, shared with
    tests/course/test_site.py; only read), served on localhost."""
    chapters = [chapter for chapter, _ in site_chapters(solutions_site / "solutions")]
    handler = functools.partial(QuietHandler, directory=str(solutions_site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_port}", chapters, solutions_site / "site")
    server.shutdown()
    server.server_close()
    thread.join()


def wait_for_mathjax(page) -> None:
    """Wait until MathJax 3 has typeset the page (its accessibility extensions included)."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                           timeout=UI_MS)
    page.evaluate("() => MathJax.startup.promise.then(() => true)")


@functools.cache
def axe_source() -> str:
    if not AXE.is_file():
        reason = f"{AXE} not found: make install-test installs axe-core with npm"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the accessibility checks, but {reason}")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def load_axe(page) -> None:
    """axe-core into the page, once per page load: evaluated as a script of the page's own
    (half the time of a <script> tag carrying 650 kB, which axe would also audit)."""
    source = axe_source()
    page.evaluate("source => window.axe || (0, eval)(source)", source)


# axe-core's options: WCAG 2.0/2.1 A and AA; the elements of the violations only (axe then
# skips making a selector for every element that passed, which nothing here reads)
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_violations(page, context: str = "document") -> list[str]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page (or in the element of the
    selector ``context``): 'rule-id: n elements, e.g. target'."""
    load_axe(page)
    return page.evaluate("""async ([options, context]) => {
        const where = context === "document" ? document : document.querySelector(context);
        const result = await axe.run(where, options);
        return result.violations.map(v => `${v.id}: ${v.nodes.length} elements, e.g. `
                                          + v.nodes[0].target.join(" "));
    }""", [AXE_OPTIONS, context])


def test_static_site_shows_every_chapter_with_figures_and_math(page, site):
    url, chapters = site.url, site.chapters
    assert chapters, "no executed solution notebook to put on the site"
    offsite = []
    page.on("request", lambda r: r.url.startswith(("http://", "https://"))
            and not r.url.startswith(url) and offsite.append(r.url))

    page.goto(f"{url}/index.html")
    wait_for_mathjax(page)
    links = page.locator("li.chapter > a")
    assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        c.html_name for c in chapters]
    assert links.all_inner_texts() == [c.title for c in chapters]
    assert axe_violations(page) == [], "index.html"

    for i, chapter in enumerate(chapters):
        if i == 0:
            page.goto(f"{url}/{chapter.html_name}")
        else:  # a reader goes on by the keyboard: the previous chapter's "Next" link
            page.locator("a[rel=next]").focus()
            page.keyboard.press("Enter")
            page.wait_for_url(f"{url}/{chapter.html_name}")
        wait_for_mathjax(page)
        nb = json.loads(chapter.path.read_text(encoding="utf-8"))
        figures = sum("figure" in out.get("metadata", {}) for cell in nb["cells"]
                      for out in cell.get("outputs", []))
        loaded = page.locator(".jp-OutputArea-output img").evaluate_all(
            "imgs => imgs.filter(img => img.complete && img.naturalWidth > 0).length")
        assert loaded >= figures, f"{chapter.html_name}: {loaded} of {figures} figures shown"
        markdown = "\n".join(page.locator(".jp-MarkdownCell").all_inner_texts())
        if any("$" in "".join(cell["source"]) for cell in nb["cells"]
               if cell["cell_type"] == "markdown"):
            assert_accessible_math(page, chapter.html_name)
        assert "$$" not in markdown and "$\\" not in markdown, f"raw TeX in {chapter.html_name}"
        assert page.locator("mjx-merror").count() == 0, chapter.html_name
        alts = page.locator(".jp-OutputArea-output img").evaluate_all(
            "imgs => imgs.map(img => img.getAttribute('alt'))")
        assert len(alts) == figures and all(alt and len(alt.split()) >= 8 for alt in alts), (
            f"{chapter.html_name}: figures without their text alternative: {alts}")
        assert axe_violations(page) == [], chapter.html_name
        if chapter is chapters[1]:  # its top: navigation, contents, title and goals
            shoot(page, "site-chapter", SHARED_SHOTS)
        # keyboard: the first Tab lands on the skip link, which moves the focus to the chapter
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
    assert page.locator("a[rel=next]").count() == 0, "a next chapter after the last"
    assert not offsite, f"the site fetched from the network: {offsite}"


def assert_accessible_math(page, name: str) -> None:
    """Formulas rendered by MathJax 3 with its accessibility extensions: each formula is
    focusable for the expression explorer and carries its speech as an aria-label."""
    formulas = page.locator("mjx-container").evaluate_all("""all => all.map(f => [
        f.getAttribute("tabindex"), f.getAttribute("sre-explorer-id"),
        f.getAttribute("aria-label") || "", f.textContent])""")
    assert formulas, f"{name}: no formula rendered"
    assert page.evaluate("MathJax.startup.document.options.enableExplorer") is True, name
    assert all(tabindex == "0" for tabindex, _, _, _ in formulas), f"{name}: not focusable"
    assert all(explorer is not None for _, explorer, _, _ in formulas), f"{name}: no explorer"
    # every formula speaks (one may be one letter: "m"), and the page's speech has words
    # ("w Subscript i", "sigma prime"); MathJax 3.2.2 gives none to a formula that opens with a
    # space (`$\;w_{ij}$`), so the notebooks write none
    silent = [text for _, _, speech, text in formulas if not speech.strip()]
    assert not silent, f"{name}: formulas without speech: {silent}"
    assert any(re.search(r"[a-z]{2}", speech) for _, _, speech, _ in formulas), name


def offsite_requests(page, url: str) -> list[str]:
    """Every request the page makes from now on to anything but ``url`` (the local server)."""
    offsite: list[str] = []
    page.on("request", lambda r: r.url.startswith(("http://", "https://"))
            and not r.url.startswith(url) and offsite.append(r.url))
    return offsite


def test_site_search_finds_a_word_and_leads_to_its_section(page, site):
    offsite = offsite_requests(page, site.url)
    page.goto(f"{site.url}/index.html")
    page.get_by_label("Search the course").fill("backpropagation")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/search.html?q=backpropagation")
    status = page.get_by_role("status")
    status.get_by_text(re.compile(r"^\d+ sections contain “backpropagation”")).wait_for(
        timeout=UI_MS)
    assert page.locator("#search-results mark").first.inner_text().lower() == "backpropagation"
    assert axe_violations(page) == [], "search.html with results"

    # typing searches as you go: a word of one section's code
    page.get_by_label("Words to find in the chapters").fill("truncation_errors")
    first = page.locator("#search-results li a").first
    first.wait_for(timeout=UI_MS)
    assert first.inner_text().startswith("8 · ")
    shoot(page, "site-search", SHARED_SHOTS)
    href = first.get_attribute("href")
    first.focus()
    page.keyboard.press("Enter")  # keyboard only
    page.wait_for_url(f"{site.url}/{href}")
    target = page.locator(f"[id='{href.split('#')[1]}']")
    assert target.evaluate("h => /^H[1-3]$/.test(h.tagName)")
    assert target.is_visible() and target.evaluate(
        "h => h.getBoundingClientRect().top >= 0 && h.getBoundingClientRect().top < innerHeight")

    page.goto(f"{site.url}/search.html?q=no%20such%20wordzz")
    status.get_by_text("No section contains “no such wordzz”.").wait_for(timeout=UI_MS)
    assert page.locator("#search-results li").count() == 0
    assert not offsite, f"the search fetched from the network: {offsite}"


def test_site_search_works_from_the_file_system(page, site):
    page.goto((site.path / "search.html").as_uri() + "?q=sigmoid")
    first = page.locator("#search-results li a").first
    first.wait_for(timeout=UI_MS)
    href = first.get_attribute("href")
    assert re.fullmatch(r"\d\d_\w+\.html#\S+", href), href
    first.click()
    assert page.url == (site.path / href.split("#")[0]).as_uri() + "#" + href.split("#")[1]


def test_chapter_contents_and_previous_by_keyboard(page, site):
    # (every "Next" link is followed by the keyboard in the test of every chapter above)
    second = site.chapters[1]
    # no MathJax (typesetting a chapter is 1-2 s of CPU): it typesets $...$ in the chapter's
    # content, and the header and contents that Tab walks through come before it and hold none
    # (asserted); nothing here reads the content
    page.route(f"{site.url}/mathjax/**", lambda route: route.abort())
    page.goto(f"{site.url}/{second.html_name}")
    before = "".join(page.locator(".skip-link, .course-nav, .course-toc").all_inner_texts())
    assert not re.search(r"\$|\\\(", before), before
    focused = []
    for _ in range(12):  # skip link, the course links, the search box, then the contents
        page.keyboard.press("Tab")
        focused.append(page.evaluate(
            "() => document.activeElement.closest('.course-toc') ? 'toc' : "
            "document.activeElement.tagName"))
        if focused[-1] == "toc" and page.evaluate("document.activeElement.tagName") == "A":
            break
    assert focused[-1] == "toc", f"the contents are not reached by Tab: {focused}"
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.url.endswith(href)
    page.locator("a[rel=prev]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/{site.chapters[0].html_name}")


def test_printed_chapter_hides_navigation_and_keeps_the_content(page, site, tmp_path):
    from pypdf import PdfReader

    # every chapter page has the navigation, contents and pager: the first prints the fewest pages
    chapter = site.chapters[0]
    page.goto(f"{site.url}/{chapter.html_name}")
    wait_for_mathjax(page)
    page.emulate_media(media="print")
    for selector in [".course-nav", ".course-toc", ".course-pager", ".course-search",
                     ".skip-link"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("main h1").is_visible()
    pdf = tmp_path / "chapter.pdf"
    page.pdf(path=pdf)
    reader = PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) > 3
    assert chapter.title in text
    for absent in ["All chapters", "Search the course", "Contents of this chapter",
                   "Next: ", "Skip to the content"]:
        assert absent not in text, absent


# --- JupyterLab as `make lab` starts it: one tab for the tests below


@dataclass
class Lab:
    url: str
    token: str

    def open_url(self, path: str, workspace: str) -> str:
        """A notebook alone in a workspace of its own (no tabs restored from earlier tests)."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab on a copy of notebooks/, with its own config, data and runtime dirs."""
    tmp = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", tmp / "notebooks")
    # no user settings of its own: the lab runs with exactly what a student's install gives
    # (the course's overrides.d turns the "Jupyter news?" pop-up off)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_DATA_DIR": str(tmp / "data"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
           "JUPYTER_PREFER_ENV_PATH": "1", "JUPYTER_PLATFORM_DIRS": "1",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    port, token = free_port(), secrets.token_hex(16)
    # this environment's own JupyterLab (`jupyter lab` may find another one on PATH, with
    # other settings): the lab a student's `make lab` starts
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={tmp / 'notebooks'}",
           "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    if os.geteuid() == 0:  # CI runs as root
        cmd.append("--allow-root")
    log = (tmp / "lab.log").open("wb")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{url}/api/status?token={token}"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text())
            time.sleep(0.25)  # polling interval
        yield Lab(url, token)
    finally:
        _stop(server)
        log.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(server: subprocess.Popen) -> None:
    """Terminate the server and check that it took its kernels with it."""
    children = psutil.Process(server.pid).children(recursive=True) if server.poll() is None else []
    server.terminate()  # on SIGTERM jupyter_server shuts its kernels down, then exits
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    _, alive = psutil.wait_procs(children, timeout=15)
    for proc in alive:
        proc.kill()
    assert not alive, f"processes left behind by JupyterLab: {alive}"


def wait_for_kernel(page) -> None:
    """Accept the kernel dialog if one appears, then wait until the notebook on show has a
    kernel and it is idle: its own toolbar says so (the status bar may still show the notebook
    on show before it, a stale Idle; the indicator is idle too while there is No Kernel)."""
    with_kernel = on_show(page).filter(
        has_not=page.locator(".jp-Toolbar-kernelName", has_text="No Kernel"))
    idle = with_kernel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    dialog = page.locator(".jp-Dialog")
    dialog.or_(idle).first.wait_for(timeout=KERNEL_START_MS)
    if dialog.count():
        dialog.locator(".jp-mod-accept").click()
    idle.wait_for(timeout=KERNEL_START_MS)


def open_notebook(page, lab: Lab, path: str, workspace: str) -> None:
    page.goto(lab.open_url(path, workspace))
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=UI_MS)
    wait_for_kernel(page)


def open_another_notebook(page, path: str) -> None:
    """Open the notebook ``path`` in the JupyterLab on show (File > Open from Path...), which
    hides those open so far, without loading JupyterLab anew."""
    before = page.locator(".jp-NotebookPanel").count()
    page.locator(".lm-MenuBar-item", has_text=re.compile("^File$")).click()
    page.locator(".lm-Menu-item[data-command='filebrowser:open-path']").click()
    dialog = page.locator(".jp-Dialog")
    dialog.locator("input").fill(path)
    dialog.locator(".jp-mod-accept").click()
    # every notebook open before is hidden: the one on show is the new one
    page.locator(".jp-NotebookPanel.lm-mod-hidden").nth(before - 1).wait_for(
        state="attached", timeout=UI_MS)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.wait_for(timeout=UI_MS)


def output_with(page, text: str):
    return page.locator(".jp-OutputArea-output", has_text=text)


def on_show(page):
    """The notebook on show in JupyterLab (the others open are hidden)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


@dataclass
class LabTab:
    page: object  # playwright's Page
    plain_violations: list  # of notebook_violations, in a plain notebook


@pytest.fixture(scope="module")
def lab_tab(browser, lab) -> Iterator[LabTab]:
    """One browser tab on JupyterLab for the module's lab tests (loading JupyterLab's frontend
    is ~4 s of CPU): opened on a plain notebook, audited by axe in the fresh lab; the tests open
    their notebooks beside it (the student's, then chapter 0's solutions)."""
    # JupyterLab's own: a notebook with a heading (JupyterLab gives it a collapse button that
    # has no accessible name, a button-name violation of its own) and an empty code cell
    plain = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A heading\n\nText."},
                       {"cell_type": "code", "metadata": {}, "source": "", "outputs": [],
                        "execution_count": None}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    request = urllib.request.Request(
        f"{lab.url}/api/contents/plain.ipynb?token={lab.token}", method="PUT",
        data=json.dumps({"type": "notebook", "format": "json", "content": plain}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
    page = new_page(browser)
    try:
        open_notebook(page, lab, "plain.ipynb", "course")
        page.locator(".jp-MarkdownCell h1").wait_for(timeout=UI_MS)
        empty = notebook_violations(page)
    except Exception:
        shoot(page, "failed-lab_tab")  # the page, as it was then
        raise
    yield LabTab(page, empty)
    page.context.close()


@pytest.fixture
def lab_page(lab_tab, request):
    failed = request.session.testsfailed
    yield lab_tab.page
    shoot_if_failed(lab_tab.page, request, failed)


def test_student_does_exercise_0_1(lab_page):
    page, shown = lab_page, on_show(lab_page)
    open_another_notebook(page, "00_start_here.ipynb")
    wait_for_kernel(page)
    shoot(page, "lab-1-student-notebook")

    page.locator(".lm-MenuBar-item", has_text=re.compile("^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    # the check cell's own output (chapter 0 also shows the three kinds of line on purpose)
    check = shown.locator(".jp-CodeCell", has_text="# check ex0.1")
    not_done = check.locator(".jp-OutputArea-output", has_text=NOT_DONE)
    not_done.wait_for(timeout=KERNEL_START_MS)
    # the cell below that uses weighted_sum says which exercise it waits for
    output_with(shown, "⏳ not done yet: ex0.1 — this cell needs that exercise.").wait_for(
        timeout=UI_MS)
    not_done.scroll_into_view_if_needed()
    shoot(page, "lab-2-run-all-not-done")

    exercise = shown.locator(".jp-CodeCell", has_text="def weighted_sum(x, w)")
    editor = exercise.locator(".cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    # the editor indents after the colon by itself
    page.keyboard.type("def weighted_sum(x, w):")
    page.keyboard.press("Enter")
    page.keyboard.type("return float(np.dot(x, w))")
    assert editor.inner_text().split("\n") == ["def weighted_sum(x, w):",
                                              "    return float(np.dot(x, w))"]
    page.keyboard.press("Shift+Enter")  # runs the exercise, moves to its check
    page.keyboard.press("Shift+Enter")  # runs the check
    done = check.locator(".jp-OutputArea-output", has_text=DONE)
    done.wait_for(timeout=KERNEL_START_MS)
    assert not_done.count() == 0
    # a cell below stopped on ex0.1, so the ✅ line says to run the cells below again
    assert done.inner_text().strip() == ("✅ correct: ex0.1 weighted_sum on all 5 test inputs. "
                                         "Now run the cells below it again: some stopped "
                                         "because it was not done.")
    done.scroll_into_view_if_needed()
    shoot(page, "lab-3-exercise-solved")


@pytest.fixture(scope="module")
def solutions_open(lab_tab) -> None:
    """Chapter 0's solutions (check lines, a figure, maths, tables: stored outputs) opened in
    the lab tab and left on show, for the two tests that look at them (neither runs a cell)."""
    page = lab_tab.page
    try:
        open_another_notebook(page, "solutions/00_start_here.ipynb")
        on_show(page).locator(".jp-OutputArea-output", has_text=DONE).first.wait_for(
            timeout=UI_MS)
        wait_for_kernel(page)
    except Exception:
        shoot(page, "failed-solutions_open")  # the page, as it was then
        raise


@pytest.fixture
def solutions_page(lab_page, solutions_open):
    return lab_page


def test_solution_notebook_shows_plots_and_math(solutions_page):
    page, shown = solutions_page, on_show(solutions_page)
    output_with(shown, DONE).wait_for(timeout=UI_MS)  # stored outputs
    plot = shown.locator(".jp-OutputArea-output img").first
    plot.scroll_into_view_if_needed()
    plot.wait_for(timeout=UI_MS)
    assert plot.evaluate("img => img.complete && img.naturalWidth > 0")
    # helpers.show_figure's HTML survives JupyterLab's sanitiser: a screen reader gets the alt
    assert plot.get_attribute("alt").startswith("The sigmoid rises in an S from 0 to 1")
    math = shown.locator(".jp-MarkdownCell mjx-container")
    math.nth(2).wait_for(timeout=UI_MS)  # MathJax 3 in JupyterLab: the goals, h, sigma, ...
    shoot(page, "lab-4-solution-plot")
    math.first.scroll_into_view_if_needed()
    shoot(page, "lab-5-solution-math")


def notebook_violations(page) -> list[tuple[str, str, bool]]:
    """axe-core's WCAG 2.1 A and AA violations in the notebook on show in JupyterLab: (rule id,
    element, whether the element is in the notebook's content: its markdown or an output)."""
    load_axe(page)
    return [tuple(v) for v in page.evaluate("""async options => {
        const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
        const result = await axe.run(panel, options);
        return result.violations.flatMap(v => v.nodes.map(n => {
            const element = document.querySelector(n.target[0]);
            const content = element && element.closest(
                ".jp-RenderedMarkdown, .jp-OutputArea-output, .jp-RenderedHTMLCommon");
            return [v.id, n.target.join(" "), Boolean(content)];
        }));
    }""", AXE_OPTIONS)]


def test_course_notebook_adds_no_violation_to_jupyterlabs_own(solutions_page, lab_tab):
    page, shown = solutions_page, on_show(solutions_page)
    shown.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
    shown.locator(".jp-MarkdownCell mjx-container").first.wait_for(timeout=UI_MS)
    course = notebook_violations(page)
    empty = lab_tab.plain_violations
    in_content = [(rule, element) for rule, element, content in course if content]
    assert in_content == [], f"the course's content violates WCAG rules: {in_content}"
    added = sorted({rule for rule, _, _ in course} - {rule for rule, _, _ in empty})
    assert added == [], ("rules the course notebook breaks and an empty one does not: "
                         f"{[v for v in course if v[0] in added]}")
    print(f"axe in JupyterLab: {len(empty)} violating elements in a plain notebook "
          f"({sorted({r for r, _, _ in empty})}), {len(course)} in chapter 0's solutions")
