#!/usr/bin/env bash
# bench/apply/kiosk_loop.sh — issue #5 "Benchmark" with the real kiosk in the loop: gongkai-kiosk
# runs under Xvfb in board mode while its own sync worker applies a 20k-item generation from a
# directory feed, and the kiosk's --frame-log records every frame. Printed: median / p99 / max
# frame time while the apply runs and in the seconds after it (where the new generation is swapped
# in), each as a ratio to the median of the frames before it (goal: no frame > 2× median), the
# swap frame itself, and the apply's wall time (goal < 1 s).
#
#   bench/apply/kiosk_loop.sh BUILD_DIR [SIZE]        (SIZE: window, default 1280x720)
#
# Input: a build directory holding gongkai-kiosk, bench_kiosk_gen_catalog and gongkai-publish
# (targets gongkai-kiosk bench_kiosk_gen_catalog gongkai-publish; measure a Release build). This
# script builds nothing. Per mode, two runs: the first apply into an empty data directory (the
# kiosk shows the same catalog from --db before it), then, after one catalog item was changed and
# the feed re-emitted, the incremental apply with the kiosk starting on generation 1. Modes: the
# kiosk as it is (the content loader thread opens the new generation, the frame only swaps it in)
# and, for comparison, --load-in-frame (the generation opened and read inside one frame, as the
# kiosk did before the loader).
# Output: a table on stdout; the catalog, feed, data directory and frame logs are in a temporary
# directory removed at exit (KEEP=1 keeps it). Nothing is asserted: the exit code is non-zero only
# when a run fails. Benchmarks are not tests (not part of scripts/test).
#
# How the kiosk is driven (docs/ui.md "Command line"): not scripted, so the sync worker runs and
# frames are real time; --sync-after holds the first feed cycle back BASELINE_S seconds so the
# frames before it are the baseline; --frame-log writes "F <ms since start> <frame ms>" per frame
# (sync inbox + update + render + SDL_RenderFlush, as the kiosk's `report` times it) and
# "E <ms> <event>" for started / cycle / generation / adopt (the swap, with the loader's time).
# The board is used because it renders every frame (other screens wait for input when idle);
# screen-on hours cover the whole day and the dwell time is the maximum, so no page turn falls
# into the measured window. The kiosk picks its renderer as on a real kiosk (accelerated with
# vsync first: under Xvfb that is Mesa's software OpenGL, so a frame's time is the CPU work of
# building and submitting it, as with a GPU); the renderer is printed with the table.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BUILD_DIR [WxH] / 用法: $0 构建目录 [窗口大小]" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd)
SIZE=${2:-1280x720}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
KIOSK=$BUILD/kiosk/app/gongkai-kiosk
GEN=$BUILD/bench/kiosk/bench_kiosk_gen_catalog
PUBLISH=$BUILD/sync/publish/gongkai-publish
for f in "$KIOSK" "$GEN" "$PUBLISH"; do
  if [ ! -x "$f" ]; then
    echo "missing $f: build gongkai-kiosk bench_kiosk_gen_catalog gongkai-publish first" \
         "/ 缺少 $f，请先构建" >&2
    exit 2
  fi
done
for tool in sqlite3 Xvfb; do
  command -v "$tool" >/dev/null || { echo "needs $tool / 需要 $tool" >&2; exit 2; }
done

BASELINE_S=${BASELINE_S:-8}   # frames before the apply: the baseline
AFTER_S=${AFTER_S:-4}         # frames after the swap that still count as "around the apply"
TIMEOUT_S=${TIMEOUT_S:-300}   # give up on a run after this long
COUNTY=341799000000           # the demo county 青禾县: bench_kiosk_gen_catalog's 300 notices

