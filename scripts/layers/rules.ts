/**
 * The house rules of imports (DESIGN.md), as data: which folder may import what. `npm test` checks
 * every source file against them (layers.test.ts); known violations are listed in `known.ts` and may
 * only shrink.
 */
export interface ImportEdge {
  /** Importing file, relative to the repo root. */
  from: string;
  /** The module specifier as written. */
  specifier: string;
  /** Resolved repo-relative path for relative specifiers, else the package name. */
  target: string;
  typeOnly: boolean;
}

export interface Rule {
  name: string;
  applies: (file: string) => boolean;
  forbids: (edge: ImportEdge) => boolean;
}

const under = (prefix: string) => (path: string) => path.startsWith(prefix);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const packageOf = (target: string) => (target.startsWith('@') ? target.split('/').slice(0, 2).join('/') : target.split('/')[0]);
const heavyRuntimes = ['onnxruntime-web', 'onnxruntime-node'];
const isTf = (target: string) => packageOf(target).startsWith('@tensorflow/');

export const rules: Rule[] = [
  {
    name: 'src/core is pure: it imports nothing from data, ui or workers, no Dexie, no Node modules, no ML runtimes',
    applies: (file) => under('src/core/')(file) && !isTest(file),
    forbids: (e) => ['src/data/', 'src/ui/', 'workers/', 'src/cli/'].some((p) => e.target.startsWith(p)) || e.target === 'dexie' || e.target.startsWith('node:') || heavyRuntimes.includes(packageOf(e.target)) || isTf(e.target),
  },
  {
    name: 'only src/data imports Dexie',
    applies: (file) => !under('src/data/')(file),
    forbids: (e) => packageOf(e.target) === 'dexie',
  },
  {
    name: 'workers, views and the CLI reach storage through src/data functions, never the database handle',
    applies: (file) => (under('workers/')(file) || under('src/ui/')(file) || under('src/cli/')(file)) && !isTest(file),
    forbids: (e) => e.target === 'src/data/db' && !e.typeOnly,
  },
  {
    name: 'views never touch storage themselves: they read and write through src/ui/state (and its live hooks), which call src/data',
    applies: (file) => under('src/ui/views/')(file) || under('src/ui/components/')(file),
    forbids: (e) => e.target.startsWith('src/data/') && !e.typeOnly,
  },
  {
    name: 'the CLI calls src/core and src/data (and src/ml), never workers/',
    applies: under('src/cli/'),
    forbids: (e) => e.target.startsWith('workers/'),
  },
  {
    // src/ml exists so that workers and the CLI can share it; reaching back up would undo that.
    name: 'src/ml is the library workers and the CLI share: it never imports workers/, src/ui or src/cli',
    applies: under('src/ml/'),
    forbids: (e) => ['workers/', 'src/ui/', 'src/cli/'].some((p) => e.target.startsWith(p)),
  },
  {
    name: 'only workers (and their libraries) import onnxruntime or TF.js',
    applies: (file) => under('src/')(file) && !under('src/ml/')(file),
    forbids: (e) => heavyRuntimes.includes(packageOf(e.target)) || isTf(e.target),
  },
];
