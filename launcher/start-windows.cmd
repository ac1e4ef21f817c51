@echo off
rem Smart Retail QR Billing - Windows starter: double-click to open the till.
rem Everything else lives in launcher\launch.ts.
setlocal
title Smart Retail QR Billing
cd /d "%~dp0.."

where node >nul 2>nul
if errorlevel 1 (
  echo Node.js is not installed, and Smart Retail QR Billing needs it.
  echo Install Node.js 20 LTS or newer from https://nodejs.org/ ^(the Windows Installer, .msi^),
  echo then double-click this starter again.
  pause
  exit /b 1
)
node -e "process.exit(Number(process.versions.node.split('.')[0]) >= 20 ? 0 : 1)"
if errorlevel 1 (
  echo This Node.js is too old: install Node.js 20 LTS or newer from https://nodejs.org/
  pause
  exit /b 1
)

if not exist "node_modules\" (
  echo First start: installing the app's components ^(needs internet, a few minutes^)...
  call npm install --no-audit --no-fund --foreground-scripts
  if errorlevel 1 (
    echo Installing failed. Check the internet connection and double-click again.
    pause
    exit /b 1
  )
)

node launcher\start.mjs %*
if errorlevel 1 pause
