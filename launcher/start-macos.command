#!/bin/sh
# Smart Retail QR Billing - macOS starter: double-click in Finder (opens in Terminal).
exec "$(dirname "$0")/start-linux.sh" "$@"
