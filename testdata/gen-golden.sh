#!/usr/bin/env bash
# Regenerates golden files by running the real helm (v4.3.1, or v3.22.0 for
# cases with --helm3) on every case of a cases file:
#   testdata/gen-golden.sh [CASES [GOLDEN_DIR]]
# (default testdata/cases.txt and testdata/golden). Paths in the cases are
# relative to the repository root, where the commands run. In a case, OUT
# stands for a fresh output directory and EMPTY for an empty argument.
# The oracles are built by ../shared/tools/install-helm.
set -euo pipefail
cd "$(dirname "$0")/.."
oracle="${HELM_ORACLE_DIR:-$HOME/.cache/helm-oracle}"
cases="${1:-testdata/cases.txt}"
out="${2:-testdata/golden}"
mkdir -p "$out"
while read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  helm="$oracle/v4/helm"
  argv=()
  tmp=""
  for a in $args; do
    case "$a" in
      --helm3) helm="$oracle/v3/helm" ;;
      EMPTY) argv+=("") ;;
      *OUT*) tmp="$(mktemp -d)"; argv+=("${a//OUT/$tmp/out}") ;;
      *) argv+=("$a") ;;
    esac
  done
  set +e
  HELM_NAMESPACE= "$helm" template "${argv[@]}" >"$out/$name.stdout" 2>"$out/$name.stderr"
  echo $? >"$out/$name.code"
  set -e
  if [[ -n "$tmp" ]]; then
    sed -i "s|$tmp/out|OUT|g" "$out/$name.stdout" "$out/$name.stderr"
    : >"$out/$name.files"
    (cd "$tmp/out" && find . -type f | LC_ALL=C sort | while read -r f; do
      printf '== %s\n' "${f#./}"; cat "$f"; done) >>"$out/$name.files"
    rm -rf "$tmp"
  fi
done <"$cases"
