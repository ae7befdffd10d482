#!/usr/bin/env bash
# Fetch citeproc-js (npm package `citeproc`) at a pinned version, check the tarball's sha256 and
# unpack its one CommonJS file plus its licence into refman's package data.
#
#   bash tools/fetch_citeproc.sh VERSION TARGET_JS
#   bash tools/fetch_citeproc.sh 2.4.63 refman/cite/js/citeproc.js
#
# Why a script and not a copy in git: citeproc-js is CPAL-1.0 / AGPL-3.0 and ~1 MB; fetching a
# checksummed release keeps the repository free of vendored third-party code while the wheel still
# ships the exact file (with its licence next to it). Needs npm at build time only, never at run time.
# Idempotent: if TARGET_JS already holds the expected file, nothing is fetched.
set -euo pipefail

version="${1:?usage: fetch_citeproc.sh VERSION TARGET_JS}"
target="${2:?usage: fetch_citeproc.sh VERSION TARGET_JS}"

# sha256 of the npm tarball and of the unpacked citeproc_commonjs.js, per pinned version.
case "$version" in
  2.4.63)
    tarball_sha256="7f2b7714bfd1f4480aad9c34972eb5d48dc1b85876ba21b5aa9aee74156e2ccf"
    js_sha256="55abba1a8b8b48c14323fd053f9646013b4b7a0c977938064ecf5195a502b9f1"
    ;;
  *)
    echo "fetch_citeproc.sh: no checksum recorded for citeproc@$version; add it to the case table" >&2
    exit 2
    ;;
esac

target_dir="$(dirname "$target")"
licence="$target_dir/LICENSE-citeproc-js.txt"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$target" && -f "$licence" && "$(sha256_of "$target")" == "$js_sha256" ]]; then
  echo "citeproc.js $version already in place: $target"
  exit 0
fi

command -v npm >/dev/null 2>&1 || {
  echo "fetch_citeproc.sh: npm is needed to fetch citeproc-js (apt-get install npm)" >&2
  exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "citeproc@$version" >/dev/null)
tarball="$work/citeproc-$version.tgz"
[[ -f "$tarball" ]] || { echo "fetch_citeproc.sh: npm pack produced no $tarball" >&2; exit 1; }

got="$(sha256_of "$tarball")"
if [[ "$got" != "$tarball_sha256" ]]; then
  echo "fetch_citeproc.sh: sha256 mismatch for citeproc-$version.tgz" >&2
  echo "  expected $tarball_sha256" >&2
  echo "  got      $got" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" package/citeproc_commonjs.js package/LICENSE
got_js="$(sha256_of "$work/package/citeproc_commonjs.js")"
if [[ "$got_js" != "$js_sha256" ]]; then
  echo "fetch_citeproc.sh: unexpected citeproc_commonjs.js (sha256 $got_js)" >&2
  exit 1
fi

mkdir -p "$target_dir"
# Write through temporary names so that an interrupted run never leaves a half file behind.
cp "$work/package/citeproc_commonjs.js" "$target.tmp"
cp "$work/package/LICENSE" "$licence.tmp"
mv "$target.tmp" "$target"
mv "$licence.tmp" "$licence"
echo "citeproc.js $version fetched: $target (licence: $licence)"
