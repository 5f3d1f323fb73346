#!/usr/bin/env bash
# Soak test: the whole vitest suite N times in a row on a fresh clone of this repository's HEAD.
#
#   npm run test:soak            # 20 runs
#   npm run test:soak -- 5       # 5 runs
#
# Environment: SOAK_RUN_TIMEOUT (seconds per run, default 1800), XCOLLAT_DATA_DIR (passed on, so the
# data-dependent tests run when it is set), SOAK_KEEP=1 keeps the clone. Every run draws new
# fast-check seeds; a failing run's log is kept and its path printed. Exit 1 when any run failed
# or timed out.
set -euo pipefail

runs="${1:-20}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: the number of runs must be a positive integer, got '$runs'" >&2
  exit 2
fi
per_run_timeout="${SOAK_RUN_TIMEOUT:-1800}"
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
commit="$(git -C "$repo" rev-parse HEAD)"
work="$(mktemp -d "${TMPDIR:-/tmp}/xcollat-soak.XXXXXX")"
logs="$work/logs"
mkdir -p "$logs"
cleanup() {
  if [[ "${SOAK_KEEP:-0}" != 1 ]]; then
    # keep the logs of failed runs, drop the clone
    rm -rf "$work/clone"
    if [[ -z "$(ls -A "$logs")" ]]; then rm -rf "$work"; fi
  fi
}
trap cleanup EXIT

echo "soak: $runs runs of the suite on a fresh clone of $commit (timeout ${per_run_timeout}s per run)"
git clone --quiet --no-hardlinks "$repo" "$work/clone"
git -C "$work/clone" checkout --quiet "$commit"
cd "$work/clone"
npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1 || {
  echo "error: npm ci failed in the clone; see $work/npm-ci.log" >&2
  SOAK_KEEP=1
  exit 1
}

pass=0
fail=0
hung=0
total_start=$(date +%s)
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s)
  log="$logs/run-$i.log"
  set +e
  # --kill-after: a run that ignores SIGTERM is killed 10 s later; --foreground is not used so
  # that the whole process group of the run is signalled.
  NO_COLOR=1 timeout --kill-after=10 "$per_run_timeout" npx vitest run >"$log" 2>&1
  rc=$?
  set -e
  secs=$(($(date +%s) - start))
  if [[ $rc -eq 0 ]]; then
    pass=$((pass + 1))
    rm -f "$log"
    echo "run $i/$runs: pass (${secs}s)"
  elif [[ $rc -eq 124 || $rc -eq 137 ]]; then
    hung=$((hung + 1))
    echo "run $i/$runs: TIMEOUT after ${secs}s (log: $log); files not finished:"
    comm -23 <(git ls-files '*.test.ts' | sort) \
      <(grep -oE '(src|test)/[^ ]+\.test\.ts' "$log" | sort -u) | sed 's/^/    /' || true
  else
    fail=$((fail + 1))
    echo "run $i/$runs: FAIL, exit $rc (${secs}s, log: $log)"
    grep -E 'FAIL|seed:|Counterexample' "$log" | head -20 | sed 's/^/    /' || true
  fi
done
total=$(($(date +%s) - total_start))
echo "soak: $pass passed, $fail failed, $hung timed out of $runs runs in ${total}s ($commit)"
[[ $fail -eq 0 && $hung -eq 0 ]]
