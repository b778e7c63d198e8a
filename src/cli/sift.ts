// `npm run sift -- <command> [options]`: headless entry to the same core the app runs.
import { SiftError } from '../core/errors';

type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<void> }> };

const commands: Record<string, Command> = {
  'label-model': {
    summary: 'label-model --wrench DIR [--method mv|wmv|ds|snorkel|fs|auto] [--seed N] [--out FILE] [--ties random|abstain] [--prior model|dev]',
    load: () => import('./label-model'),
  },
  pipeline: {
    summary: 'pipeline --wrench DIR [--method mv|wmv|ds|snorkel|fs|auto] [--student linear|mlp] [--seed N] [--out FILE]',
    load: () => import('./pipeline'),
  },
  run: {
    summary: "run --spec P.json --input 'data/*.parquet' [--engine duckdb|spark-sql] --out labels.parquet [--emit-sql DIR] [--id-column C] [--text-column C] [--params refit|spec] [--method M] [--threads N] [--memory-limit 256MB]",
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
