#!/usr/bin/env node
// Restores the client-side libraries that libman.json names, from the npm registry.
//
// LibMan's own CLI and the CDNs its providers fetch from (jsDelivr, unpkg) cannot be reached from the build machines,
// but the npm registry can, and for npm packages the "jsdelivr" and "unpkg" providers serve exactly the files of the
// package tarball. So for each library "name@version" this runs `npm pack name@version` into a temporary folder,
// extracts it with tar, and copies exactly the named files to the destination, keeping each file's path inside the
// package (as LibMan does: "dist/chart.umd.min.js" lands in "<destination>/dist/chart.umd.min.js").
//
// Usage: node build/restore-libman.mjs [--force] [--manifest path/to/libman.json] [--expect file;file…]
//   --force     restore even when every file is already present (the build passes it: it only runs the script when
//               libman.json or this script changed, or a file is missing).
//   --expect    files (relative to the manifest's folder, ';'-separated) the caller treats as the restore's outputs;
//               the run fails when they differ from what libman.json names, so the two lists cannot drift apart.
// Idempotent: a second run changes nothing. Exit code 0 on success, 1 with an MSBuild-style "error" line otherwise.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NPM_PROVIDERS = new Set(['jsdelivr', 'unpkg']);
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

class RestoreError extends Error {}

function parseArgs(argv) {
  const options = { force: false, manifest: resolve(dirname(fileURLToPath(import.meta.url)), '..', 'libman.json'), expect: null };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--force': options.force = true; break;
      case '--manifest': options.manifest = resolve(argv[++i] ?? ''); break;
      case '--expect': options.expect = (argv[++i] ?? '').split(';').map(s => s.trim()).filter(Boolean); break;
      default: throw new RestoreError(`unknown argument '${argv[i]}'`);
    }
  }
  return options;
}

function readManifest(path) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RestoreError(`cannot read ${path}: ${e.message}`);
  }
  if (!Array.isArray(manifest.libraries)) {
    throw new RestoreError(`${path} has no "libraries" array`);
  }
  const root = dirname(path);
  return manifest.libraries.map((entry, index) => toLibrary(entry, index, manifest, root));
}

function toLibrary(entry, index, manifest, root) {
  const where = `libraries[${index}]`;
  const provider = entry.provider ?? manifest.defaultProvider;
  if (!NPM_PROVIDERS.has(provider)) {
    throw new RestoreError(`${where}: provider '${provider}' is not supported offline; use "jsdelivr" or "unpkg" (npm packages)`);
  }
  const spec = String(entry.library ?? '');
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : '';
  const version = at > 0 ? spec.slice(at + 1) : '';
  if (!name || name.startsWith('gh/') || !EXACT_VERSION.test(version)) {
    throw new RestoreError(`${where}: "library" must be an npm package pinned to an exact version, like "chart.js@4.5.1" (got "${spec}")`);
  }
  const destination = entry.destination ?? manifest.defaultDestination;
  if (!destination) {
    throw new RestoreError(`${where}: no "destination" and no "defaultDestination"`);
  }
  if (!Array.isArray(entry.files) || entry.files.length === 0) {
    throw new RestoreError(`${where}: name the files to restore in "files" (copying whole packages is not supported)`);
  }
  const files = entry.files.map(file => {
    const clean = normalize(String(file)).replace(/\\/g, '/');
    if (isAbsolute(clean) || clean.split('/').includes('..')) {
      throw new RestoreError(`${where}: file "${file}" must be a relative path inside the package`);
    }
    return clean;
  });
  return { spec, destination: resolve(root, destination), files, root };
}

function run(command, args, cwd) {
  // npm is a .cmd script on Windows, which only a shell can start.
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', shell: process.platform === 'win32' });
  if (result.error) {
    throw new RestoreError(`cannot run '${command}': ${result.error.message}`);
  }
  if (result.status !== 0) {
    // `npm --json` reports failures as {"error":{"code","summary"}} on stdout; anything else: the last lines of output.
    let output;
    try {
      const error = JSON.parse(result.stdout).error;
      output = `${error.code}: ${error.summary}`;
    } catch {
      output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    }
    throw new RestoreError(`'${command} ${args.join(' ')}' exited with ${result.status}: ${output}`);
  }
  return result.stdout;
}

