import { snapshotBench } from '../lib/snapshot-bench';

/** The snapshot benchmark on the browser's own IndexedDB (the harness gives each page a fresh on-disk profile). */
async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const result = await snapshotBench(Number(query.get('n')), Number(query.get('m')), (line) => console.log(line));
  await window.benchDone({ ...result, userAgent: navigator.userAgent });
}

main().catch((error) => window.benchFail(String(error?.stack ?? error)));
