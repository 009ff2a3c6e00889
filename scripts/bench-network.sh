#!/usr/bin/env bash
# Network benchmark, all on 127.0.0.1:
#   direct:   storescu -> storescp                                       (baseline)
#   pipeline: storescu -> deid receive (spool, de-identify) -> storescp  (our receiver)
# Each run is timed from the first byte sent until the last instance is stored at storescp.
# Prints both times and their ratio (pipeline / direct).
#   scripts/bench-network.sh [N] [SOURCE_FILE]      N defaults to 200, SOURCE to pydicom's CT_small
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-200}
src=${2:-/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm}
for tool in storescu storescp python3; do
  command -v "$tool" >/dev/null || { echo "bench-network: $tool is missing (scripts/bootstrap.sh test)" >&2; exit 2; }
done
[ -f "$here/target/dicom-deid.jar" ] || "$here/scripts/bootstrap.sh" run

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
count() { find "$1" -type f ! -name '.*' | wc -l; }
now() { date +%s.%N; }
wait_count() { # dir n
  for _ in $(seq 6000); do [ "$(count "$1")" -ge "$2" ] && return 0; sleep 0.05; done
  echo "bench-network: only $(count "$1") of $2 instances arrived" >&2; return 1
}

mkdir -p "$work/in" "$work/direct" "$work/forwarded" "$work/home"
for i in $(seq -w 1 "$n"); do cp "$src" "$work/in/$i.dcm"; done

# Baseline: storescu straight into storescp (+uf: one file per C-STORE, even for equal UIDs).
p1=$(free_port)
storescp -aet STORESCP +uf -od "$work/direct" "$p1" >/dev/null 2>&1 & pids+=($!)
wait_port "$p1"
t0=$(now)
storescu -aet STORESCU -aec STORESCP +sd 127.0.0.1 "$p1" "$work/in" >/dev/null
wait_count "$work/direct" "$n"
direct=$(python3 -c "print(f'{$(now) - $t0:.3f}')")

# Pipeline: storescu -> deid receive -> storescp.
p2=$(free_port); p3=$(free_port)
storescp -aet STORESCP +uf -od "$work/forwarded" "$p3" >/dev/null 2>&1 & pids+=($!)
java ${DEID_JAVA_OPTS:-} -cp "$here/target/dicom-deid.jar:$here/target/lib/*" org.dicomdeid.app.Main receive \
  --port "$p2" --ae DEID --home "$work/home" --routes "$here/routes" --forward "STORESCP@127.0.0.1:$p3" \
  >"$work/receive.log" 2>&1 & pids+=($!)
wait_port "$p3"; wait_port "$p2" || { cat "$work/receive.log" >&2; exit 1; }
t0=$(now)
storescu -aet STORESCU -aec DEID +sd 127.0.0.1 "$p2" "$work/in" >/dev/null
wait_count "$work/forwarded" "$n"
pipeline=$(python3 -c "print(f'{$(now) - $t0:.3f}')")

python3 - "$n" "$direct" "$pipeline" <<'PY'
import sys
n, d, p = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"instances:                    {n}")
print(f"storescu -> storescp:          {d:8.3f} s  ({n / d:7.1f} instances/s)")
print(f"storescu -> deid -> storescp:  {p:8.3f} s  ({n / p:7.1f} instances/s)")
print(f"ratio (pipeline / direct):     {p / d:8.2f}")
PY
