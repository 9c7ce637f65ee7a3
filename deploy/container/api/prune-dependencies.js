// Runs in the image build (deploy/container/Containerfile): keeps in node_modules only the
// packages the API bundle can load, and removes the rest. package.json's `dependencies` also hold
// the console's browser packages (Angular, Material, the Auth0 SPA SDK), which the API never loads.
//
//   node prune-dependencies.js <project dir> <bundle.js>...
//
// Kept: every package a bundle requires (webpack leaves node_modules external), and, recursively,
// each kept package's dependencies, optionalDependencies and peerDependencies that are installed,
// resolved the way Node resolves them (nearest node_modules first).
'use strict';
const { existsSync, readFileSync, readdirSync, rmSync, statSync } = require('node:fs');
const { isBuiltin } = require('node:module');
const path = require('node:path');

const [projectDir, ...bundles] = process.argv.slice(2);
if (!projectDir || bundles.length === 0) {
  console.error('usage: node prune-dependencies.js <project dir> <bundle.js>...');
  process.exit(2);
}
const root = path.resolve(projectDir);
const nodeModules = path.join(root, 'node_modules');

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The installed package directory Node would load `name` from, starting at `fromDir`. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

const required = new Set();
for (const bundle of bundles) {
  const source = readFileSync(path.resolve(root, bundle), 'utf8');
  for (const match of source.matchAll(/require\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
    if (!isBuiltin(match[1])) required.add(packageName(match[1]));
  }
}

const kept = new Set();
const queue = [];
for (const name of required) {
  const dir = resolvePackage(name, root);
  if (!dir) {
    console.error(`prune-dependencies: the bundle requires ${name}, which is not installed`);
    process.exit(1);
  }
  queue.push(dir);
}
while (queue.length > 0) {
  const dir = queue.pop();
  if (kept.has(dir)) continue;
  kept.add(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies });
  for (const name of names) {
    const found = resolvePackage(name, dir);
    // An optional or peer dependency that is not installed is not needed either.
    if (found) queue.push(found);
  }
}

/** Every installed package directory under a node_modules folder, nested ones included. */
function installedPackages(modulesDir) {
  if (!existsSync(modulesDir)) return [];
  const found = [];
  for (const entry of readdirSync(modulesDir)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(modulesDir, entry);
    if (!statSync(full).isDirectory()) continue;
    const dirs = entry.startsWith('@') ? readdirSync(full).map((child) => path.join(full, child)) : [full];
    for (const dir of dirs) {
      found.push(dir);
      found.push(...installedPackages(path.join(dir, 'node_modules')));
    }
  }
  return found;
}

let removed = 0;
for (const dir of installedPackages(nodeModules)) {
  if (kept.has(dir) || !existsSync(dir)) continue;
  rmSync(dir, { recursive: true, force: true });
  removed++;
}
// Command shims and npm's own bookkeeping are not needed at run time.
rmSync(path.join(nodeModules, '.bin'), { recursive: true, force: true });
rmSync(path.join(nodeModules, '.package-lock.json'), { force: true });
console.log(`prune-dependencies: ${required.size} packages required by the bundle, ${kept.size} kept with their dependencies, ${removed} removed`);
