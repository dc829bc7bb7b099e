"""The files of the offline folder that the office reads or runs: install.bat and its guide.

install.bat is UTF-8 and switches the console to code page 65001 first,
so its Chinese messages and paths with Chinese characters show correctly.
"""

INSTALL_BAT = r"""@echo off
chcp 65001 >nul
setlocal
rem 离线安装湘西州生态文明样板州监测管理平台
rem 用法：install.bat "C:\Program Files\Python311\python.exe"

if "%~1"=="" (
  echo 用法：install.bat "python.exe 的完整路径"
  echo 例如：install.bat "C:\Program Files\Python311\python.exe"
  exit /b 2
)
set "PYTHON=%~1"
if not exist "%PYTHON%" (
  echo 找不到“%PYTHON%”：请检查 Python 的安装路径。
  exit /b 1
)

"%PYTHON%" -m pip install --no-index --find-links "%~dp0wheels" --upgrade ecomonitor pywin32
if errorlevel 1 (
  echo 安装失败：请确认 Python 是 64 位的 3.10 至 3.13 版本，并把上面的输出发给技术人员。
  exit /b 1
)

set "PYTHONW=%~dp1pythonw.exe"
if not exist "%PYTHONW%" set "PYTHONW=%PYTHON%"
"%PYTHON%" -m ecomonitor.install.userconf "%PYTHONW%"
if errorlevel 1 exit /b 1

echo.
echo 安装完成。下一步：把 EcoMonitor.xlam 和主表放进受信任位置，在 Excel 中勾选加载项（见 安装说明.txt）。
endlocal
"""

README_TEXT = """湘西州打造全国生态文明样板州监测管理平台：离线安装包（64 位 Windows）

内容
  wheels\\                  平台及其全部依赖的安装包（win_amd64）
  install.bat              安装脚本
  EcoMonitor.xlam          Excel 加载项（“生态监测”选项卡）
  MonitoringPlatform.xlsm  示例主表（密钥公开，只用于试用）

步骤
  1. 安装 64 位 Python（3.10 至 3.13），记下 python.exe 的位置。
  2. 在本文件夹打开命令提示符，运行：
       install.bat "C:\\Program Files\\Python311\\python.exe"
     脚本用 pip --no-index 从 wheels 文件夹安装，不需要联网；
     并把 pythonw.exe 的路径写入 %USERPROFILE%\\.xlwings\\xlwings.conf。
  3. 把 EcoMonitor.xlam 和主表复制到受信任位置，在 Excel 的
     “文件 → 选项 → 加载项 → 管理：Excel 加载项 → 转到”中勾选 EcoMonitor。
  4. 生成本单位的主表：ecomonitor build 监测表.docx -o 主表.xlsm
"""
