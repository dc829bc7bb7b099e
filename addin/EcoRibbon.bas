Attribute VB_Name = "EcoRibbon"
' Callbacks of the EcoMonitor ribbon tab (customUI14.xml).
'
' The master workbook and EcoMonitor.xlam carry this same module. Each
' button runs one function of the Python package ecomonitor.live through
' xlwings' RunPython; the function finds the workbook with
' xlwings.Book.caller(), so the Python side decides what to do and shows
' every message. Keep this file ASCII: the VBA project's code page turns
' other characters into "?". Labels belong in customUI14.xml.
Option Explicit

Private Const ADDIN_FILE As String = "EcoMonitor.xlam"

Public Sub EcoValidate(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.validate()"
End Sub

Public Sub EcoComputeRates(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.compute_rates()"
End Sub

Public Sub EcoSplit(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.split_copies()"
End Sub

Public Sub EcoConsolidate(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.consolidate_returns()"
End Sub

Public Sub EcoSummary(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.write_summary()"
End Sub

Public Sub EcoExportPdf(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.export_pdf()"
End Sub

Public Sub EcoNewPeriod(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.new_period()"
End Sub

Public Sub EcoHelp(control As IRibbonControl)
    RunPython "import ecomonitor.live; ecomonitor.live.show_help()"
End Sub

' getVisible of every group: the add-in always shows its groups, and a
' workbook hides its own while the add-in is open, so the shared tab shows
' one set of buttons.
Public Sub EcoGroupVisible(control As IRibbonControl, ByRef visible)
    visible = GroupsVisible(ThisWorkbook.IsAddin)
End Sub

Public Function GroupsVisible(inAddin As Boolean) As Boolean
    If inAddin Then
        GroupsVisible = True
    Else
        GroupsVisible = Not AddinIsOpen()
    End If
End Function

' An open add-in is not listed in Workbooks, but Workbooks(name) finds it.
Private Function AddinIsOpen() As Boolean
    Dim addin As Workbook
    On Error Resume Next
    Set addin = Application.Workbooks(ADDIN_FILE)
    On Error GoTo 0
    AddinIsOpen = Not addin Is Nothing
End Function
