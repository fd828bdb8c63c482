#!/usr/bin/env bash
# The Debian package, tried as a user would: cpack -G DEB builds it from the build folder,
# dpkg-deb -c lists it, dpkg-deb -x unpacks it into a scratch root, and the binary there
# runs --version and finds the packaged templates (not the source tree's).
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
debs=("$work"/out/leadlab_*.deb)
[ -f "${debs[0]}" ] || fail "no leadlab_*.deb in $work/out"
deb=${debs[0]}

dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
for f in ./usr/bin/leadlab \
  ./usr/share/leadlab/templates/question-ratio.toml \
  ./usr/share/leadlab/templates/specific-recognition.toml \
  ./usr/share/man/man1/leadlab.1.gz \
  ./usr/share/bash-completion/completions/leadlab \
  ./usr/share/zsh/vendor-completions/_leadlab \
  ./usr/share/fish/vendor_completions.d/leadlab.fish \
  ./usr/share/doc/leadlab/README.md \
  ./usr/share/doc/leadlab/docs/json.md; do
  grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
if grep -v '^\./usr/' "$work/files" | grep -qv '^\./$'; then
  fail "the package installs outside /usr: $(grep -v '^\./usr/' "$work/files" | grep -v '^\./$')"
fi
[ "$(dpkg-deb -f "$deb" Package)" = leadlab ] || fail "the package is not called leadlab"

dpkg-deb -x "$deb" "$work/root"
bin=$work/root/usr/bin/leadlab
# Depends names the package of every shared library the binary needs (SQLite and libstdc++
# are linked in unless LEADLAB_STATIC_RUNTIME is off).
depends=$(dpkg-deb -f "$deb" Depends)
needed=$(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }')
for pair in libc.so.6:libc6 libsqlite3.so.0:libsqlite3-0 libstdc++.so.6:libstdc++6; do
  if printf '%s\n' "$needed" | grep -qx "${pair%%:*}"; then
    case "$depends" in *"${pair#*:}"*) ;; *) fail "Depends lacks ${pair#*:}: $depends" ;; esac
  fi
done
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
unset LEADLAB_JOURNAL
version=$("$bin" --version)
[ "$version" = "leadlab $(dpkg-deb -f "$deb" Version)" ] ||
  fail "--version says \"$version\", the package $(dpkg-deb -f "$deb" Version)"
listed=$("$bin" templates list --json)
for name in question-ratio wait-time speak-last; do
  grep -q "\"name\": *\"$name\"" <<<"$listed" || fail "templates list lacks $name: $listed"
done
grep -q "\"origin\": *\"installed\"" <<<"$listed" ||
  fail "the templates do not come from the installed folder: $listed"
"$bin" templates show question-ratio >/dev/null || fail "templates show question-ratio failed"
gzip -dc "$work/root/usr/share/man/man1/leadlab.1.gz" | grep -q '^\.TH LEADLAB 1' ||
  fail "the man page is not leadlab(1)"
echo "package_test: $(basename "$deb") ok ($(wc -l <"$work/files") paths)"
