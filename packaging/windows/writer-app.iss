; Inno Setup 6 script for writer-app: per-user install (no admin prompt), Start-menu entry,
; optional desktop icon, uninstaller.  NOT tested here (built on Linux); see BUILD.md.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\writer-app.iss
;
; Input: the PyInstaller one-folder bundle at build\packaging\dist\writer-app\ (BUILD.md).
; Output: build\packaging\writer-app-<version>-windows-x64-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "writer-app"
#define SourceDir "..\..\build\packaging\dist\writer-app"

[Setup]
; A fixed AppId keeps upgrades and the uninstaller tied together: never change it.
AppId={{6C7E2B0A-5D1F-4E7B-9A43-2F0D8C1B7E55}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=writer-app developers
AppVerName={#AppName} {#AppVersion}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\build\packaging
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile=writer-app.ico
UninstallDisplayIcon={app}\writer-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\writer-app.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\writer-app.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\writer-app.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The writer's manuscripts, settings, journal and downloaded models live in their own folders
; (%LOCALAPPDATA%\writer-app); the uninstaller removes only the program, never their words.
