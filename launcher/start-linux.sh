#!/bin/sh
# Smart Retail QR Billing - Linux starter (macOS's start-macos.command runs this too).
# Double-click (or run) to open the till. `start-linux.sh --install` adds a menu entry
# and a desktop icon. Everything else lives in launcher/launch.ts.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)

pause_if_interactive() {
  # Keep a double-clicked terminal open long enough to read the message.
  if [ -t 0 ]; then printf 'Press Enter to close this window. '; read -r _; fi
}

if [ "$1" = "--install" ]; then
  apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
  icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
  mkdir -p "$apps" "$icons"
  cp public/icon.svg "$icons/smart-retail-qr-billing.svg"
  sed -e "s|^Exec=.*|Exec=\"$ROOT/launcher/start-linux.sh\"|" \
      -e "s|^Icon=.*|Icon=$icons/smart-retail-qr-billing.svg|" \
      launcher/smart-retail-qr-billing.desktop > "$apps/smart-retail-qr-billing.desktop"
  chmod +x "$apps/smart-retail-qr-billing.desktop"
  echo "Added Smart Retail QR Billing to the applications menu."
  desktop=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
  if [ -d "$desktop" ]; then
    cp "$apps/smart-retail-qr-billing.desktop" "$desktop/"
    gio set "$desktop/smart-retail-qr-billing.desktop" metadata::trusted true 2>/dev/null || true
    echo "Added an icon to $desktop (if it shows a warning, right-click it: Allow Launching)."
  fi
  exit 0
fi

# Desktop sessions often start without the PATH a terminal has (nvm, volta, Homebrew).
if ! command -v node >/dev/null 2>&1; then
  for dir in "$HOME/.volta/bin" /opt/homebrew/bin /usr/local/bin "$HOME"/.nvm/versions/node/*/bin; do
    if [ -x "$dir/node" ]; then PATH="$dir:$PATH"; fi
  done
  export PATH
fi
if ! command -v node >/dev/null 2>&1; then
  echo "Node.js is not installed, and Smart Retail QR Billing needs it."
  echo "Install Node.js 20 LTS or newer from https://nodejs.org/"
  echo "  (Debian/Ubuntu: sudo apt install nodejs npm   macOS: brew install node@20)"
  echo "then double-click this starter again."
  pause_if_interactive
  exit 1
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "Node.js $(node -v) is too old: install Node.js 20 LTS or newer from https://nodejs.org/"
  pause_if_interactive
  exit 1
fi

if [ ! -d node_modules ]; then
  echo "First start: installing the app's components (needs internet, a few minutes)..."
  if ! npm install --no-audit --no-fund --foreground-scripts; then
    echo "Installing failed. Check the internet connection and double-click again."
    pause_if_interactive
    exit 1
  fi
fi

# Ctrl+C and a closed terminal reach node too (same process group); the shell only
# waits for node's clean shutdown and passes its exit status on.
trap 'true' INT HUP
node launcher/start.mjs "$@"
status=$?
[ "$status" -eq 0 ] || pause_if_interactive
exit "$status"
