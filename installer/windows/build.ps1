# Build the Windows installer: bundle, smoke test, Inno Setup, smoke test of the installed copy.
#     powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
python -m pip install -q -e . "pyinstaller>=6.10"
python -m PyInstaller --noconfirm --distpath build\dist --workpath build\work installer\relance.spec
& build\dist\Relance\Relance.exe --version
if ($LASTEXITCODE -ne 0) { throw "the bundle does not start" }
$version = (python installer\project_version.py)
& iscc "/DAppVersion=$version" installer\windows\relance.iss
$setup = "build\installer\Relance-Setup-$version.exe"
& $setup /VERYSILENT /SUPPRESSMSGBOXES /DIR="$env:TEMP\relance-smoke"
& "$env:TEMP\relance-smoke\Relance.exe" --version
if ($LASTEXITCODE -ne 0) { throw "the installed copy does not start" }
