#!/usr/bin/env bash
# run.sh — the tuf-js acceptance test (ctest label: integration; needs npm and the npm registry,
# or a warm npm cache): builds the demo content DB, makes keys, root, delegation, emits the feed
# twice (the second run reuses every file), and lets tuf-js (tests/feed/tufjs/package-lock.json:
# tuf-js 5.0.1, @tufjs/models 4.1.1) verify every target over 127.0.0.1 HTTP. Then one catalog
# item changes, the root is rotated to a new key (2.root.json), the feed is emitted again, and
# tuf-js, from the state it trusted after the first run, must walk to root v2 and accept the new
# repository.
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

# One changed item and a root rotation; tuf-js updates from what it trusted after the first run.
sqlite3 "$work/content.db" \
  "UPDATE catalog_item SET content = content || '（修订）' WHERE id = (SELECT min(id) FROM catalog_item);"
"$publish" keygen --out "$keys/root-c" >/dev/null
"$publish" root rotate --keys "$keys" --old-key "$keys/root-a" --old-key "$keys/root-b" \
  --new-root-key "$keys/root-b" --new-root-key "$keys/root-c" --threshold 2 >/dev/null
"$publish" emit-feed --db "$work/content.db" --keys "$keys" --out "$work/feed"
node "$work/node/check.mjs" "$work/feed" "$keys/root/1.root.json" "$work"
