#!/usr/bin/env bash
# Builds the demo content database from its sources with the real importer, as a county would:
#   build-demo.sh GONGKAI_PUBLISH OUT.db
# Regions from regions.tsv; each catalog/<region-code>/<NN>-<领域>.csv imported for that region;
# every notice in notices/. The notices are written for 2026-11-23 (China time); they are shifted
# to the build date (add-notice --shift-days) so that a demo built on any day shows every state.
# Fails (non-zero) if anything is rejected: the demo must import cleanly.
set -euo pipefail
publish=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
anchor=2026-11-23

tmp="$out.tmp"
rm -f "$tmp" "$tmp-wal" "$tmp-shm"
"$publish" add-regions "$here/regions.tsv" --db "$tmp" >/dev/null
for dir in "$here"/catalog/*/; do
  region=$(basename "$dir")
  for file in "$dir"*.csv; do
    "$publish" import-catalog "$file" --region "$region" --db "$tmp" >/dev/null
  done
done
today=$(TZ=Asia/Shanghai date +%F)
shift_days=$(( ( $(date -ud "$today" +%s) - $(date -ud "$anchor" +%s) ) / 86400 ))
"$publish" add-notice "$here/notices" --db "$tmp" --shift-days "$shift_days" >/dev/null
mv -f "$tmp" "$out"
rm -f "$tmp-wal" "$tmp-shm"
