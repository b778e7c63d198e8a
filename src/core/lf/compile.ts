import { SiftError } from '../errors';
import { ChunkView } from './chunk-view';
import { bindCondition, type RowTest } from './conditions';
import type { LfChunk, LfContext, LfDef } from './types';
import { validateLf } from './validate';
import { lfVersion } from './version';

export const ABSTAIN = -1;

export interface CompiledLf {
  id: string;
  name: string;
  /** lfVersion(def): stored with the votes this LF makes. */
  version: string;
  vote: number;
  /**
   * Writes this LF's vote (its class or -1) for every item of the chunk into `out[offset + i * stride]`:
   * stride 1 fills a column of its own, stride m fills column `offset` of a row-major n×m matrix.
   */
  apply(chunk: LfChunk | ChunkView, out: Int8Array, offset?: number, stride?: number): void;
  /** Whether the condition holds, row by row, for rows of one chunk (the live preview tests a sample). */
  bind(view: ChunkView): RowTest;
}

/**
 * Validates a rule LF (untrusted JSON) and compiles it into a vote function. Throws SiftError naming the
 * LF and the part at fault: a regex that does not compile, an unknown field, a class out of range…
 */
export function compileLf(def: unknown, context: LfContext): CompiledLf {
  validateLf(def, context);
  const label = { lfId: def.id, lfName: def.name || def.id };
  const bound = bindCondition(def.condition, context, label);
  const vote = def.vote;
  const bind = (view: ChunkView): RowTest => {
    try {
      return bound(view);
    } catch (error) {
      // Chunk-level problems (a field missing from this chunk) are reported with the LF that hit them.
      if (error instanceof SiftError && !error.message.startsWith('LF "')) {
        throw new SiftError(error.code, `LF "${label.lfName}": ${error.message}`, { ...error.details, ...label });
      }
      throw error;
    }
  };
  return {
    id: def.id,
    name: def.name,
    version: lfVersion(def),
    vote,
    bind,
    apply(chunk, out, offset = 0, stride = 1) {
      const view = chunk instanceof ChunkView ? chunk : new ChunkView(chunk, context.embed);
      if (out.length < offset + (view.size - 1) * stride + 1 && view.size > 0) {
        throw new RangeError(`Vote buffer of ${out.length} is too small for ${view.size} items at stride ${stride}`);
      }
      const test = bind(view);
      for (let row = 0, at = offset; row < view.size; row++, at += stride) out[at] = test(row) ? vote : ABSTAIN;
    },
  };
}

/** Compiles every LF first (so a bad one fails before any work), then fills a row-major n×m vote matrix. */
export function applyLfs(defs: readonly unknown[], chunk: LfChunk, context: LfContext): Int8Array {
  const compiled = defs.map((def) => compileLf(def, context));
  const seen = new Set<string>();
  for (const lf of compiled) {
    if (seen.has(lf.id)) throw new SiftError('lf-duplicate-id', `Two labeling functions share the id "${lf.id}"`, { lfId: lf.id });
    seen.add(lf.id);
  }
  return applyCompiledLfs(compiled, chunk, context);
}

export function applyCompiledLfs(compiled: readonly CompiledLf[], chunk: LfChunk, context: Pick<LfContext, 'embed'>): Int8Array {
  const view = new ChunkView(chunk, context.embed);
  const votes = new Int8Array(view.size * compiled.length);
  compiled.forEach((lf, column) => lf.apply(view, votes, column, compiled.length));
  return votes;
}
