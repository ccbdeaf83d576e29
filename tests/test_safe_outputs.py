"""Safe outputs: names cannot escape results/, markup in names is shown as text, runs are
reproducible byte for byte, manifest.json records the inputs, versions and every file, every
table of money states its currency and sources.csv the data sources of the files read."""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from energymodel import pipeline
from energymodel.cli import main
from energymodel.results import folder
from tests.networks import tiny_spec, write_network

#: Hub, site and network names a malicious or careless file might hold.
HUB_NAME = "<script>alert(1)</script>\"'&"
SITE_NAME = "<img src=x onerror=alert(2)>'\""
TITLE = "<script>alert(3)</script>"
#: A hub key with markup: refused by the schema (keys hold letters, digits, _ and -).
MARKUP_KEY = "<i>k'\""
HUB_KEY = "k"


def markup_spec(key: str = HUB_KEY) -> dict:
    """The tiny network with markup and quotes in its title, hub and site names (and in its
    hub key when ``key`` holds them)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["title"] = TITLE
    hub = spec["hubs"].pop("h")
    spec["hubs"][key] = {**hub, "name": HUB_NAME}
    spec["sites"]["a"].update(name=SITE_NAME, hub=key)
    return spec


@pytest.mark.parametrize("name", ["../../x", "a/b", "..", "/tmp/x", "x\\y", "x\ny", ""])
def test_network_name_cannot_escape_results(name, tmp_path, monkeypatch, capsys):
    """A name that is a path (or empty) is refused with exit 2; nothing is written anywhere."""
    path = write_network(tmp_path / "net", tiny_spec([1, 0, 1, 0]))
    data = yaml.safe_load(path.read_text())
    data["name"] = name
    path.write_text(yaml.safe_dump(data))
    work = tmp_path / "work" / "deep"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["-q", "run", str(path), "--no-report"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "tiny.yaml: name:" in err or "(top level): name:" in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_results_go_to_results_name_unless_out_is_given(tiny, tmp_path, monkeypatch):
    """Without --out the folder is results/<name> under the working folder; an explicit --out
    may point anywhere (the user chose it)."""
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "run", str(tiny), "--no-report"]) == 0
    assert (tmp_path / "results" / "tiny" / "summary.json").is_file()
    elsewhere = tmp_path / "elsewhere" / "run"
    assert main(["-q", "run", str(tiny), "--no-report", "--out", str(elsewhere)]) == 0
    assert (elsewhere / "summary.json").is_file()


def test_markup_in_names_is_escaped(tmp_path):
    """Markup and quotes in the title, a hub key, hub and site names never reach report.html
    raw: each appears only HTML-escaped (and, inside the figures' JSON, also JSON-escaped)."""
    out = tmp_path / "out"
    assert main(["-q", "run", str(write_network(tmp_path / "net", markup_spec())),
                 "--out", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    for raw in (HUB_NAME, SITE_NAME, TITLE, "<script>alert", "<img src=x"):
        assert raw not in page, raw
    assert html.escape(TITLE) in page
    assert html.escape(HUB_NAME) in page
    assert html.escape(SITE_NAME) in page
    # the page has exactly the script elements of a clean report: plotly.js and the figures
    clean = tmp_path / "clean"
    assert main(["-q", "run", str(write_network(tmp_path / "net2", tiny_spec([1, 0, 1, 0]))),
                 "--out", str(clean)]) == 0
    assert page.count("<script") == (clean / "report.html").read_text().count("<script")
    # the tables keep the names as data, exactly
    hubs = (out / "hubs.csv").read_text(encoding="utf-8")
    assert "alert(1)" in hubs


def _cert_spec() -> dict:
    """The tiny network under UK LCHS hourly: the rule binds, so certification.csv is written
    from a paired run (see tests/test_certification.py)."""
    spec = tiny_spec([1, 0, 1, 0])
    spec["hubs"]["h"]["certification"] = {"standards": ["uk_lchs"], "lchs_period": "hourly"}
    return spec


def test_two_runs_are_byte_identical_everywhere(tmp_path):
    """Two runs of the same inputs give byte-identical files: every CSV (dispatch and
    certification included), summary.json, manifest.json, report.html, network.nc and the
    kept bases."""
    path = write_network(tmp_path / "net", _cert_spec())
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["-q", "run", str(path), "--out", str(a)]) == 0
    assert main(["-q", "run", str(path), "--out", str(b)]) == 0
    names = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    assert {"dispatch.csv", "certification.csv", "manifest.json", "network.nc",
            "basis/h.bas.gz", "basis/h.json"} <= set(names)
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_manifest_records_inputs_versions_and_every_file(tiny, tmp_path):
    """manifest.json: the input hash and versions of summary.json, and the SHA-256 of every
    other file in the folder; `energymodel report` rebuilds report.html to the same hash."""
    out = tmp_path / "out"
    assert main(["-q", "run", str(tiny), "--out", str(out)]) == 0
    manifest = json.loads((out / folder.MANIFEST).read_text())
    summary = json.loads((out / "summary.json").read_text())
    assert manifest["network"] == "tiny"
    assert manifest["inputs_hash"] == summary["inputs_hash"]
    assert len(manifest["inputs_hash"]) == 64
    assert manifest["versions"] == summary["versions"]
    assert {"energymodel", "pypsa", "highspy"} <= set(manifest["versions"])
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} \
        - {folder.MANIFEST}
    assert "basis/h.bas.gz" in files
    assert set(manifest["files"]) == files
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    assert main(["-q", "report", str(out)]) == 0
    rebuilt = hashlib.sha256((out / "report.html").read_bytes()).hexdigest()
    assert rebuilt == manifest["files"]["report.html"]


def test_input_hash_follows_the_inputs(tiny, tmp_path):
    """Changing one value in one input file changes the recorded input hash."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["-q", "run", str(tiny), "--out", str(first), "--no-report"]) == 0
    grid = Path(tiny).parent / "grid.csv"
    grid.write_text(grid.read_text().replace("0,100,500", "0,101,500", 1))
    assert main(["-q", "run", str(tiny), "--out", str(second), "--no-report"]) == 0
    hashes = [json.loads((f / folder.MANIFEST).read_text())["inputs_hash"]
              for f in (first, second)]
    assert hashes[0] != hashes[1]


def test_results_folder_is_readable_by_others(tiny, tmp_path):
    """A results folder is for stakeholders: not private like the temporary folder it starts
    as (mkdtemp makes 0700); it gets the usual permissions under the umask (022 here)."""
    import os


    old = os.umask(0o022)
    try:
        out = pipeline.run(tiny, out=tmp_path / "out", write_report=False)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o755


def test_markup_in_a_hub_key_is_refused(tmp_path, capsys):
    """A hub key names model components and scenario-file paths, so markup never gets as far
    as a page: the schema refuses it with one line, exit 2."""
    out = tmp_path / "out"
    path = write_network(tmp_path / "net", markup_spec(MARKUP_KEY))
    assert main(["-q", "run", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "hubs.<i>k'\": a key may hold only letters, digits, _ and -" in err
    assert not out.exists()


def test_money_states_its_currency_and_sources_list_every_file(tmp_path):
    """A run whose files lie in an inputs folder with a sources table: summary.json states the
    currency (EUR2025), every table of money has it in a ``currency`` column, sources.csv holds
    one row per file the run read (its row of sources.csv, or not stated), the manifest covers
    it and the report shows it. Without a sources table (the other tests) there is none."""
    path = write_network(tmp_path / "inputs", _cert_spec())
    (path.parent / "sources.csv").write_text(
        "file,description,source,licence,currency_year,heating_value\n"
        "cf.csv,tiny wind,hand-made,CC0 (test fixture),n/a,n/a\n", encoding="utf-8")
    out = pipeline.run(path, out=tmp_path / "out")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["currency"] == folder.CURRENCY == "EUR2025"
    assert "(EUR2025/kg)" in summary["lcoh_definition"]
    for name in ("hubs.csv", "lcoh_breakdown.csv", "certification.csv"):
        table = pd.read_csv(out / name)
        assert table.columns[-1] == folder.CURRENCY_COLUMN, name
        assert set(table[folder.CURRENCY_COLUMN]) == {"EUR2025"}, name
    used = pd.read_csv(out / folder.SOURCES_FILE, keep_default_na=False)
    assert used.file.tolist() == sorted(f"inputs/{p}" for p in (
        "cf.csv", "certification.csv", "costs_2030.csv", "electrolyser_part_load.csv",
        "electrolysers.csv", "grid.csv"))
    licences = dict(zip(used.file, used.licence, strict=True))
    assert licences.pop("inputs/cf.csv") == "CC0 (test fixture)"
    assert set(licences.values()) == {"not stated"}
    assert folder.SOURCES_FILE in json.loads((out / folder.MANIFEST).read_text())["files"]
    assert not (out / folder.REFERENCES_FILE).exists()  # no published prices in this folder
    assert "CC0 (test fixture)" in (out / "report.html").read_text(encoding="utf-8")


def test_no_sources_table_no_sources_file(tiny, tmp_path):
    out = pipeline.run(tiny, out=tmp_path / "out", write_report=False)
    assert not (out / folder.SOURCES_FILE).exists()
