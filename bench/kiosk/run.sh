#!/usr/bin/env bash
# bench/kiosk/run.sh — whole-process benchmarks of gongkai-kiosk (issue #4 "Benchmark"):
#   1. frame time while kinetic-scrolling the longest demo notice at 1920×1080 under Xvfb
#      (SDL software renderer), median and p99 over 600 frames, next to two baselines run the
#      same way: the same finger holding still on the same notice (a static frame) and the same
#      flicks on the shortest demo notice — so the numbers are ratios as well as milliseconds;
#   2. cold start to first frame on the demo DB and on a 20k-item generated catalog (median of
#      RUNS runs);
#   3. peak RSS (VmHWM, from the parent's rusage via GNU time) of every run.
#
#   bench/kiosk/run.sh BUILD_DIR [RUNS]        (RUNS: cold-start runs per database, default 7)
#
# Input: a build directory that already holds gongkai-kiosk, bench_kiosk_gen_catalog and the demo
# DB (targets gongkai-kiosk bench_kiosk_gen_catalog demo_db); this script builds nothing.
# Output: a table on stdout; the 20k-item DB and the raw JSON reports go to a temporary directory
# that is removed at exit (KEEP=1 keeps it and prints its path).
# Goals (p99 < 4 ms, cold start < 300 ms) are reported, never asserted: the exit code is non-zero
# only when a run fails.
#
# Frame times come from the kiosk's own `report` (update + render per frame, timed with
# SDL_GetPerformanceCounter, so a preempted frame counts its wait too: on a loaded machine p99 is
# an upper bound). SDL batches render commands and a scripted run never presents, so by default
# the software rasterization of a frame is not inside that frame: it runs later, all at once,
# whenever a glyph upload or the exit flushes the queue (a flush of hundreds of queued frames
# shows up as one 0.5–1.5 s "frame"). The frame-time table therefore runs with
# SDL_RENDER_BATCHING=0 (each draw executes at once: rasterization inside the frame it belongs
# to), and adds the batched figures as "app only" rows whose p50 is the kiosk's own CPU work
# without rasterization (what a GPU renderer would leave on the CPU); their p99 is not meaningful.
# The "CPU/frame" column is whole-process user+system CPU (getrusage of the child) of the run
# minus that of a start-only run on the same screen, divided by the frames the script adds: a
# mean that no preemption inflates, rasterization included in both modes.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BUILD_DIR [RUNS] / 用法: $0 构建目录 [冷启动次数]" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd)
RUNS=${2:-7}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
KIOSK=$BUILD/kiosk/app/gongkai-kiosk
GEN=$BUILD/bench/kiosk/bench_kiosk_gen_catalog
DEMO_DB=$BUILD/assets/demo/demo.db
for f in "$KIOSK" "$GEN" "$DEMO_DB"; do
  if [ ! -e "$f" ]; then
    echo "missing $f: build targets gongkai-kiosk bench_kiosk_gen_catalog demo_db first" \
         "/ 缺少 $f，请先构建" >&2
    exit 2
  fi
done
for tool in /usr/bin/time sqlite3 Xvfb; do
  command -v "$tool" >/dev/null || { echo "needs $tool / 需要 $tool" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/gongkai-bench-kiosk.XXXXXX)
