#!/usr/bin/env bash
# run.sh — the tuf-js acceptance test (ctest tufjs_accepts_emitted_feed, label integration): builds
# the demo content DB, makes keys, root, delegation, emits the feed twice (the second run reuses
# every file), and lets tuf-js, a TUF client we did not write, verify every target over
# 127.0.0.1 HTTP. Then one catalog item changes, the root is rotated to a new key (2.root.json),
# the feed is emitted again, and tuf-js, from the state it trusted after the first run, must walk
# to root v2 and accept the new repository. Last, a province key, its delegation and a city
# notice are added: tuf-js must accept the province role (path patterns with '?', its bins).
#   run.sh SOURCE_DIR BINARY_DIR
# The node and npm first in PATH pick one of two pinned package sets (npm ci against its lock),
# by the engines the packages declare:
#   node ^20.17.0 || >=22.9.0            package-lock.json         tuf-js 5.0.1, @tufjs/models 4.1.1
#   else node ^18.17.0 || >=20.5.0       node18/package-lock.json  tuf-js 3.1.0, @tufjs/models 3.0.1
#     (e.g. Debian bookworm's nodejs 18.19 + npm 9.2, which scripts/bootstrap installs)
# check.mjs uses the same Updater API in both (constructor options, refresh, getTargetInfo,
# downloadTarget). Exit 77 = SKIPPED (ctest SKIP_RETURN_CODE), with the reason, when there is no
# node/npm, the node is older than both sets allow (< 18.17, 19.x, 20.0–20.4), or npm cannot reach
# its registry and its cache does not hold the pinned packages. Any other failure is a failure.
set -euo pipefail
src=$1
bin=$2
work=$bin/tests/feed/tufjs-work
publish=$bin/sync/publish/gongkai-publish
county=341799000000

skip() {
  echo "SKIPPED (the test did not run, it did not pass): tuf-js check: $*" >&2
  exit 77
}

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 ||
    skip "no $tool in PATH (scripts/bootstrap installs Debian's nodejs + npm)"
done
node_version=$(node -p process.versions.node)
IFS=. read -r major minor patch <<<"$node_version"
v=$((major * 1000000 + minor * 1000 + patch))
if (( (v >= 20017000 && v < 21000000) || v >= 22009000 )); then
  set_dir=$src/tests/feed/tufjs
elif (( (v >= 18017000 && v < 19000000) || v >= 20005000 )); then
  set_dir=$src/tests/feed/tufjs/node18
else
  skip "node $node_version ($(command -v node)) is supported by neither pinned tuf-js:" \
    "tuf-js 3.1.0 needs node ^18.17.0 || >=20.5.0, tuf-js 5.0.1 ^20.17.0 || >=22.9.0"
fi

rm -rf "$work"
mkdir -p "$work/node"
cp "$set_dir/package.json" "$set_dir/package-lock.json" "$src/tests/feed/tufjs/check.mjs" \
   "$work/node/"
# --engine-strict: npm refuses a set whose engines exclude this node, so a wrong table above fails
# here instead of installing anyway. --prefer-offline: a warm cache needs no network at all.
# Bounded timeouts so that a blackholed network ends in a skip well inside the ctest TIMEOUT.
npm_opts=(--engine-strict --prefer-offline --no-audit --no-fund --loglevel=error
          --fetch-timeout=60000 --fetch-retries=2 --fetch-retry-maxtimeout=10000)
if ! (cd "$work/node" && npm ci "${npm_opts[@]}") >"$work/npm-ci.log" 2>&1; then
  cat "$work/npm-ci.log" >&2
  # Only "cannot reach the registry" is a skip: a network-level error code, or the registry not
  # answering a ping. An integrity mismatch, a missing version or an engine refusal is a failure.
  network_codes='ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT'
  network_codes+='|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|ERR_SOCKET_TIMEOUT|FETCH_ERROR'
  if grep -Eq "code ($network_codes)\b" "$work/npm-ci.log" ||
     ! npm ping --fetch-timeout=20000 --fetch-retries=0 >/dev/null 2>&1; then
    skip "npm ci could not reach the npm registry ($(npm config get registry 2>/dev/null))" \
      "and the npm cache ($(npm config get cache 2>/dev/null)) lacks the pinned packages of" \
      "$set_dir/package-lock.json"
  fi
  echo "npm ci failed (the registry answers, so this is not a network problem)" >&2
  exit 1
