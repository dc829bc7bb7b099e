"""Writing the interpreter into xlwings' user configuration."""

from __future__ import annotations

from pathlib import Path

from ecomonitor.install.userconf import main, write_interpreter


def test_chinese_path_written_in_ansi_code_page(tmp_path):
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    interpreter = Path(r"D:\软件\Python311\pythonw.exe")
    write_interpreter(interpreter, conf, encoding="gbk")
    assert conf.read_bytes() == f'"INTERPRETER_WIN","{interpreter}"\r\n'.encode("gbk")


def test_other_settings_kept(tmp_path):
    conf = tmp_path / "xlwings.conf"
    conf.write_bytes(b'"INTERPRETER_WIN","C:\\old\\pythonw.exe"\r\n"SHOW CONSOLE","True"\r\n')
    write_interpreter(Path(r"C:\new\pythonw.exe"), conf, encoding="gbk")
    assert conf.read_bytes() == b'"INTERPRETER_WIN","C:\\new\\pythonw.exe"\r\n"SHOW CONSOLE","True"\r\n'


def test_command_writes_user_profile(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert main([r"C:\Python311\pythonw.exe"]) == 0
    assert (tmp_path / ".xlwings" / "xlwings.conf").read_text().startswith('"INTERPRETER_WIN"')
    assert "INTERPRETER_WIN" in capsys.readouterr().out


def test_command_needs_one_path(capsys):
    assert main([]) == 2
    assert "用法" in capsys.readouterr().err
