/**
 * `npm run models:build [-- --only spam|digits|embedders] [--out models/builtin]`: rebuilds the built-in
 * models from the data in public/sample (model.onnx, tfjs/, card.json per model, index.json) and prints
 * the test metrics as JSON.
 */
import { buildAll } from './all';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const only = arg('only', 'all');
if (!['all', 'spam', 'digits', 'embedders'].includes(only)) {
  console.error(`--only must be spam, digits or embedders, got ${only}`);
  process.exit(2);
}
const started = Date.now();
const summary = await buildAll(arg('out', 'models/builtin'), only as 'all');
console.log(JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 }, null, 1));
