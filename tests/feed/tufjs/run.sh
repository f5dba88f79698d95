#!/usr/bin/env bash
# run.sh — the tuf-js acceptance test (ctest label: integration; needs npm and the npm registry,
# or a warm npm cache): builds the demo content DB, makes keys, root, delegation, emits the feed
# twice (the second run reuses every file), and lets tuf-js (tests/feed/tufjs/package-lock.json:
# tuf-js 5.0.1, @tufjs/models 4.1.1) verify every target over 127.0.0.1 HTTP.
#   run.sh SOURCE_DIR BINARY_DIR
set -euo pipefail
src=$1
bin=$2
work=$bin/tests/feed/tufjs-work
publish=$bin/sync/publish/gongkai-publish
county=341799000000

rm -rf "$work"
mkdir -p "$work/node"
cp "$src/tests/feed/tufjs/package.json" "$src/tests/feed/tufjs/package-lock.json" \
   "$src/tests/feed/tufjs/check.mjs" "$work/node/"
(cd "$work/node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

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
node "$work/node/check.mjs" "$work/feed" "$keys/root/1.root.json" "$work"
