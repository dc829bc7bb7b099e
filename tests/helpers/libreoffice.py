"""Running LibreOffice headless from tests, each run with its own profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180
FONTCONFIG = Path(__file__).resolve().parents[2] / "scripts" / "fontconfig" / "fonts.conf"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise AssertionError(
            "LibreOffice (soffice) is not installed; scripts/test.sh installs it with apt-get."
        )
    return path


def convert(source: Path, target_format: str, outdir: Path, infilter: str | None = None,
            official_fonts: bool = False) -> Path:
    """Convert ``source`` with LibreOffice headless and return the converted file.

    ``official_fonts`` maps 仿宋_GB2312, 黑体 and the other fonts of official
    documents to the installed Noto CJK fonts (scripts/fontconfig/fonts.conf).
    """
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)} if official_fonts else None
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", target_format, "--outdir", str(outdir), str(source),
        ]
        if infilter:
            command.insert(3, f"--infilter={infilter}")
        completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env)
    extension = target_format.split(":")[0]
    converted = outdir / f"{source.stem}.{extension}"
    assert completed.returncode == 0, completed.stderr
    assert converted.is_file(), f"LibreOffice wrote no {extension} file: {completed.stdout} {completed.stderr}"
    return converted


# A LibreOffice Basic module that edits a workbook the way a person does:
# it opens the file, types into cells, renames and moves sheets, recalculates
# and saves as .xlsx. It reads its job from a UTF-8 file: the source path,
# the target path, then one tab-separated operation per line.
EDIT_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Function ReadLines(sPath As String)
  Dim oAccess As Object, oStream As Object, oText As Object, sAll As String
  oAccess = createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;)
  oStream = oAccess.openFileRead(ConvertToURL(sPath))
  oText = createUnoService(&quot;com.sun.star.io.TextInputStream&quot;)
  oText.setInputStream(oStream)
  oText.setEncoding(&quot;UTF-8&quot;)
  sAll = &quot;&quot;
  Do While Not oText.isEOF()
    sAll = sAll &amp; oText.readLine() &amp; Chr(10)
  Loop
  oText.closeInput()
  ReadLines = Split(sAll, Chr(10))
End Function

Sub Edit(sJob As String)
  Dim aLines, aPart, i As Integer, oDoc As Object
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  Dim aStore(1) As New com.sun.star.beans.PropertyValue
  On Error GoTo Failed
  aLines = ReadLines(sJob)
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(aLines(0)), &quot;_blank&quot;, 0, aLoad())
  For i = 2 To UBound(aLines)
    If aLines(i) &lt;&gt; &quot;&quot; Then
      aPart = Split(aLines(i), Chr(9))
      Select Case aPart(0)
        Case &quot;text&quot;
          oDoc.Sheets.getByName(aPart(1)).getCellRangeByName(aPart(2)).setString(aPart(3))
        Case &quot;formula&quot;
          oDoc.Sheets.getByName(aPart(1)).getCellRangeByName(aPart(2)).setFormula(aPart(3))
        Case &quot;rename&quot;
          oDoc.Sheets.getByName(aPart(1)).setName(aPart(2))
        Case &quot;move&quot;
          oDoc.Sheets.moveByName(aPart(1), CInt(aPart(2)))
      End Select
    End If
  Next i
  oDoc.calculateAll()
  aStore(0).Name = &quot;FilterName&quot;
  aStore(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  aStore(1).Name = &quot;Overwrite&quot;
  aStore(1).Value = True
  oDoc.storeToURL(ConvertToURL(aLines(1)), aStore())
  oDoc.close(True)
  Exit Sub
Failed:
  Dim oOut As Object, oWriter As Object
  oOut = createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;).openFileWrite(ConvertToURL(sJob &amp; &quot;.error&quot;))
  oWriter = createUnoService(&quot;com.sun.star.io.TextOutputStream&quot;)
  oWriter.setOutputStream(oOut)
  oWriter.writeString(&quot;line &quot; &amp; Erl &amp; &quot;: &quot; &amp; Error$)
  oWriter.closeOutput()
  If Not IsNull(oDoc) Then oDoc.close(True)
End Sub
</script:module>
"""


def edit(source: Path, target: Path, operations: list[tuple[str, ...]]) -> Path:
    """Open ``source`` in LibreOffice headless, apply the operations, save ``target`` as .xlsx.

    Operations: ("text", sheet, cell, text), ("formula", sheet, cell, formula),
    ("rename", sheet, new name), ("move", sheet, 0-based position).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-edit-") as work:
        profile = Path(work) / "profile"
        url = f"-env:UserInstallation=file://{profile}"
        subprocess.run([soffice(), url, "--headless", "--norestore", "--terminate_after_init"],
                       capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
        (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(EDIT_MODULE, "utf-8")
        job = Path(work) / "job.txt"
        lines = [str(source), str(target), *("\t".join(operation) for operation in operations)]
        job.write_text("\n".join(lines) + "\n", "utf-8")
        completed = subprocess.run(
            [soffice(), url, "--headless", "--norestore", f'macro:///Standard.Module1.Edit("{job}")'],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS, start_new_session=True,
        )
        error = job.with_name("job.txt.error")
        assert not error.exists(), error.read_text("utf-8", "replace")
    assert completed.returncode == 0, completed.stderr
    assert target.is_file(), f"LibreOffice wrote no file: {completed.stdout} {completed.stderr}"
    return target
