// `npm run sift -- <command> [options]`: headless entry to the same core the app runs.
import { SiftError } from '../core/errors';

type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<void> }> };

const commands: Record<string, Command> = {
  'label-model': {
    summary: 'label-model --wrench DIR [--method mv|wmv|ds|snorkel|fs|auto] [--seed N] [--out FILE] [--ties random|abstain] [--prior dev|model] [--metric macro_f1|accuracy|f1 [--positive CLASS]] [--decision dev|argmax]',
    load: () => import('./label-model'),
  },
  drift: {
    summary: 'drift --reference A.csv --current B.csv',
    load: () => import('./drift'),
  },
  fidelity: {
    summary: 'fidelity --real A.csv --synthetic B.csv (JSON; over 100,000 column pairs "pairs_sampled": {sampled, total, defined, seed, standard_error, ci95: [lo, hi]} says column_pair_trends is estimated from the pairs listed; detection.hashed_from when over 1,024 features were hashed)',
    load: () => import('./fidelity'),
  },
  profile: {
    summary: 'profile --table A.csv [--type name=numeric|categorical|boolean|datetime|text,…]',
    load: () => import('./profile'),
  },
  smote: {
    summary: 'smote --table A.csv --label COLUMN (--per-class N | --balance) [--k 5] [--seed 1] [--out B.csv]',
    load: () => import('./smote'),
  },
  dedupe: {
    summary: 'dedupe --csv F.csv --threshold J [--text-column text] [--id-column id]',
    load: () => import('./dedupe'),
  },
  'label-issues': {
    summary: 'label-issues --probs P.csv (id, one probability column per class) --labels L.csv (id,label)',
    load: () => import('./label-issues'),
  },
  'simulate-review': {
    summary: 'simulate-review --wrench DIR [--metric accuracy|macro_f1|f1] [--budget N] [--step K] [--strategy default|random|uncertainty|margin|entropy|disagreement|margin-mix|balanced-margin|balanced-margin-mix|random-then-uncertainty|stratified-mix|iw-uncertainty|kcenter-features|badge|typiclust|cluster-margin (default: entropy; --student none, default = margin over voted-on items: default|random|uncertainty|margin|entropy|disagreement)] [--seed S] [--method wmv|mv|ds|snorkel|fs] [--student linear|mlp|none] [--student-balance off|on|dev (default dev: plain and class-weighted loss, the better on dev kept)]',
    load: () => import('./simulate-review'),
  },
  pipeline: {
    summary: 'pipeline --wrench DIR [--method mv|wmv|ds|snorkel|fs|auto] [--student linear|mlp] [--seed N] [--out FILE] [--metric macro_f1|accuracy|f1 [--positive CLASS]] [--search N]',
    load: () => import('./pipeline'),
  },
  run: {
    summary: "run --spec P.json --input 'data/*.parquet' [--engine duckdb|spark-sql] --out labels.parquet [--emit-sql DIR] [--id-column C] [--text-column C] [--params refit|spec] [--method M] [--threads N] [--memory-limit 256MB] [--keyword-scan on|off] [--scan-threads 1|2]",
    load: () => import('./run'),
  },
  'fit-counts': {
    summary: 'fit-counts --spec P.json --counts DIR|FILE.csv --out patterns.csv [--params refit|spec] [--method M]',
    load: () => import('./fit-counts'),
  },
  'spec-check': {
    summary: 'spec-check P.json',
    load: () => import('./spec-check'),
  },
};

function usage(): string {
  return ['usage: npm run sift -- <command> [options]', ...Object.values(commands).map((c) => `  ${c.summary}`)].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(name ? `Unknown command "${name}".\n${usage()}` : usage());
  process.exit(2);
}
try {
  await (await command.load()).run(args);
} catch (error) {
  if (error instanceof SiftError) {
    console.error(`error (${error.code}): ${error.message}`);
    process.exit(error.code.startsWith('usage') ? 2 : 1);
  }
  throw error;
}
