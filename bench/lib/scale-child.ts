// One `sift run --engine duckdb` in a fresh process, so its peak memory (kernel VmHWM) is its own.
import { readFileSync } from 'node:fs';
import { runDuckdb } from '../../src/cli/sql/duckdb-run';
import { readSpecFile } from '../../src/cli/sql/spec-file';

const [specPath, input, out, threads, memoryLimit, keywordScan, scanThreads] = process.argv.slice(2);
const hwm = () => Number(readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/)![1]) * 1024;
const result = await runDuckdb({ spec: readSpecFile(specPath), input, out, idColumn: 'id', threads: Number(threads), memoryLimit: memoryLimit || undefined, keywordScan: keywordScan !== 'off', scanThreads: scanThreads === '2' ? 2 : scanThreads === '1' ? 1 : undefined });
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ...result, phaseCpuMs: result.cpuMs, peakBytes: hwm(), cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
