#!/usr/bin/env bash
# The step of action.yml: gacost check on the budget file and gacost diff of it against the base ref.
# gacost itself writes the step summary ($GITHUB_STEP_SUMMARY), its outputs ($GITHUB_OUTPUT) and, on a
# runner, annotations at the workload's file and line; this script adds the verdict, the comment file,
# and exits 1 when the gate fails (2 when gacost could not read its input). test/e2e/action.test.ts runs it.
set -uo pipefail

gacost() { node "${GACOST_BIN:?GACOST_BIN names bin/gacost.cjs}" "$@"; }
config=${INPUT_CONFIG:-gacost.yaml}
mode=${INPUT_MODE:-both}
base_ref=${INPUT_BASE_REF:-}
read -r -a usage <<<"${INPUT_USAGE:-}"
outputs=${GITHUB_OUTPUT:-/dev/null}

case $mode in
  check | diff | both) ;;
  *) echo "::error title=gacost action::mode must be check, diff or both, not ${mode//[$'\r\n']/ }"; exit 2 ;;
esac

failed=0
worst() { if [ "$1" -gt "$failed" ]; then failed=$1; fi; }

if [ "$mode" != diff ]; then
  gacost check --config "$config"
  worst $?
fi

if [ "$mode" != check ]; then
  if [ -z "$base_ref" ]; then
    echo "::warning title=gacost action::no base ref to diff against (not a pull request, and no base-ref input): diff skipped"
  else
    # A commit git has already (HEAD~1, a SHA), else the branch of origin, fetched (a shallow checkout has no base).
    ref=$base_ref
    if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
      ref="origin/$base_ref"
      git rev-parse --verify --quiet "$ref^{commit}" >/dev/null ||
        git fetch --no-tags --depth=1 origin "+refs/heads/$base_ref:refs/remotes/origin/$base_ref" || ref=
    fi
    if [ -z "$ref" ]; then
      echo "::error title=gacost action::cannot fetch the base branch ${base_ref//[$'\r\n']/ } from origin"
      worst 2
    elif ! git cat-file -e "$ref:$config" 2>/dev/null; then
      echo "::notice title=gacost action::$config is new in this change (not on $base_ref): diff skipped"
    else
      comment=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gacost-diff.md
      args=(diff "git:$ref:$config" "$config")
      if [ ${#usage[@]} -gt 0 ]; then args+=(--usage "${usage[@]}"); fi
      # The comment's Markdown to a file, and this run's outputs to a file of its own (the difference is read
      # from it: $GITHUB_OUTPUT may be unset); then the table for the log (the summary gets it from gacost).
      own_outputs=$(mktemp)
      GITHUB_STEP_SUMMARY='' GITHUB_OUTPUT=$own_outputs gacost "${args[@]}" --no-github --format markdown --out-file "$comment" >/dev/null 2>&1
      difference=$(sed -n 's/^difference_usd=//p' "$own_outputs")
      rm -f "$own_outputs"
      gacost "${args[@]}"
      status=$?
      worst "$status"
      echo "comment_file=$comment" >>"$outputs"
      if [ "$status" -ne 2 ] && [ "${INPUT_FAIL_ON_INCREASE:-false}" = true ] && [ -n "$difference" ] && [[ $difference != -* && $difference != 0 ]]; then
        echo "::error title=gacost diff::the monthly cost rises by $difference USD (fail-on-increase)"
        worst 1
      fi
    fi
  fi
fi

if [ "$failed" -eq 0 ]; then echo "verdict=pass" >>"$outputs"; else echo "verdict=fail" >>"$outputs"; fi
exit "$failed"
