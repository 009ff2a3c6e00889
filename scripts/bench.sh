#!/usr/bin/env bash
# Benchmark, not a test: wall time of copying, of ./deid anonymise and of GDCM's gdcmanon over
# the same N synthetic CT files (512x512, 16 bits, ~100 attributes; made-up data from
# `deid synth`), in one run, each as a ratio to `cp -r`; and the same work compared pairwise:
#   deid anonymise --recipient CERT   vs  gdcmanon -e -c CERT   (both encrypt the originals)
#   deid anonymise (no encryption)    vs  gdcmanon --dumb       (GDCM's read-and-write floor)
#   scripts/bench.sh [N]        (default 2000; also ./deid bench [N])
#
# gdcmanon -e is GDCM's only PS3.15 Basic Profile mode: it always keeps the replaced originals
# encrypted, so it needs a certificate: one is made with openssl in the temporary folder and given
# to both tools. The page cache is warmed first so every tool reads from memory. The ./deid time
# includes the launcher's checks and the JVM's start, as a user sees it.
set -euo pipefail
n=${1:-2000}
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
  sync # the previous tool's writes are flushed before, not during, this one's time
  start=$(now)
  "$@" >"$work/log.$(echo "$label" | tr -c 'a-zA-Z0-9' '_')" 2>&1 || rc=$?
  end=$(now)
  labels+=("$label")
  seconds+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
  notes+=("exit $rc, $(count_files "$outdir") files out")
}

run "cp -r" "$work/out-cp" cp -r "$work/in" "$work/out-cp"
run "cp -r + sync" "$work/out-cp-sync" sh -c 'cp -r "$1" "$2" && sync' sh "$work/in" "$work/out-cp-sync"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj /CN=deid-bench -days 1 2>/dev/null

# Asked of the command list: `deid anonymise --help` would exit 0 even without the command.
if "$deid" --help 2>/dev/null | grep -Eq '^ +anonymise\b'; then
  export DEID_SECRET=$(openssl rand -hex 32)
  run "deid anonymise --recipient" "$work/out-deid-e" "$deid" anonymise --recipient "$work/cert.pem" \
      --out "$work/out-deid-e" "$work/in"
  run "deid anonymise" "$work/out-deid" "$deid" anonymise --out "$work/out-deid" "$work/in"
else
  echo "bench: ./deid has no 'anonymise' command yet: skipped" >&2
fi

if command -v gdcmanon >/dev/null; then
  run "gdcmanon -e (basic profile)" "$work/out-gdcm" \
      gdcmanon -e -c "$work/cert.pem" -r --continue -i "$work/in" -o "$work/out-gdcm"
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

# pairwise: the same work
ratio() { # LABEL_A LABEL_B
  local a="" b=""
  for i in "${!labels[@]}"; do
    [ "${labels[$i]}" = "$1" ] && a=${seconds[$i]}
    [ "${labels[$i]}" = "$2" ] && b=${seconds[$i]}
  done
  [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" -v la="$1" -v lb="$2" \
      'BEGIN { printf "%-30s / %-30s = %.2f\n", la, lb, (b > 0 ? a / b : 0) }'
}
echo
ratio "deid anonymise --recipient" "gdcmanon -e (basic profile)"
ratio "deid anonymise" "gdcmanon --dumb (1 tag)"
