#!/bin/sh
# After install and removal: refresh the desktop menu and the icon cache when
# the tools are there (they are on desktops; a minimal system has neither).
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
	update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
	gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
