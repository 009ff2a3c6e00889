#!/usr/bin/env bash
# Network benchmark, all on 127.0.0.1, on N synthetic 512x512 16-bit CT instances (`deid synth`):
#   direct:   storescu -> storescp                                       (baseline)
#   pipeline: storescu -> deid receive (spool, de-identify) -> storescp  (our receiver)
# Each run is timed from the start of storescu until the last instance is stored at storescp.
# Prints both rates and the ratio pipeline/direct (issue 9's target: at least 80 %).
#   scripts/bench-network.sh [N [WARMUP]]     N defaults to 1000; WARMUP (default 50) instances
#                                             go through each path first, untimed (JIT, caches)
# dcmtk leaves Nagle's algorithm on unless TCP_NODELAY=1 is in its environment; on this machine
# storescu -> storescp then does ~15 instances/s, which makes any ratio meaningless: it is set here.
# DEID_JAVA_OPTS reaches the receiver's JVM, e.g. for a Flight Recorder profile:
#   DEID_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/x.jfr,settings=profile' scripts/bench-network.sh 300
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-1000}
warmup=${2:-50}
export TCP_NODELAY=1
for tool in storescu storescp python3; do
  command -v "$tool" >/dev/null || { echo "bench-network: $tool is missing (scripts/bootstrap.sh test)" >&2; exit 2; }
done
"$here/scripts/bootstrap.sh" run
deid=("$here/deid")   # the launcher: the same JVM settings as a user gets

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true   # the receiver stops cleanly (and writes its Flight Recording, if any)
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
count() { find "$1" -type f ! -name '.*' | wc -l; }
now() { date +%s.%N; }
wait_count() { # dir n
  for _ in $(seq 12000); do [ "$(count "$1")" -ge "$2" ] && return 0; sleep 0.02; done
  echo "bench-network: only $(count "$1") of $2 instances arrived" >&2; return 1
}
elapsed() { python3 -c "print(f'{$(now) - $1:.3f}')"; }

echo "bench-network: $n synthetic CT instances (+$warmup warm-up) in $work" >&2
"${deid[@]}" synth --count "$n" --patients $(( (n + 99) / 100 )) --out "$work/in" >/dev/null
"${deid[@]}" synth --count "$warmup" --seed 2 --out "$work/warmup" >/dev/null
# +sd +r: every file under the folder (sent as stored: Explicit VR Little Endian).
send() { storescu -aet STORESCU -aec "$1" +sd +r 127.0.0.1 "$2" "$3" >/dev/null; }

# Baseline: storescu straight into storescp (+uf: one file per C-STORE, even for equal UIDs).
p1=$(free_port)
storescp -aet STORESCP +uf -od "$work/direct" "$p1" >/dev/null 2>&1 & pids+=($!)
mkdir -p "$work/direct"
wait_port "$p1"
send STORESCP "$p1" "$work/warmup"; wait_count "$work/direct" "$warmup"
t0=$(now)
send STORESCP "$p1" "$work/in"
wait_count "$work/direct" $((n + warmup))
direct=$(elapsed "$t0")

# Pipeline: storescu -> deid receive -> storescp.
p2=$(free_port); p3=$(free_port)
mkdir -p "$work/forwarded" "$work/home"
storescp -aet STORESCP +uf -od "$work/forwarded" "$p3" >/dev/null 2>&1 & pids+=($!)
"${deid[@]}" receive --port "$p2" --ae DEID --home "$work/home" --routes "$here/routes" --forward "STORESCP@127.0.0.1:$p3" \
  >"$work/receive.log" 2>&1 & pids+=($!)
wait_port "$p3"; wait_port "$p2" || { cat "$work/receive.log" >&2; exit 1; }
send DEID "$p2" "$work/warmup"; wait_count "$work/forwarded" "$warmup"
t0=$(now)
send DEID "$p2" "$work/in"
wait_count "$work/forwarded" $((n + warmup))
pipeline=$(elapsed "$t0")
quarantined=0; [ -d "$work/home/quarantine" ] && quarantined=$(count "$work/home/quarantine")

python3 - "$n" "$direct" "$pipeline" "$quarantined" <<'PY'
import sys
n, d, p, q = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"instances (512x512 CT):        {n}  (TCP_NODELAY=1 for dcmtk)")
print(f"storescu -> storescp:          {d:8.3f} s  ({n / d:7.1f} instances/s)")
print(f"storescu -> deid -> storescp:  {p:8.3f} s  ({n / p:7.1f} instances/s)")
print(f"ratio (pipeline rate/direct):  {d / p * 100:7.1f} %   (target >= 80 %)")
if q:
    print(f"WARNING: {q} files in the receiver's quarantine")
PY