TMP=$(mktemp -d /tmp/gongkai-kiosk-loop.XXXXXX)
XVFB_PID=
KIOSK_PID=
cleanup() {
  [ -n "$KIOSK_PID" ] && kill "$KIOSK_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
# shellcheck source=../../scripts/lib.sh
. "$SRC/scripts/lib.sh"
start_xvfb  # sets DISPLAY and XVFB_PID (its EXIT trap is replaced below)
trap cleanup EXIT
unset SDL_VIDEODRIVER

# --- content and signed feed (as bench_apply: the real publish commands) ---------------------
"$GEN" "$TMP/content.db" "$SRC/assets/domains.tsv" "$SRC/assets/demo/regions.tsv" 20000 300 \
  > "$TMP/gen.out"
KEYS=$TMP/keys
SIGNED_AT=$(( $(date +%s) - 600 ))
{
  for k in root-a targets snapshot timestamp "county-$COUNTY"; do
    "$PUBLISH" keygen --out "$KEYS/$k"
  done
  "$PUBLISH" root init --keys "$KEYS" --root-key "$KEYS/root-a" --threshold 1 --now "$SIGNED_AT"
  "$PUBLISH" delegate --keys "$KEYS" --county "$COUNTY" --key "$KEYS/county-$COUNTY.pub" \
    --now "$SIGNED_AT"
  "$PUBLISH" emit-feed --db "$TMP/content.db" --keys "$KEYS" --out "$TMP/feed" --region "$COUNTY" \
    --now "$SIGNED_AT"
} > "$TMP/publish.out" 2>&1 || { cat "$TMP/publish.out" >&2; exit 1; }
ITEMS=$(sqlite3 "$TMP/content.db" "SELECT count(*) FROM catalog_item")
NOTICES=$(sqlite3 "$TMP/content.db" "SELECT count(*) FROM notice")

CONFIG=$TMP/kiosk.toml
{
  echo "mode = \"board\""
  echo "region = \"$COUNTY\""
  echo "channel = \"\""
  echo "carousel_dwell_s = 600"
  echo "[screen_on]"
  for d in mon tue wed thu fri sat sun; do echo "$d = [\"00:00-24:00\"]"; done
  echo "[sync]"
  echo "data_dir = \"$TMP/kiosk\""
  echo "trust_root = \"$KEYS/root/1.root.json\""
  echo "feed_url = \"file://$TMP/feed\""
  echo "usb_mount_roots = []"
} > "$CONFIG"

# run_kiosk NAME [ARGS…] — one kiosk process until BASELINE_S + apply + AFTER_S; leaves
# $TMP/NAME.log.
run_kiosk() {
  local name=$1 log=$TMP/$1.log t0
  shift
  "$KIOSK" --config "$CONFIG" --db "$TMP/content.db" --data-dir "$SRC" --windowed --size "$SIZE" \
    --frame-log "$log" --sync-after "$BASELINE_S" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err" &
  KIOSK_PID=$!
  t0=$(date +%s)
  # The frame log is block-buffered: wait on the kiosk's stderr, which says when it switched.
  until grep -q "is active" "$TMP/$name.err" 2>/dev/null; do
    if ! kill -0 "$KIOSK_PID" 2>/dev/null || [ $(( $(date +%s) - t0 )) -gt "$TIMEOUT_S" ]; then
      echo "run $name: no generation switch / 未切换到新内容版本:" >&2
      cat "$TMP/$name.err" >&2
      exit 1
    fi
    sleep 0.5
  done
  sleep "$AFTER_S"
  kill -TERM "$KIOSK_PID"
  wait "$KIOSK_PID" || { echo "run $name: kiosk exited with $? / 异常退出" >&2; exit 1; }
  KIOSK_PID=
  grep -q "^E .* adopt" "$log" || { echo "run $name: no swap in the frame log" >&2; exit 1; }
  return 0
}

# summarize NAME LABEL — one block of the table from the frame log.
summarize() {
  awk -v label="$2" -v after_ms="$((AFTER_S * 1000))" -v base_ms="$((BASELINE_S * 1000))" '
    function q(arr, n, p,   k) { k = int(p * n); if (k >= n) k = n - 1; return arr[k + 1] }
    function sortn(arr, n,   i, j, v) {  # insertion sort, ascending (a few thousand values)
      for (i = 2; i <= n; i++) { v = arr[i]; for (j = i - 1; j > 0 && arr[j] > v; j--) arr[j + 1] = arr[j]; arr[j + 1] = v }
    }
    $1 == "E" && $3 == "started" && !start { start = $2 }
    $1 == "E" && $3 == "cycle" && !cycle { cycle = $2; outcome = $4 }
    $1 == "E" && $3 == "adopt" && cycle && !adopt { adopt = $2; load_ms = $4; gen = $6; swap_ui = $8; swap_next = 1 }
    $1 == "E" && $3 == "adopt-in-frame" && cycle && !adopt { adopt = $2; load_ms = $4; gen = $6; swap_ui = $4; inframe = 1; swap_next = 1 }
    $1 == "F" { t[++n] = $2; ms[n] = $3; if (swap_next) { swap_ms = $3; swap_next = 0 } }
    END {
      if (!start || !cycle || !adopt) { print "  (incomplete log)"; exit 1 }
      for (i = 1; i <= n; i++) {
        if (t[i] >= start - base_ms + 2000 && t[i] < start) b[++nb] = ms[i]   # first 2 s: warm-up
        else if (t[i] >= start && t[i] <= cycle) d[++nd] = ms[i]
        else if (t[i] > cycle && t[i] <= adopt + after_ms) a[++na] = ms[i]
      }
      sortn(b, nb); sortn(d, nd); sortn(a, na)
      med = q(b, nb, 0.5)
      over_d = 0; for (i = 1; i <= nd; i++) if (d[i] > 2 * med) over_d++
      over_a = 0; for (i = 1; i <= na; i++) if (a[i] > 2 * med) over_a++
      printf "%s: apply %.2f s (feed cycle, worker thread), outcome %s, generation %s\n", label, (cycle - start) / 1000, outcome, gen
      printf "  %-34s %6s %8s %8s %8s %8s %8s %8s %6s\n", "frames", "n", "p50_ms", "p99_ms", "max_ms", "p50/base", "p99/base", "max/base", ">2x"
      printf "  %-34s %6d %8.2f %8.2f %8.2f %8s %8s %8s %6s\n", "before (baseline)", nb, med, q(b, nb, 0.99), b[nb], "1.00", sprintf("%.2f", q(b, nb, 0.99) / med), sprintf("%.2f", b[nb] / med), "-"
      printf "  %-34s %6d %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %6d\n", "during the apply", nd, q(d, nd, 0.5), q(d, nd, 0.99), d[nd], q(d, nd, 0.5) / med, q(d, nd, 0.99) / med, d[nd] / med, over_d
      printf "  %-34s %6d %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %6d\n", sprintf("after it, through swap + %d s", after_ms / 1000), na, q(a, na, 0.5), q(a, na, 0.99), a[na], q(a, na, 0.5) / med, q(a, na, 0.99) / med, a[na] / med, over_a
      if (inframe)
        printf "  reload frame (opened and read inside it): %.2f ms = %.2fx baseline median, of which opening the generation and reading the board %.1f ms\n", swap_ms, swap_ms / med, load_ms
      else
        printf "  swap frame: %.2f ms = %.2fx baseline median, of which the swap itself %.3f ms; the loader thread spent %.1f ms opening the generation and reading the board; swapped %.0f ms after the cycle ended\n", swap_ms, swap_ms / med, swap_ui, load_ms, adopt - cycle
    }' "$TMP/$1.log"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CHANGES=0
for mode in loader inframe; do
  args=()
  [ "$mode" = inframe ] && args=(--load-in-frame)
  rm -rf "$TMP/kiosk"
  run_kiosk "$mode-first" "${args[@]}"
  # One catalog item changed, the feed re-signed a second later (new versions): the incremental
  # apply.
  CHANGES=$((CHANGES + 1))
  sqlite3 "$TMP/content.db" \
    "UPDATE catalog_item SET content = '修改后的公开内容：' || content WHERE id = $CHANGES"
  "$PUBLISH" emit-feed --db "$TMP/content.db" --keys "$KEYS" --out "$TMP/feed" --region "$COUNTY" \
    --now "$((SIGNED_AT + CHANGES))" >> "$TMP/publish.out" 2>&1
  run_kiosk "$mode-incremental" "${args[@]}"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
echo "gongkai-kiosk in the loop — $(date -u '+%Y-%m-%d %H:%M UTC'), build $BUILD ($BUILD_TYPE)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER (other work on the machine counts)"
RENDERER=$(sed -n 's/^E [0-9.]* renderer //p' "$TMP/loader-first.log" | head -n 1)
echo "display: Xvfb $DISPLAY, window $SIZE, SDL renderer: $RENDERER; board mode; catalog $ITEMS items, $NOTICES notices, region $COUNTY"
echo "baseline: frames from 2 s after start until the cycle starts (${BASELINE_S} s hold-back); ratios to its median; goal: max/base <= 2"
echo
summarize loader-first "first apply (empty data dir; --db showed the same catalog before)"
echo
summarize loader-incremental "incremental apply (one item changed; the kiosk started on generation 1)"
echo
echo "--- for comparison: --load-in-frame (the new generation opened and read inside one frame) ---"
summarize inframe-first "first apply, in-frame reload"
echo
summarize inframe-incremental "incremental apply, in-frame reload"
