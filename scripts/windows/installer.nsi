; PLM Desk installer for Windows: per-user (no administrator rights), 64-bit, Indonesian
; first and English, a Start menu entry, a desktop shortcut on request, an uninstaller
; that keeps the data folder, and a page that explains how to install the WebView2
; runtime from a USB stick when it is missing.
;
; Built by scripts/windows.sh with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder with plm-desk.exe, plm-desk-cli.exe, WebView2Loader.dll>
;            -DOUT=<setup.exe> -DICON=<icon.ico> scripts/windows/installer.nsi
; Tauri's own NSIS bundler is not used: it downloads plug-ins on every run and needs a
; newer NSIS than Debian 12 ships.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user
Target amd64-unicode

!ifndef VERSION
  !error "VERSION is required (-DVERSION=…)"
!endif
!ifndef STAGE
  !error "STAGE is required (-DSTAGE=…)"
!endif
!ifndef OUT
  !define OUT "plm-desk-setup.exe"
!endif

!define APPNAME "PLM Desk"
!define EXE "plm-desk.exe"
!define PUBLISHER "Perpustakaan Nasional Republik Indonesia"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\id.go.perpusnas.plmdesk"
; the WebView2 runtime's client id (the same for every channel of the Evergreen runtime)
!define WV2GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APPNAME}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}; MIT licence"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT "HKCU"
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"

!insertmacro MUI_PAGE_WELCOME
Page custom WebView2Page
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Indonesian first: it is the default when the system language is neither
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString SecApp ${LANG_INDONESIAN} "PLM Desk (wajib)"
LangString SecApp ${LANG_ENGLISH} "PLM Desk (required)"
LangString SecDesktop ${LANG_INDONESIAN} "Pintasan di Desktop"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString Wv2Title ${LANG_INDONESIAN} "WebView2 belum terpasang"
LangString Wv2Title ${LANG_ENGLISH} "WebView2 is not installed"
LangString Wv2Sub ${LANG_INDONESIAN} "PLM Desk memerlukan Microsoft Edge WebView2 Runtime untuk membuka jendelanya."
LangString Wv2Sub ${LANG_ENGLISH} "PLM Desk needs the Microsoft Edge WebView2 Runtime to open its window."
LangString Wv2Text ${LANG_INDONESIAN} "Komputer ini belum memiliki WebView2 Runtime. Tanpa internet pun bisa dipasang:$\r$\n$\r$\n1. Salin berkas MicrosoftEdgeWebView2RuntimeInstallerX64.exe (WebView2 $\"Evergreen Standalone Installer$\", misalnya dari flashdisk Perpusnas) ke komputer ini.$\r$\n2. Klik dua kali berkas itu dan tunggu sampai selesai.$\r$\n3. Buka PLM Desk.$\r$\n$\r$\nPemasangan PLM Desk dapat dilanjutkan sekarang; WebView2 boleh dipasang sesudahnya. Perintah baris (plm-desk --help) bekerja tanpa WebView2."
LangString Wv2Text ${LANG_ENGLISH} "This computer does not have the WebView2 Runtime yet. It installs without internet:$\r$\n$\r$\n1. Copy the file MicrosoftEdgeWebView2RuntimeInstallerX64.exe (the WebView2 $\"Evergreen Standalone Installer$\", e.g. from headquarters' USB stick) to this computer.$\r$\n2. Double-click it and wait until it finishes.$\r$\n3. Open PLM Desk.$\r$\n$\r$\nYou can go on installing PLM Desk now and install WebView2 afterwards. The command line (plm-desk --help) works without WebView2."
LangString KeepData ${LANG_INDONESIAN} "Data PLM Desk (basis data, cadangan, log) di $APPDATA\id.go.perpusnas.plmdesk tidak dihapus."
LangString KeepData ${LANG_ENGLISH} "PLM Desk's data (database, backups, logs) in $APPDATA\id.go.perpusnas.plmdesk is kept."

Var Wv2Present

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "PLM Desk memerlukan Windows 64-bit. / PLM Desk needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; WebView2 is installed per machine (HKLM, 32-bit view) or per user (HKCU)
Function DetectWebView2
  StrCpy $Wv2Present "0"
  SetRegView 32
  ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
  SetRegView 64
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    StrCpy $Wv2Present "1"
  ${EndIf}
  ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    StrCpy $Wv2Present "1"
  ${EndIf}
FunctionEnd

Function WebView2Page
  Call DetectWebView2
  ${If} $Wv2Present == "1"
    Abort ; nothing to explain: skip the page
  ${EndIf}
  !insertmacro MUI_HEADER_TEXT "$(Wv2Title)" "$(Wv2Sub)"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 100% "$(Wv2Text)"
  Pop $0
  nsDialogs::Show
FunctionEnd

Section "!$(SecApp)" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\${EXE}"
  File "${STAGE}\plm-desk-cli.exe"
  File "${STAGE}\WebView2Loader.dll"
  !ifdef ICON
    File /oname=plm-desk.ico "${ICON}"
  !endif
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\${EXE}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\Uninstall ${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section /o "$(SecDesktop)" SecDesktopShortcut
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXE}"
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\plm-desk-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\plm-desk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\Uninstall ${APPNAME}.lnk"
  RMDir "$SMPROGRAMS\${APPNAME}"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  ; the data folder ($APPDATA\id.go.perpusnas.plmdesk) is never touched
  DetailPrint "$(KeepData)"
SectionEnd
