/**
 * Vite plugin: the built-in models (models/builtin) are served from the app's own origin at
 * /models/builtin/… — by the dev server straight from the folder, and in a build emitted into dist —
 * so they need no set-up and are not duplicated in git (no copy under public/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const folder = fileURLToPath(new URL('./builtin', import.meta.url));
const PREFIX = 'models/builtin/';
const TYPES: Record<string, string> = { json: 'application/json', onnx: 'application/octet-stream', bin: 'application/octet-stream' };

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

export function serveBuiltinModels(): Plugin {
  return {
    name: 'sift-builtin-models',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // `card.json?import` is source code importing a card: Vite's own module pipeline answers it.
        if (/[?&]import\b/.test(req.url ?? '')) return next();
        const url = req.url?.split('?')[0] ?? '';
        const at = url.indexOf(`/${PREFIX}`);
        if (at < 0) return next();
        const rel = decodeURIComponent(url.slice(at + PREFIX.length + 1));
        const path = join(folder, rel);
        if (rel.includes('..') || !listFiles(folder).includes(path)) return next();
        res.setHeader('Content-Type', TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream');
        res.end(readFileSync(path));
      });
    },
    generateBundle() {
      for (const path of listFiles(folder))
        this.emitFile({ type: 'asset', fileName: PREFIX + relative(folder, path).split(sep).join('/'), source: readFileSync(path) });
    },
  };
}
