"""Finding and running LibreOffice, fonts, and choosing the sheets to print (no conversion here)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecomonitor.errors import EcoMonitorError, LibreOfficeError
from ecomonitor.jobs import libreoffice
from ecomonitor.jobs.libreoffice import SOFFICE_VARIABLE, check_fonts, convert, find_soffice, write_fontconfig
from ecomonitor.jobs.pdf import export_pdf, resolve_sheets

ROOT = Path(__file__).resolve().parents[2]
ALIASES = ROOT / "fonts" / "65-ecomonitor-cjk.conf"


def fake_soffice(tmp_path: Path, body: str) -> Path:
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{body}\n", "utf-8")
    program.chmod(0o755)
    return program


def test_configured_soffice_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_VARIABLE, str(tmp_path / "none" / "soffice"))
    with pytest.raises(LibreOfficeError) as caught:
        find_soffice()
    message = str(caught.value)
    assert SOFFICE_VARIABLE in message
    assert "apt-get install libreoffice-calc fonts-noto-cjk" in message


def test_soffice_not_installed(monkeypatch):
    monkeypatch.delenv(SOFFICE_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(libreoffice, "INSTALLED_PLACES", ())
    with pytest.raises(LibreOfficeError) as caught:
        find_soffice()
    assert "找不到 LibreOffice" in str(caught.value)
    assert "scripts/setup-print.sh" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a shell script")
def test_conversion_stopped_after_timeout(monkeypatch, tmp_path):
    marker = tmp_path / "child.pid"
    program = fake_soffice(tmp_path, f"sleep 60 &\necho $! > {marker}\nwait")
    monkeypatch.setenv(SOFFICE_VARIABLE, str(program))
    source = tmp_path / "book.xlsx"
    source.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(LibreOfficeError) as caught:
        convert(source, "pdf", tmp_path, timeout=1)
    assert time.monotonic() - started < 30
    assert "超过 1 秒" in str(caught.value)
    child = int(marker.read_text().strip())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]


@pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a shell script")
def test_conversion_without_output_reported(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_VARIABLE, str(fake_soffice(tmp_path, "echo 'source file could not be loaded' >&2")))
    source = tmp_path / "book.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(LibreOfficeError) as caught:
        convert(source, "pdf", tmp_path)
    assert "未能把“book.xlsx”转换为 pdf" in str(caught.value)
    assert "could not be loaded" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a shell script")
def test_conversion_gets_profile_and_fontconfig(monkeypatch, tmp_path):
    record = tmp_path / "record.txt"
    body = (f'echo "$@" > {record}\necho "$FONTCONFIG_FILE" >> {record}\n'
            'while [ "$1" != "--outdir" ]; do shift; done\nprintf "%%PDF-1.4" > "$2/book.pdf"')
    monkeypatch.setenv(SOFFICE_VARIABLE, str(fake_soffice(tmp_path, body)))
    source = tmp_path / "book.xlsx"
    source.write_bytes(b"x")
    outdir = tmp_path / "out"
    outdir.mkdir()
    converted = convert(source, "pdf", outdir)
    assert converted.read_bytes() == b"%PDF-1.4"
    arguments, fontconfig = record.read_text().splitlines()
    assert "-env:UserInstallation=file:///" in arguments
    assert "--headless" in arguments
    assert fontconfig.endswith("fonts.conf")


def test_fontconfig_includes_system_and_aliases(tmp_path):
    config = write_fontconfig(tmp_path, ALIASES)
    if config is None:
        pytest.skip("no system fontconfig file on this machine")
    text = config.read_text("utf-8")
    assert "/fonts.conf</include>" in text
    assert f"{ALIASES}</include>" in text


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
@pytest.mark.parametrize("font, expected", [
    ("宋体", "Noto Serif CJK SC"), ("SimSun", "Noto Serif CJK SC"), ("仿宋", "Noto Serif CJK SC"),
    ("FangSong", "Noto Serif CJK SC"), ("仿宋_GB2312", "Noto Serif CJK SC"), ("方正小标宋简体", "Noto Serif CJK SC"),
    ("黑体", "Noto Sans CJK SC"), ("SimHei", "Noto Sans CJK SC"), ("Calibri", "Carlito"),
])
def test_aliases_map_office_fonts(tmp_path, font, expected):
    config = write_fontconfig(tmp_path, ALIASES)
    if config is None:
        pytest.skip("no system fontconfig file on this machine")
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    matched = subprocess.run(["fc-match", "-f", "%{family}", font], capture_output=True, text=True,
                             env=environment, timeout=30).stdout
    assert expected in matched


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
def test_no_font_warnings_with_fonts_installed():
    assert check_fonts() == []


def test_sheet_groups(summarized_master):
    categories = resolve_sheets(summarized_master, ["类别"])
    assert len(categories) == 10
    assert categories[0] == "绿色低碳发展"
    assert resolve_sheets(summarized_master, ["汇总表"]) == ["汇总", "单位汇总", "滞后清单", "图表", "趋势", "进展未变化"]
    assert resolve_sheets(summarized_master, ["配置", "汇总"]) == ["汇总", "配置"]
    assert resolve_sheets(summarized_master, None)[:2] == ["说明", "汇总"]


def test_unknown_sheet_lists_choices(summarized_master):
    with pytest.raises(EcoMonitorError) as caught:
        resolve_sheets(summarized_master, ["总表"])
    message = str(caught.value)
    assert "没有工作表“总表”" in message
    assert "滞后清单" in message
    assert "_meta" not in message


def test_hidden_sheet_not_printed(summarized_master):
    with pytest.raises(EcoMonitorError) as caught:
        resolve_sheets(summarized_master, ["_meta"])
    assert "隐藏" in str(caught.value)


def test_summary_group_needs_summaries(example_master):
    with pytest.raises(EcoMonitorError) as caught:
        resolve_sheets(example_master, ["汇总表"])
    assert "ecomonitor summary" in str(caught.value)


def test_output_must_be_pdf(example_master, tmp_path):
    with pytest.raises(EcoMonitorError) as caught:
        export_pdf(example_master, tmp_path / "out.xlsx")
    assert ".pdf" in str(caught.value)


def test_cli_reports_missing_libreoffice(example_master, tmp_path):
    environment = {**os.environ, SOFFICE_VARIABLE: str(tmp_path / "no-soffice")}
    completed = subprocess.run(
        [sys.executable, "-m", "ecomonitor", "pdf", str(example_master), "-o", str(tmp_path / "a.pdf")],
        capture_output=True, text=True, timeout=120, env=environment,
    )
    assert completed.returncode == 1
    assert completed.stderr.startswith("错误：环境变量 ECOMONITOR_SOFFICE")
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "a.pdf").exists()
