; Inno Setup script for Relance: a per-user install (no administrator rights), a Start-menu
; entry, and an uninstaller that leaves the user's data (the book, backups, letters) in place.
;
;     iscc /DAppVersion=0.1.0 installer\windows\relance.iss     (after the PyInstaller build)

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6B1F3C2A-7E55-4C1B-9D0E-52E1A1D0C0DE}
AppName=Relance
AppVersion={#AppVersion}
AppPublisher=Relance
DefaultDirName={localappdata}\Programs\Relance
DefaultGroupName=Relance
PrivilegesRequired=lowest
OutputDir=..\..\build\installer
OutputBaseFilename=Relance-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\Relance.exe
; the data folder (%LOCALAPPDATA%\Relance) is not under {app}: uninstalling never touches it

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\build\dist\Relance\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs

[Icons]
Name: "{group}\Relance"; Filename: "{app}\Relance.exe"
Name: "{group}\{cm:UninstallProgram,Relance}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\Relance.exe"; Description: "{cm:LaunchProgram,Relance}"; Flags: nowait postinstall skipifsilent
