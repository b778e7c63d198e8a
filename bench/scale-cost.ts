// npm run bench -- scale-cost [--rows N] [--rounds R]
// Where the CPU of `sift run --engine duckdb`'s vote query goes, per row, on the scale bench's
// tickets and 20 LFs: each kind of work the compiled SQL does, timed alone, and the whole query with
// one kind taken out, plus alternatives tried for the keyword tests. Variants run interleaved (round
// robin, R rounds) over one in-memory table, so a change in the shared machine's load hits all alike;
// each figure is the median of the process's CPU time per row. Writes bench/results/scale-cost.json.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileVotes } from '../src/core/sql/compile';
import { duckdb } from '../src/core/sql/dialect';
import { keyedVotesQuery } from '../src/core/sql/queries';
import { registerScanFunctions } from '../src/cli/sql/scan-udf';
import { argValue } from './lib/app';
import { ticketLfs, writeTickets } from './lib/scale-data';

const here = dirname(fileURLToPath(import.meta.url));
const WORD = '\\p{L}\\p{N}\\p{M}_';
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The compiled query's pieces, found in its text (so they follow the compiler). */
function pieces(votes: string) {
  const contains = [...votes.matchAll(/contains\("__d[12]", '[^']*'\)/g)].map((m) => m[0]);
  const wholeWordRegexes = [...votes.matchAll(/regexp_matches\("__d1", '[^']*'\)/g)].map((m) => m[0]);
  const caseInsensitiveRegexes = [...votes.matchAll(/regexp_matches\("__d0", '\(\?i\)[^']*'\)/g)].map((m) => m[0]);
  const fold = votes.match(/(CASE WHEN strlen\("__d0"\).*?) AS "__d1"/)![1];
  return { contains, wholeWordRegexes, caseInsensitiveRegexes, fold };
}

export async function run(args: string[]): Promise<void> {
  const rows = argValue(args, '--rows', 250_000);
  const rounds = argValue(args, '--rounds', 5);
  const work = mkdtempSync(join(tmpdir(), 'sift-scale-cost-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', preserve_insertion_order: 'false' });
  const connection = await instance.connect();
  try {
    const [file] = await writeTickets(work, rows, 1);
    await connection.run(`CREATE TABLE tickets AS SELECT id, text FROM read_parquet('${file}')`);
    const compiled = compileVotes(ticketLfs(), { dialect: duckdb });
    const votes = keyedVotesQuery(compiled, duckdb, 'tickets', ['id'], 4);
    // The same LFs with the keyword tests answered by one scan per row in Node (what `sift run` does now).
    const scanned = compileVotes(ticketLfs(), { dialect: duckdb, keywordScan: true });
    registerScanFunctions(connection, scanned);
    const votesScan = keyedVotesQuery(scanned, duckdb, 'tickets', ['id'], 4);
    const scanOnly = scanned.scans.map((f) => `${f.name}(text)`).join(' + ');
    const { contains, wholeWordRegexes, caseInsensitiveRegexes, fold } = pieces(votes);
    const over = (sql: string) => `SELECT sum(${sql}) FROM (SELECT *, text AS "__d0", text AS "__d2", lower(text) AS "__d1" FROM tickets)`;
    const sumKey = (sql: string) => `SELECT sum("__sift_key") FROM (${sql})`;
    // The two forms the keyword tests had before (AND of substring test and regex) and without CASE
    // (the same tests joined by AND/OR), rebuilt from the compiled text: same votes, other evaluation.
    const guard = /\(CASE WHEN NOT (contains\([^()]*\)|\((?:contains\([^()]*\)(?: OR )?)+\)) THEN FALSE WHEN (contains\([^()]*\)|\((?:contains\([^()]*\)(?: OR )?)+\)) THEN TRUE ELSE (regexp_matches\("__d1", '[^']*'\)) END\)/g;
    const prefilter = /\(CASE WHEN strlen\("__d0"\) = length\("__d0"\) AND NOT \((?:contains\([^()]*\)(?: OR )?)+\) THEN FALSE ELSE (regexp_matches\("__d0", '[^']*'\)) END\)/g;
    const noPrefilter = votes.replace(prefilter, (_all, regex: string) => regex);
    const before = noPrefilter.replace(guard, (_all, present: string, _spaced: string, regex: string) => `(${present} AND ${regex})`);
    const andOr = votes.replace(guard, (_all, present: string, spaced: string, regex: string) => `(${present} AND (${spaced} OR ${regex}))`);
    if (noPrefilter === votes || before === noPrefilter || andOr === votes) throw new Error('the keyword tests are no longer compiled as this bench expects');
    const variants: Record<string, { sql: string; what: string }> = {
      scan: { sql: `SELECT sum(strlen(text)) FROM tickets`, what: 'reading the text column (in memory)' },
      fold: { sql: `SELECT sum(strlen(${fold.replaceAll('"__d0"', 'text')})) FROM tickets`, what: 'the folded (lower-cased) text, as the query derives it' },
      substring_tests: { sql: over(contains.map((c) => `${c}::INT`).join(' + ')), what: `the query's ${contains.length} substring tests (the keywords, and the keywords between spaces), on every row` },
      whole_word_regexes: { sql: over(wholeWordRegexes.map((c) => `${c}::INT`).join(' + ')), what: `its ${wholeWordRegexes.length} whole-word regexes, on every row (the query runs them only where a keyword is present but not between spaces)` },
      case_insensitive_regexes: { sql: over(caseInsensitiveRegexes.map((c) => `${c}::INT`).join(' + ')), what: `its ${caseInsensitiveRegexes.length} case-insensitive regex LFs` },
      tokenize: { sql: over(`len(regexp_extract_all("__d1", '[${WORD}]+'))`), what: 'alternative not taken: the words of each row as a list (one regex pass), for list_contains per keyword' },
      votes: { sql: sumKey(votes), what: 'the whole vote query as compiled in SQL alone (folds, 20 votes, pattern key)' },
      votes_scan: { sql: sumKey(votesScan), what: 'the whole vote query with the keyword tests (and the regex LFs\' word pre-tests) answered by the keyword-scan function in Node, as `sift run` runs it' },
      scan_only: { sql: `SELECT sum(${scanOnly}) FROM tickets`, what: 'the keyword-scan function alone on every row (its bytes handed to Node, one automaton pass per case mode)' },
      votes_before: { sql: sumKey(before), what: 'the vote query as compiled before: whole-word tests as (substring test AND regex), regex LFs without a substring test in front' },
      votes_no_regex_prefilter: { sql: sumKey(noPrefilter), what: 'the query without the substring test in front of the regex LFs' },
      votes_and_or: { sql: sumKey(andOr), what: 'the same tests as now, joined by AND/OR instead of CASE' },
      votes_no_whole_word_regex: { sql: sumKey(votes.replace(/regexp_matches\("__d1", '[^']*'\)/g, 'TRUE')), what: 'the query with every whole-word regex replaced by TRUE (their remaining cost, by difference)' },
      votes_no_case_insensitive_regex: { sql: sumKey(votes.replace(/regexp_matches\("__d0", '\(\?i\)[^']*'\)/g, 'FALSE')), what: 'the query with the regex LFs replaced by FALSE (their cost, by difference)' },
    };
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    const answers: Record<string, string> = {};
    const loadBefore = loadavg();
    for (let round = 0; round < rounds + 1; round++) {
      for (const [name, { sql }] of Object.entries(variants)) {
        const c0 = cpuMs();
        const answer = String((await connection.runAndReadAll(sql)).getRows()[0][0]);
        if (round > 0) cpu[name].push(cpuMs() - c0); // round 0 warms up
        answers[name] = answer;
      }
    }
    if (answers.votes_before !== answers.votes || answers.votes_and_or !== answers.votes || answers.votes_no_regex_prefilter !== answers.votes || answers.votes_scan !== answers.votes) throw new Error('the rewritten vote queries disagree');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const result = {
      rows,
      rounds,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, duckdb_threads: 2, note: 'shared 2-core machine: other work ran at the same time' },
      load_average: { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: loadavg().map((x) => Math.round(x * 100) / 100) },
      cpu_us_per_row: Object.fromEntries(Object.entries(cpu).map(([k, xs]) => [k, { median: Math.round((median(xs) * 1000 / rows) * 100) / 100, all: xs.map((x) => Math.round((x * 1000 / rows) * 100) / 100), what: variants[k].what }])),
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/scale-cost.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
}
