#!/usr/bin/env bash
# scripts/check-layers must fail on what it is there to catch: run it on a copy of the tree
# with a planted violation of each kind, and on the untouched copy (which must pass).
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fresh() {
  rm -rf "$work/tree"
  mkdir -p "$work/tree"
  cp -r "$source_dir/src" "$source_dir/include" "$source_dir/scripts" "$work/tree/"
}
expect() {  # expect EXIT-CODE TEXT: run the checker in the copy
  local want=$1 text=$2 out rc=0
  out=$(cd "$work/tree" && scripts/check-layers 2>&1) || rc=$?
  if [ "$rc" -ne "$want" ] || ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL: expected exit $want and \"$text\"; got exit $rc:"
    echo "$out"
    exit 1
  fi
}

fresh
expect 0 "every file keeps to its layer"

fresh  # analysis may not read the journal
sed -i '1i #include "leadlab/storage/journal.hpp"' "$work/tree/src/analysis/series.cpp"
expect 1 "src/analysis/series.cpp:1: the analysis layer may not use storage"

fresh  # only storage speaks SQL
sed -i '1i #include <SQLiteCpp/Database.h>' "$work/tree/src/report/text_view.cpp"
expect 1 "the report layer may not include SQLiteCpp"

fresh  # a layer's private header stays in the layer
sed -i '1i #include "report/view_support.hpp"' "$work/tree/src/actions/entries.cpp"
expect 1 "is private to the report layer"

fresh  # no file over 500 lines
seq 501 | sed 's|^|// |' >"$work/tree/src/model/long.cpp"
expect 1 "src/model/long.cpp has 501 lines"

fresh  # every file is in a layer's folder
echo "// stray" >"$work/tree/src/stray.cpp"
expect 1 "src/stray.cpp is in no layer's folder"

echo "check_layers_test: 6 passed, 0 failed"
