#!/usr/bin/env bash
# Runs the benchmark scenarios recorded in docs/BENCHMARKS.md, in one go, and keeps each run's output
# (<name>.txt) and HTML report (<name>.html) in the output directory (default: docs/bench/runs). The
# first run of each scenario also writes its charts as SVG files (<name>-charts/).
#
# The repository keeps the .txt files and the charts, not the HTML reports: a report repeats its run's
# figures and charts in one file, and is written again by running this script (docs/bench/.gitignore
# keeps the new ones out of commits).
#
#   docs/bench/run-all.sh [output-directory] [repeats]
#
# Needs the PostgreSQL and MariaDB servers of the project's machines (127.0.0.1:5432 database test,
# user postgres; 127.0.0.1:3306 database test, user root); their scenarios are skipped when the port
# does not answer.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
out="${1:-$root/docs/bench/runs}"
repeats="${2:-3}"
mkdir -p "$out"

run() {
  local name="$1"; shift
  local charts=()
  [[ "$name" == *-1 ]] && charts=(--charts "$out/$name-charts")
  echo "== $name: sluice bench $*" >&2
  { echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# sluice bench $*"
    "$root/sluice" bench --no-progress --report "$out/$name.html" "${charts[@]}" "$@"; } > "$out/$name.txt" 2>&1 \
    || echo "   $name failed; see $out/$name.txt" >&2
}

reachable() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for i in $(seq 1 "$repeats"); do
  run "sqlite-default-$i"
  run "sqlite-wal-$i" --buffer wal
  run "sqlite-wal-64threads-$i" --buffer wal --threads 64 --scenarios fire-and-forget
  run "sqlite-sweep-$i" --scenarios waiting --clients 1,10,100,1000,2000
  run "sqlite-prepared-formats-$i" --scenarios prepared,formats
  if reachable 5432; then
    run "postgresql-$i" --target 'postgresql://127.0.0.1:5432/test?user=postgres' --clients 1,10,100,1000
  fi
  if reachable 3306; then
    run "mariadb-$i" --target 'mariadb://127.0.0.1:3306/test?user=root' --clients 1,10,100,1000
  fi
done
for i in $(seq 1 "$(( repeats < 2 ? repeats : 2 ))"); do
  run "sqlite-heap-$i" --scenarios heap
  run "sqlite-heap-200b-$i" --scenarios heap --heap-row-bytes 200 --settings async_insert_max_buffered_bytes=1073741824
  run "sqlite-heap-400b-$i" --scenarios heap --heap-row-bytes 400 --settings async_insert_max_buffered_bytes=1073741824
done
