#!/usr/bin/env bash
# Benchmark, not a test: the folder route of `./deid run` against `cp -r` followed by `sync`, in
# one run, over the same N synthetic 512x512 CT files (`deid synth`).
#   scripts/bench-route.sh [N [--set key=value]...]   (default 2000; settings go to deid run)
#   BENCH_JFR=/tmp/route.jfr scripts/bench-route.sh 500    also records a Flight Recording
#
# cp -r + sync: the files copied to a new folder and forced to disk. The route: `./deid run` with
# only routes/folder-anonymiser.yaml, started and idle; the N files are moved into its inbox at
# once (one rename of a folder prepared on the same file system), and the clock stops when the
# last source is in archive/ (each output is forced to disk and its folder entry too before
# its source is moved). Target (issue 9): route rate >= half the cp -r + sync rate.
set -euo pipefail
n=${1:-2000}
shift || true
case "$n" in ''|*[!0-9]*|0) echo "usage: $0 [N>0]" >&2; exit 2;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deid="$here/deid"
work=$(mktemp -d "${TMPDIR:-/var/tmp}/deid-bench-route.XXXXXX")
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

now() { date +%s.%N; }
count() { find "$1" -type f ! -name '.*' 2>/dev/null | wc -l; }

echo "bench-route: $n synthetic CT files in $work"
"$deid" synth --count "$n" --patients $(( n >= 20 ? n / 20 : 1 )) --out "$work/src" >/dev/null
find "$work/src" -type f -exec cat {} + >/dev/null
sync

start=$(now); cp -r "$work/src" "$work/cp"; sync; end=$(now)
cp_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')

home="$work/home"
mkdir -p "$home/inbox"
cp -r "$work/src" "$home/drop"   # the same files, staged beside the inbox (same file system)
sync
opts=${DEID_JAVA_OPTS:-}
if [ -n "${BENCH_JFR:-}" ]; then opts="$opts -XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile"; fi
DEID_JAVA_OPTS="$opts" "$deid" run --home "$home" --routes "$here/routes/folder-anonymiser.yaml" "$@" \
    >"$work/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  grep -q "Started folder-anonymiser" "$work/run.log" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/run.log" >&2; exit 1; }
  sleep 0.1
done
sleep 1

start=$(now)
mv "$home/drop" "$home/inbox/drop"
while [ "$(count "$home/archive")" -lt "$n" ]; do
  if [ "$(count "$home/quarantine")" -gt 0 ]; then echo "bench-route: inputs quarantined" >&2; tail -5 "$work/run.log" >&2; exit 1; fi
  kill -0 "$pid" 2>/dev/null || { tail -20 "$work/run.log" >&2; exit 1; }
  sleep 0.05
done
end=$(now)
route_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

outputs=$(count "$home/outbox")
printf '\n%-28s %10s %12s   %s\n' "" "seconds" "files/s" "result"
awk -v s="$cp_s" -v n="$n" 'BEGIN { printf "%-28s %10.3f %12.1f\n", "cp -r + sync", s, n / s }'
awk -v s="$route_s" -v n="$n" -v o="$outputs" 'BEGIN { printf "%-28s %10.3f %12.1f   %d outputs\n", "deid run (folder route)", s, n / s, o }'
awk -v c="$cp_s" -v r="$route_s" 'BEGIN { printf "route rate / (cp -r + sync) rate: %.2f (target >= 0.50)\n", c / r }'
