// check.mjs — independent check (issue #5): tuf-js, a TUF client we did not write, must accept
// the repository gongkai-publish emit-feed wrote and download every target it lists.
//
//   node check.mjs FEEDDIR TRUSTED_ROOT.json WORKDIR
//
// Serves FEEDDIR on 127.0.0.1 (a free port, node's http module; nothing else is contacted),
// runs tuf-js's Updater.refresh() from TRUSTED_ROOT.json, then getTargetInfo() + downloadTarget()
// for every target path the repository's bin roles list. Exit 0 when every target verified,
// 1 with the reason otherwise.
// Runs unchanged with both pinned sets run.sh may install (tuf-js 5.0.1 / @tufjs/models 4.1.1 and
// tuf-js 3.1.0 / @tufjs/models 3.0.1): the Updater options and methods and TargetFile.hashes used
// here are declared identically in both (their .d.ts files compared); only the HTTP stack differs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Updater } from 'tuf-js';

const [feedDir, trustedRoot, workDir] = process.argv.slice(2);
if (!feedDir || !trustedRoot || !workDir) {
  console.error('usage: node check.mjs FEEDDIR TRUSTED_ROOT.json WORKDIR');
  process.exit(1);
}
const root = path.resolve(feedDir);

const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  const file = path.resolve(root, '.' + rel);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});

// The target paths, read from the newest snapshot's roles (only to know what to ask for:
// tuf-js does all the verifying).
function targetPaths() {
  const meta = (name) => JSON.parse(fs.readFileSync(path.join(root, 'metadata', name))).signed;
  const snapshot = meta(`${meta('timestamp.json').meta['snapshot.json'].version}.snapshot.json`);
  const paths = [];
  for (const [file, m] of Object.entries(snapshot.meta)) {
    if (file === 'targets.json') continue;
    paths.push(...Object.keys(meta(`${m.version}.${file}`).targets));
  }
  return paths;
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const metadataDir = path.join(workDir, 'tuf-metadata');
  const targetDir = path.join(workDir, 'tuf-targets');
  // tuf-js keeps its trusted metadata in WORKDIR/tuf-metadata between runs, so a second run
  // checks our next version against what it trusted (rollback, root walk), like a kiosk would.
  fs.rmSync(targetDir, { recursive: true, force: true });
  fs.mkdirSync(metadataDir, { recursive: true });
  fs.mkdirSync(targetDir, { recursive: true });
  if (!fs.existsSync(path.join(metadataDir, 'root.json'))) {
    fs.copyFileSync(trustedRoot, path.join(metadataDir, 'root.json'));
  }
  try {
    const updater = new Updater({
      metadataBaseUrl: `http://127.0.0.1:${port}/metadata`,
      targetBaseUrl: `http://127.0.0.1:${port}/targets`,
      metadataDir,
      targetDir,
    });
    await updater.refresh();
    const paths = targetPaths();
    if (paths.length === 0) throw new Error('the repository lists no targets');
    for (const p of paths) {
      const info = await updater.getTargetInfo(p);
      if (!info) throw new Error(`tuf-js cannot find target ${p}`);
      const file = await updater.downloadTarget(info, path.join(targetDir, p.replaceAll('/', '_')));
      const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      if (sha !== info.hashes.sha256) throw new Error(`${p}: downloaded bytes differ`);
    }
    console.log(`tuf-js accepted the repository: ${paths.length} targets verified`);
    server.close();
    process.exit(0);
  } catch (e) {
    console.error(`tuf-js refused the repository: ${e.stack || e}`);
    server.close();
    process.exit(1);
  }
});
