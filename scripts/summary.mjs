// Sums vitest's and Playwright's JSON reports into the one line CI reads: "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';

const [unitPath, e2ePath] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const missing = [];
const flaky = [];

if (existsSync(unitPath)) {
  const unit = JSON.parse(readFileSync(unitPath, 'utf8'));
  passed += unit.numPassedTests ?? 0;
  failed += (unit.numFailedTests ?? 0) + (unit.numRuntimeErrorTestSuites ?? 0);
} else missing.push('unit');

if (existsSync(e2ePath)) {
  const e2e = JSON.parse(readFileSync(e2ePath, 'utf8'));
  passed += e2e.stats?.expected ?? 0;
  // A test that failed and then passed on its retry counts as passed, but is named below.
  passed += e2e.stats?.flaky ?? 0;
  failed += e2e.stats?.unexpected ?? 0;
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'flaky') flaky.push(`${spec.file}:${spec.line} ${spec.title}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of e2e.suites ?? []) walk(suite);
  if (e2e.errors?.length) failed += e2e.errors.length;
} else missing.push('e2e');

// A suite that produced no report did not run: count it as a failure, never as silence.
failed += missing.length;
if (missing.length) console.error(`no report from: ${missing.join(', ')}`);
if (flaky.length) console.error(`flaky (failed, then passed on retry):\n  ${flaky.join('\n  ')}`);
console.log(`${passed} passed, ${failed} failed${flaky.length ? ` (${flaky.length} flaky)` : ''}`);
process.exit(failed > 0 ? 1 : 0);
