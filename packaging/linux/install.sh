#!/usr/bin/env bash
# Install refman's desktop integration for one user (or into a packaging root):
#   packaging/linux/install.sh [PREFIX] [EXEC]
# PREFIX defaults to ~/.local; EXEC (the program the menu entry runs) defaults to `refman` on PATH.
# Puts the .desktop file, the AppStream metainfo, the icons (hicolor PNG sizes + scalable SVG) and the
# RIS MIME type under PREFIX/share, then refreshes the MIME and desktop databases when the tools exist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix="${1:-$HOME/.local}"
exec_path="${2:-refman}"
app_id=org.refman.Refman
share="$prefix/share"

install -d "$share/applications" "$share/metainfo" "$share/mime/packages" "$share/icons/hicolor/scalable/apps"
# Exec/TryExec name the program to run: a bare `refman` (pip install --user) or an absolute path (a checkout, a dist folder).
sed -e "s|^Exec=refman |Exec=$exec_path |" -e "s|^TryExec=refman$|TryExec=$exec_path|" \
  "$here/$app_id.desktop" > "$share/applications/$app_id.desktop"
install -m644 "$here/$app_id.metainfo.xml" "$share/metainfo/$app_id.metainfo.xml"
install -m644 "$here/refman-mime.xml" "$share/mime/packages/refman.xml"
install -m644 "$root/resources/icons/refman.svg" "$share/icons/hicolor/scalable/apps/$app_id.svg"
for png in "$root"/resources/icons/refman-*.png; do
  size="${png##*/refman-}"; size="${size%.png}"
  install -d "$share/icons/hicolor/${size}x${size}/apps"
  install -m644 "$png" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$share/mime"; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$share/applications"; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q "$share/icons/hicolor" || true
fi
echo "refman's menu entry, icons and file types are installed under $share (runs: $exec_path)"
