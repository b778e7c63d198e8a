/** Stored sources and runs: discriminated unions by `kind`, and their checks at the storage boundary. */
export * from './source';
export * from './run';
export { parseRun, parseSource } from './parse';
