#!/usr/bin/env bash
# Sets up leadlab on a fresh Debian 12 machine and runs it.
#   ./bootstrap.sh demo   install what is missing, build, and show a demo journal
#   ./bootstrap.sh test   install what is missing, build, and run every test
# Installing needs root (or sudo); everything else runs as you.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  echo "usage: ./bootstrap.sh demo|test" >&2
  exit 2
}
[ $# -eq 1 ] || usage
mode=$1
case "$mode" in demo | test) ;; *) usage ;; esac

# Debian packages the build, the tests and bench/run need (Taskwarrior and Timewarrior
# are bench/run's reference points; tidy and chromium check the HTML report, zlib reads
# chromium's screenshots).
packages=(
  cmake g++ make pkg-config
  libsqlite3-dev libsqlitecpp-dev libcli11-dev libtomlplusplus-dev
  libhowardhinnant-date-dev doctest-dev nlohmann-json3-dev rapidjson-dev libfmt-dev
  sqlite3
  cmark-gfm tidy chromium zlib1g-dev git
  clang libclang-rt-14-dev
  zsh fish man-db dpkg-dev file
  taskwarrior timewarrior
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "bootstrap: these packages are missing and you are not root: ${missing[*]}" >&2
      exit 1
    fi
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

build=${LEADLAB_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEADLAB_WERROR=ON >/dev/null
cmake --build "$build" -j "$jobs"

case "$mode" in
  demo)
    demo_dir=$(mktemp -d)
    export LEADLAB_JOURNAL="$demo_dir/journal.db"
    echo
    echo "== A demo journal in $demo_dir, made by examples/question-ratio.sh"
    examples/question-ratio.sh "$build/leadlab" >/dev/null
    echo
    echo "\$ leadlab list"
    "$build/leadlab" list
    echo
    echo "\$ leadlab show 1"
    "$build/leadlab" show 1
    echo
    echo "\$ leadlab export --format html --output $demo_dir/report.html"
    "$build/leadlab" export --format html --output "$demo_dir/report.html"
    echo "Open it in any browser: it loads nothing from the network."
    echo
    echo "Try it yourself:  export LEADLAB_JOURNAL=$LEADLAB_JOURNAL; $build/leadlab --help"
    ;;
  test)
    ctest --test-dir "$build" --output-on-failure -j "$jobs"
    # Then the whole suite again under ASan, LSan and UBSan (clang, -fno-sanitize-recover=all),
    # and every fuzz target for a fixed run in the same build (seed 1, about 20 seconds each;
    # scripts/fuzz -t 600 explores further). A crash, sanitizer report or broken property
    # fails the test.
    scripts/sanitize
    scripts/fuzz -d -j "$jobs"
    ;;
esac