fi
installed() { node -p "require('$work/node/node_modules/$1/package.json').version"; }
echo "tuf-js $(installed tuf-js), @tufjs/models $(installed @tufjs/models)" \
  "on node $node_version ($(command -v node)), npm $(npm --version 2>/dev/null)," \
  "from ${set_dir#"$src"/}/package-lock.json"

# check.mjs talks only to its own server on 127.0.0.1; tuf-js 3 fetches through make-fetch-happen,
# which would send even that through an http(s)_proxy from the environment.
check() {
  env -u http_proxy -u HTTP_PROXY -u https_proxy -u HTTPS_PROXY -u proxy -u PROXY \
    node "$work/node/check.mjs" "$@"
}

bash "$src/assets/demo/build-demo.sh" "$publish" "$work/content.db" 2>/dev/null
keys=$work/keys
for k in root-a root-b targets snapshot timestamp "county-$county"; do
  "$publish" keygen --out "$keys/$k" >/dev/null
done
"$publish" root init --keys "$keys" --root-key "$keys/root-a" --root-key "$keys/root-b" \
  --threshold 2 >/dev/null
"$publish" delegate --keys "$keys" --county "$county" --key "$keys/county-$county.pub" >/dev/null
"$publish" emit-feed --db "$work/content.db" --keys "$keys" --out "$work/feed" >/dev/null
"$publish" emit-feed --db "$work/content.db" --keys "$keys" --out "$work/feed"
check "$work/feed" "$keys/root/1.root.json" "$work"

# One changed item and a root rotation; tuf-js updates from what it trusted after the first run.
sqlite3 "$work/content.db" \
  "UPDATE catalog_item SET content = content || '（修订）' WHERE id = (SELECT min(id) FROM catalog_item);"
"$publish" keygen --out "$keys/root-c" >/dev/null
"$publish" root rotate --keys "$keys" --old-key "$keys/root-a" --old-key "$keys/root-b" \
  --new-root-key "$keys/root-b" --new-root-key "$keys/root-c" --threshold 2 >/dev/null
"$publish" emit-feed --db "$work/content.db" --keys "$keys" --out "$work/feed"
check "$work/feed" "$keys/root/1.root.json" "$work"

# Province- and city-level content, signed by the province's own key (DESIGN §5): tuf-js must
# resolve province/340000000000/… and city/341700000000/… through the province role's path
# patterns (province/340000000000/*, city/34??00000000/*) and its hash bins.
printf '340000000000\t示范省\n341700000000\t示范市\n' >"$work/regions-above.tsv"
"$publish" add-regions "$work/regions-above.tsv" --db "$work/content.db" >/dev/null
mkdir -p "$work/notices-above"
cat >"$work/notices-above/city-2026-0001.md" <<'NOTICE'
---
id: city-2026-0001
title: 示范市关于冬季供暖的通知
issuer: 示范市人民政府办公室
category: 政务
region: 341700000000
channel: all
priority: normal
published: 2026-11-22 09:00
start: 2026-11-22
end: 2027-03-15
long_term: false
---
今冬供暖期为11月15日至次年3月15日。
NOTICE
"$publish" add-notice "$work/notices-above" --db "$work/content.db" >/dev/null
"$publish" keygen --out "$keys/province-340000000000" >/dev/null
"$publish" delegate --keys "$keys" --province 340000000000 \
  --key "$keys/province-340000000000.pub" >/dev/null
"$publish" emit-feed --db "$work/content.db" --keys "$keys" --out "$work/feed"
grep -q '"city/341700000000/notice-' "$work"/feed/metadata/*.province-340000000000-bin-*.json
check "$work/feed" "$keys/root/1.root.json" "$work"
