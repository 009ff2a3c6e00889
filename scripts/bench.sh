#!/usr/bin/env bash
# Benchmark, not a test: wall time of copying, of ./deid anonymise and of GDCM's gdcmanon over
# the same N synthetic CT files (512x512, 16 bits, ~100 attributes; made-up data from
# `deid synth`), in one run, each as a ratio to `cp -r`.
#   scripts/bench.sh [N]        (default 200; also ./deid bench [N])
#
# gdcmanon runs as `gdcmanon -e`: GDCM's only PS3.15 Basic Profile mode. It always keeps the
# replaced originals encrypted in an Encrypted Attributes Sequence, so it needs a certificate:
# one is made with openssl in the temporary folder. (`--dumb` is no profile: it applies only
# the tag edits listed on its command line; it is timed too, emptying one tag, as GDCM's
# read-and-write floor.) The page cache is warmed first so every tool reads from memory.
# The ./deid time includes the launcher's checks and the JVM's start, as a user sees it.
set -euo pipefail
n=${1:-200}
case "$n" in ''|*[!0-9]*|0) echo "usage: $0 [N>0]" >&2; exit 2;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deid="$here/deid"
work=$(mktemp -d "${TMPDIR:-/tmp}/deid-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

patients=$(( n >= 20 ? n / 20 : 1 ))
echo "bench: $n synthetic CT files, $patients patients, in $work"
"$deid" synth --count "$n" --patients "$patients" --out "$work/in"
find "$work/in" -type f -exec cat {} + >/dev/null

now() { date +%s.%N; }
count_files() { if [ -d "$1" ]; then find "$1" -type f -name '*.dcm' | wc -l; else echo 0; fi; }

declare -a labels=() seconds=() notes=()
# run LABEL OUTDIR COMMAND...: times COMMAND, keeps its log, notes exit code and files written
run() {
  local label=$1 outdir=$2; shift 2
  local start end rc=0
  start=$(now)
  "$@" >"$work/log.$(echo "$label" | tr -c 'a-zA-Z0-9' '_')" 2>&1 || rc=$?
  end=$(now)
  labels+=("$label")
  seconds+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
  notes+=("exit $rc, $(count_files "$outdir") files out")
}

run "cp -r" "$work/out-cp" cp -r "$work/in" "$work/out-cp"

# Asked of the command list: `deid anonymise --help` would exit 0 even without the command.
if "$deid" --help 2>/dev/null | grep -Eq '^ +anonymise\b'; then
  run "deid anonymise" "$work/out-deid" "$deid" anonymise --out "$work/out-deid" "$work/in"
else
  echo "bench: ./deid has no 'anonymise' command yet: skipped" >&2
fi

if command -v gdcmanon >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/gdcm-key.pem" -out "$work/gdcm-cert.pem" \
      -subj /CN=deid-bench -days 1 2>/dev/null
  run "gdcmanon -e (basic profile)" "$work/out-gdcm" \
      gdcmanon -e -c "$work/gdcm-cert.pem" -r --continue -i "$work/in" -o "$work/out-gdcm"
  run "gdcmanon --dumb (1 tag)" "$work/out-gdcm-dumb" \
      gdcmanon --dumb --empty 10,10 -r --continue -i "$work/in" -o "$work/out-gdcm-dumb"
else
  echo "bench: gdcmanon not installed (apt-get install libgdcm-tools): skipped" >&2
fi

base=${seconds[0]}
printf '\n%-30s %10s %10s %12s   %s\n' "tool" "seconds" "x cp -r" "files/s" "result"
for i in "${!labels[@]}"; do
  awk -v l="${labels[$i]}" -v s="${seconds[$i]}" -v b="$base" -v n="$n" -v note="${notes[$i]}" 'BEGIN {
    if (b <= 0) b = 0.001; r = (s > 0) ? n / s : 0
    printf "%-30s %10.3f %10.1f %12.1f   %s\n", l, s, s / b, r, note }'
done