XVFB_PID=
cleanup() {
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
# shellcheck source=../../scripts/lib.sh
. "$SRC/scripts/lib.sh"
start_xvfb  # sets DISPLAY and XVFB_PID (its own EXIT trap is replaced below)
trap cleanup EXIT
unset SDL_VIDEODRIVER  # the real X11 path, not the offscreen driver

CONFIG=$TMP/kiosk.toml
# The default configuration (a village terminal of the demo county: it sees county, township and
# village content) without a content_db of its own: every run names its DB.
grep -v '^content_db' "$SRC/config/kiosk.toml" > "$CONFIG"
SIZE=1920x1080
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# run_kiosk NAME DB SCRIPT_TEXT ARGS… — one kiosk process; leaves $TMP/NAME.{out,time,err} and
# sets R_WALL_MS (exec → exit), R_CPU_S (user+sys), R_RSS_KB (peak RSS), R_LAST (last report).
run_kiosk() {
  local name=$1 db=$2 script=$3
  shift 3
  printf '%s' "$script" > "$TMP/$name.script"
  local t0 t1
  t0=$(date +%s%N)
  if ! SDL_RENDER_BATCHING=${BATCHING:-0} /usr/bin/time -f '%M %U %S' -o "$TMP/$name.time" \
      "$KIOSK" --config "$CONFIG" --db "$db" --data-dir "$SRC" --size "$SIZE" \
      --input-script "$TMP/$name.script" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err"; then
    echo "run $name failed / 运行失败:" >&2
    cat "$TMP/$name.err" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  R_WALL_MS=$(( (t1 - t0) / 1000000 ))
  read -r R_RSS_KB user sys < <(tail -n 1 "$TMP/$name.time")
  R_CPU_S=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  R_LAST=$(grep '^{' "$TMP/$name.out" | tail -n 1)
}

# field JSON NAME — a scalar of the kiosk's flat one-line report.
field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<< "$1"; }
# median of the numbers on stdin (and min, max) as "median min max".
stats() { sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                              printf "%.1f %.1f %.1f", m, v[1], v[NR] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

LONG=$(sqlite3 "$DEMO_DB" "SELECT id FROM notice ORDER BY length(body) DESC, id LIMIT 1")
SHORT=$(sqlite3 "$DEMO_DB" "SELECT id FROM notice ORDER BY length(body), id LIMIT 1")
LONG_BYTES=$(sqlite3 "$DEMO_DB" "SELECT length(CAST(body AS BLOB)) FROM notice WHERE id = '$LONG'")
SHORT_BYTES=$(sqlite3 "$DEMO_DB" "SELECT length(CAST(body AS BLOB)) FROM notice WHERE id = '$SHORT'")

# --- 1. frame time ---------------------------------------------------------------------------
# FLICKS flicks of 600 px over 1 s each (60 frames with the finger down at the simulated 60 Hz,
# then released while moving, so the scroller flings and the next touch catches it); the
# direction turns before the end of the notice so every frame draws new lines. 12 × 60 = 720
# frames: the report's 600-frame window holds scrolling frames only. The static baseline holds the
# finger still for the same frames; the short baseline repeats the flicks on the shortest notice.
FLICKS=12
FLICK_MS=1000
FRAMES_ADDED=$(( FLICKS * FLICK_MS * 60 / 1000 ))
run_kiosk start-long "$DEMO_DB" $'report\n' --screen "notice:$LONG"
START_CPU=$R_CPU_S
MAX_SCROLL=$(field "$R_LAST" max_scroll)
scroll_script() {  # MAX_SCROLL → flick lines
  local max=${1%.*} pos=0 dir=1 i
  for i in $(seq 1 "$FLICKS"); do
    if [ "$dir" = 1 ] && [ $((pos + 700)) -gt "$max" ]; then dir=-1; fi
    if [ "$dir" = -1 ] && [ $((pos - 700)) -lt 0 ]; then dir=1; fi
    if [ "$dir" = 1 ]; then echo "flick 960 900 960 300 $FLICK_MS"; else echo "flick 960 300 960 900 $FLICK_MS"; fi
    pos=$((pos + dir * 600))
  done
  echo report
}
static_script() {
  local i
  for i in $(seq 1 "$FLICKS"); do echo "longpress 960 600 $FLICK_MS"; done
  echo report
}

declare -A P50 P99 N CPUF RSS
frame_run() {  # KEY NAME DB SCRIPT SCREEN
  run_kiosk "$2" "$3" "$4" --screen "$5"
  P50[$1]=$(field "$R_LAST" frame_ms_p50)
  P99[$1]=$(field "$R_LAST" frame_ms_p99)
  N[$1]=$(field "$R_LAST" frames)
  CPUF[$1]=$(awk -v c="$R_CPU_S" -v s="$6" -v n="$FRAMES_ADDED" 'BEGIN { printf "%.2f", (c - s) * 1000 / n }')
  RSS[$1]=$R_RSS_KB
}
frame_run scroll scroll-long "$DEMO_DB" "$(scroll_script "$MAX_SCROLL")" "notice:$LONG" "$START_CPU"
SCROLL_END=$(field "$R_LAST" scroll)
frame_run static static-long "$DEMO_DB" "$(static_script)" "notice:$LONG" "$START_CPU"
BATCHING=1 frame_run scroll-app scroll-long-batched "$DEMO_DB" "$(scroll_script "$MAX_SCROLL")" \
  "notice:$LONG" "$START_CPU"
BATCHING=1 frame_run static-app static-long-batched "$DEMO_DB" "$(static_script)" "notice:$LONG" \
  "$START_CPU"
run_kiosk start-short "$DEMO_DB" $'report\n' --screen "notice:$SHORT"
SHORT_MAX=$(field "$R_LAST" max_scroll)
frame_run short scroll-short "$DEMO_DB" "$(scroll_script 100000)" "notice:$SHORT" "$R_CPU_S"

# --- 2./3. cold start and peak RSS -----------------------------------------------------------
# The catalog is generated before any cold-start run so both databases are equally warm in the
# page cache (nothing here can drop caches: "cold" means a new process, not a cold disk).
BIG_DB=$TMP/catalog-20k.db
GEN_T0=$(date +%s%N)
"$GEN" "$BIG_DB" "$SRC/assets/domains.tsv" "$SRC/assets/demo/regions.tsv" 20000 300 > "$TMP/gen.out"
GEN_MS=$(( ($(date +%s%N) - GEN_T0) / 1000000 ))
BIG_ITEMS=$(sqlite3 "$BIG_DB" "SELECT count(*) FROM catalog_item")
DEMO_ITEMS=$(sqlite3 "$DEMO_DB" "SELECT count(*) FROM catalog_item")
DEMO_NOTICES=$(sqlite3 "$DEMO_DB" "SELECT count(*) FROM notice")

declare -A COLD COLD_APP WALL CCPU CRSS
for key in demo big; do
  db=$DEMO_DB
  [ "$key" = big ] && db=$BIG_DB
  : > "$TMP/cold-$key.first"; : > "$TMP/cold-$key.app"; : > "$TMP/cold-$key.wall"
  : > "$TMP/cold-$key.rss"; : > "$TMP/cold-$key.cpu"
  for i in $(seq 1 "$RUNS"); do
    # Home screen: domain counts over the whole catalog, the 正在公示 strip. Alternate the modes
    # so a burst of load on the machine hits both alike.
    run_kiosk "cold-$key-$i" "$db" $'report\n'
    field "$R_LAST" first_frame_ms >> "$TMP/cold-$key.first"
    echo "$R_WALL_MS" >> "$TMP/cold-$key.wall"
    echo "$R_RSS_KB" >> "$TMP/cold-$key.rss"
    awk -v c="$R_CPU_S" 'BEGIN { print c * 1000 }' >> "$TMP/cold-$key.cpu"
    BATCHING=1 run_kiosk "cold-$key-$i-batched" "$db" $'report\n'
    field "$R_LAST" first_frame_ms >> "$TMP/cold-$key.app"
  done
  COLD[$key]=$(stats < "$TMP/cold-$key.first")
  COLD_APP[$key]=$(stats < "$TMP/cold-$key.app")
  WALL[$key]=$(stats < "$TMP/cold-$key.wall")
  CCPU[$key]=$(stats < "$TMP/cold-$key.cpu")
  CRSS[$key]=$(sort -g "$TMP/cold-$key.rss" | tail -n 1)
done

# Browsing the 20k catalog: the domain with the most visible items, its list flicked through.
BIG_DOMAIN=$(sqlite3 "$BIG_DB" "SELECT domain FROM catalog_item GROUP BY domain ORDER BY count(*) DESC, domain LIMIT 1")
run_kiosk start-big "$BIG_DB" $'report\n' --screen "domain:$BIG_DOMAIN"
BIG_START_CPU=$R_CPU_S
frame_run list scroll-big "$BIG_DB" "$(scroll_script "$(field "$R_LAST" max_scroll)")" "domain:$BIG_DOMAIN" "$BIG_START_CPU"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- table -----------------------------------------------------------------------------------
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
echo "gongkai-kiosk benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), build $BUILD ($BUILD_TYPE)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER (other work on the machine counts)"
echo "display: Xvfb $DISPLAY ${SIZE}, SDL software renderer; simulated 60 Hz while a finger is down"
echo
echo "1. Frame time over the last 600 frames (goal p99 < 4 ms)"
printf '%-44s %7s %7s %7s %9s %9s %9s\n' scenario frames p50_ms p99_ms p50/base p99/base CPU/frame
row() {  # KEY LABEL BASE_KEY
  printf '%-44s %7s %7.2f %7.2f %9s %9s %8sms\n' "$2" "${N[$1]}" "${P50[$1]}" "${P99[$1]}" \
    "$(ratio "${P50[$1]}" "${P50[$3]}")" "$(ratio "${P99[$1]}" "${P99[$3]}")" "${CPUF[$1]}"
}
echo "   software-rendered frames (SDL_RENDER_BATCHING=0: rasterization inside each frame)"
row scroll "flick-scroll longest notice $LONG" static
row static "baseline: finger still on the same notice" static
row short "baseline: same flicks on shortest $SHORT" static
row list "20k catalog: flick-scroll domain:$BIG_DOMAIN" static
echo "   app only (default batching: rasterization deferred; p99 = queue flushes, not a frame)"
row scroll-app "flick-scroll longest notice $LONG" static-app
row static-app "baseline: finger still on the same notice" static-app
echo "   longest notice: $LONG_BYTES bytes of Markdown, max_scroll ${MAX_SCROLL} px (ended at ${SCROLL_END});" \
     "shortest: $SHORT_BYTES bytes, max_scroll $SHORT_MAX px"
echo "   ratios are to the static baseline of the same mode; CPU/frame = whole-process CPU beyond a start-only run / $FRAMES_ADDED frames"
echo "   p99 goal < 4 ms on the longest notice, software-rendered: $(awk -v p="${P99[scroll]}" 'BEGIN { print (p < 4) ? "met" : "NOT met" }')"
echo
echo "2. Cold start to first frame, home screen, $RUNS runs each (goal < 300 ms)"
printf '%-40s %9s %7s %7s %9s %8s %7s %9s\n' database median_ms min_ms max_ms app_only proc_ms cpu_ms peak_RSS
cold_row() {  # KEY LABEL
  read -r m lo hi <<< "${COLD[$1]}"
  read -r am _ _ <<< "${COLD_APP[$1]}"
  read -r wm _ _ <<< "${WALL[$1]}"
  read -r cm _ _ <<< "${CCPU[$1]}"
  printf '%-40s %9s %7s %7s %9s %8s %7s %5s MiB\n' "$2" "$m" "$lo" "$hi" "$am" "$wm" "$cm" \
    "$(mib "${CRSS[$1]}")"
}
cold_row demo "demo DB ($DEMO_ITEMS items, $DEMO_NOTICES notices)"
cold_row big "generated ($BIG_ITEMS items, 300 notices)"
echo "   median/min/max_ms: the kiosk's first_frame_ms (config, store, window, fonts, first frame"
echo "   drawn, software rasterization included); app_only: its median with default batching (the"
echo "   first frame's rasterization deferred, as a GPU would take it); proc_ms: median exec → exit"
echo "   of the start-only run (dynamic loading and teardown too); cpu_ms: its median user+system"
echo "   CPU (no preemption in it; 10 ms resolution)"
echo "   goal < 300 ms: demo $(awk -v m="${COLD[demo]%% *}" 'BEGIN { print (m < 300) ? "met" : "NOT met" }')," \
     "20k $(awk -v m="${COLD[big]%% *}" 'BEGIN { print (m < 300) ? "met" : "NOT met" }')" \
     "(20k DB generated in $GEN_MS ms)"
echo
echo "3. Peak RSS (VmHWM of the whole process)"
printf '%-44s %10s\n' run peak_RSS
printf '%-44s %6s MiB\n' "start only, demo DB (max of $RUNS)" "$(mib "${CRSS[demo]}")"
printf '%-44s %6s MiB\n' "start only, 20k catalog (max of $RUNS)" "$(mib "${CRSS[big]}")"
printf '%-44s %6s MiB\n' "scrolling the longest demo notice" "$(mib "${RSS[scroll]}")"
printf '%-44s %6s MiB\n' "scrolling the 20k catalog's largest list" "$(mib "${RSS[list]}")"