function restore(library, force, allTargets) {
  const targets = library.files.map(file => join(library.destination, ...file.split('/')));
  if (!force && targets.every(t => existsSync(t) && statSync(t).size > 0)) {
    console.log(`restore-libman: ${library.spec} is up to date`);
    return;
  }

  const work = mkdtempSync(join(tmpdir(), 'libman-'));
  try {
    const packed = JSON.parse(run('npm', ['pack', library.spec, '--json', '--ignore-scripts', '--pack-destination', work], work));
    const tarball = join(work, packed[0].filename);
    const extracted = join(work, 'x');
    mkdirSync(extracted);
    run('tar', ['-xzf', tarball, '-C', extracted], work);
    // npm tarballs hold one top folder, almost always "package".
    const [top] = readdirSync(extracted);
    const packageRoot = join(extracted, top);

    const missing = library.files.filter(file => !existsSync(join(packageRoot, ...file.split('/'))));
    if (missing.length > 0) {
      throw new RestoreError(`${library.spec} has no ${missing.join(', ')} (check the package's files with 'npm pack ${library.spec} --dry-run')`);
    }

    removeUnlisted(library.destination, allTargets);
    library.files.forEach((file, i) => {
      mkdirSync(dirname(targets[i]), { recursive: true });
      // Copy then rename, so a concurrent build never serves half a file.
      const partial = `${targets[i]}.${process.pid}.partial`;
      copyFileSync(join(packageRoot, ...file.split('/')), partial);
      renameSync(partial, targets[i]);
      // Tarball entries carry 1985 timestamps; MSBuild compares output times with libman.json's.
      const now = new Date();
      utimesSync(targets[i], now, now);
    });
    console.log(`restore-libman: restored ${library.spec} (${library.files.join(', ')}) to ${relative(library.root, library.destination)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// A destination belongs to the libraries restored into it: files an older libman.json named but this one does not are removed.
function removeUnlisted(folder, keep) {
  if (!existsSync(folder)) {
    return;
  }
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      removeUnlisted(path, keep);
      if (readdirSync(path).length === 0) {
        rmSync(path, { recursive: true });
      }
    } else if (!keep.has(path)) {
      rmSync(path, { force: true });
    }
  }
}

function checkExpected(libraries, expected, root) {
  const named = libraries.flatMap(l => l.files.map(f => relative(root, join(l.destination, ...f.split('/'))).replace(/\\/g, '/')));
  const given = expected.map(e => relative(root, resolve(root, e)).replace(/\\/g, '/'));
  const extra = named.filter(n => !given.includes(n));
  const stale = given.filter(g => !named.includes(g));
  if (extra.length > 0 || stale.length > 0) {
    throw new RestoreError(
      `libman.json and the build's list of restored files disagree (missing from the build: ${extra.join(', ') || 'none'}; ` +
      `not in libman.json: ${stale.join(', ') || 'none'}); update the LibManFile items in Dashboard/Dashboard.csproj`);
  }
}

try {
  const options = parseArgs(process.argv.slice(2));
  const libraries = readManifest(options.manifest);
  if (options.expect) {
    checkExpected(libraries, options.expect, dirname(options.manifest));
  }
  const allTargets = new Set(libraries.flatMap(l => l.files.map(f => join(l.destination, ...f.split('/')))));
  for (const library of libraries) {
    restore(library, options.force, allTargets);
  }
} catch (e) {
  const message = e instanceof RestoreError ? e.message : (e?.stack ?? String(e));
  // "origin : error CODE : text" is the canonical format MSBuild turns into a build error.
  console.error(`libman.json : error LIBMAN001 : ${message.replace(/\.$/, '')}. The build restores client libraries from the npm registry with 'npm pack'; run 'node build/restore-libman.mjs --force' to retry.`);
  process.exit(1);
}
