// Proves the backend's layering (docs/architecture.md): no import cycle between files, and none
// between the top-level folders of backend/src (a feature folder, the Twilio adapter, the settings
// store…). madge builds the file graph; folders are then compared by the files they import.
import madge from 'madge';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const backendRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoot = path.join(backendRoot, 'src');

const graph = await madge(sourceRoot, {
  fileExtensions: ['ts'],
  tsConfig: path.join(backendRoot, 'tsconfig.app.json'),
  excludeRegExp: [/\.spec\.ts$/],
});

const fileCycles = graph.circular();

/** `twilio/twilio.module.ts` → `twilio`; a file at the root of src is its own room. */
const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);
const folderEdges = new Map();
for (const [file, imports] of Object.entries(graph.obj())) {
  const from = folderOf(file);
  for (const imported of imports) {
    if (imported.startsWith('..')) continue; // outside backend/src (libs/*)
    const to = folderOf(imported);
    if (to === from) continue;
    if (!folderEdges.has(from)) folderEdges.set(from, new Map());
    if (!folderEdges.get(from).has(to)) folderEdges.get(from).set(to, `${file} → ${imported}`);
  }
}

/** Every folder cycle, found by a depth-first search that reports each back edge's loop once. */
function folderCycles() {
  const cycles = [];
  const seen = new Set();
  const state = new Map();
  const stack = [];
  const visit = (folder) => {
    state.set(folder, 'open');
    stack.push(folder);
    for (const next of folderEdges.get(folder)?.keys() ?? []) {
      if (state.get(next) === 'open') {
        const loop = [...stack.slice(stack.indexOf(next)), next];
        const key = [...loop.slice(0, -1)].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(loop);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(folder, 'done');
  };
  for (const folder of folderEdges.keys()) if (!state.has(folder)) visit(folder);
  return cycles;
}

const cycles = folderCycles();
for (const cycle of fileCycles) console.error(`file cycle: ${cycle.join(' → ')}`);
for (const cycle of cycles) {
  console.error(`folder cycle: ${cycle.join(' → ')}`);
  for (let i = 0; i < cycle.length - 1; i += 1) console.error(`  e.g. ${folderEdges.get(cycle[i]).get(cycle[i + 1])}`);
}
const files = Object.keys(graph.obj()).length;
if (fileCycles.length > 0 || cycles.length > 0) {
  console.error(`${fileCycles.length} file cycle(s), ${cycles.length} folder cycle(s) in backend/src (${files} files)`);
  process.exit(1);
}
console.log(`No import cycle in backend/src: ${files} files, ${folderEdges.size} folders with outgoing imports`);
