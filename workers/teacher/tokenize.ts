/**
 * Hugging Face tokenizers (tokenizer.json, with tokenizer_config.json when present) for cards whose
 * preprocessing is `tokenizer`: a batch of texts → input_ids / attention_mask / token_type_ids feeds,
 * truncated to max_length (keeping the closing special token) and padded to the longest or max_length.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { SiftError } from '../../src/core/errors';
import type { ModelCard } from '../../src/core/models/card';
import type { Feed } from './runtime';

type TokenizerSpec = Extract<ModelCard['preprocessing'], { kind: 'tokenizer' }>;

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}

/** Parses tokenizer.json (and its config) or throws a SiftError saying where it is broken. */
export function loadTokenizer(jsonText: string, configText: string | null, fileName = 'tokenizer.json'): Tokenizer {
  const parse = (text: string, name: string): Record<string, unknown> => {
    try {
      const value = JSON.parse(text);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object');
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(message);
      throw new SiftError('bad-tokenizer', `${name} does not parse as JSON${at ? ` (${lineColumn(text, Number(at[1]))})` : ''}: ${message}`, { file: name });
    }
  };
  const json = parse(jsonText, fileName);
  const config = configText ? parse(configText, 'tokenizer_config.json') : {};
  if (!json.model || typeof json.model !== 'object')
    throw new SiftError('bad-tokenizer', `${fileName} has no "model" section, so it is not a Hugging Face tokenizer.json`, { file: fileName });
  try {
    const tokenizer = new Tokenizer(json, config);
    tokenizer.encode('Sift checks the tokenizer.');
    return tokenizer;
  } catch (error) {
    throw new SiftError('bad-tokenizer', `${fileName} could not be used as a tokenizer: ${error instanceof Error ? error.message : error}`, { file: fileName });
  }
}

export class BatchTokenizer {
  private readonly special: Set<number>;
  private readonly padId: number;

  constructor(private readonly tokenizer: Tokenizer, private readonly spec: TokenizerSpec, private readonly dtypes: Record<string, string>, padToken?: string) {
    this.special = new Set([...tokenizer.get_added_tokens_decoder().values()].filter((t) => t.special).map((t) => t.id));
    const candidates = [padToken, '[PAD]', '<pad>', '<|padding|>', '<|endoftext|>'].filter((t): t is string => !!t);
    this.padId = candidates.map((t) => tokenizer.token_to_id(t)).find((id): id is number => id !== undefined) ?? 0;
  }

  /** Feeds for `texts`, plus the attention mask as numbers (for mean pooling) and the sequence length. */
  encode(texts: readonly string[]): { feeds: Feed[]; mask: Uint8Array; sequence: number } {
    const { spec } = this;
    const max = spec.max_length;
    const wantTypes = !!spec.inputs.token_type_ids;
    const encoded = texts.map((text) => {
      // Tokenizing a long text only to cut it off wastes time: ~8 characters per token is generous.
      const e = this.tokenizer.encode(text.length > max * 16 ? text.slice(0, max * 16) : text, wantTypes ? { return_token_type_ids: true } : {});
      let ids = e.ids;
      let types = e.token_type_ids ?? [];
      if (spec.truncation && ids.length > max) {
        const last = ids[ids.length - 1];
        const keepLast = this.special.has(last);
        ids = keepLast ? [...ids.slice(0, max - 1), last] : ids.slice(0, max);
        types = keepLast ? [...types.slice(0, max - 1), types[types.length - 1]] : types.slice(0, max);
      }
      return { ids, types };
    });
    const sequence = spec.padding === 'max_length' ? max : Math.max(1, ...encoded.map((e) => e.ids.length));
    const n = texts.length;
    const make = (name: string) => {
      const dtype = this.dtypes[name] === 'int32' ? 'int32' : 'int64';
      return { name, type: dtype, data: dtype === 'int32' ? new Int32Array(n * sequence) : new BigInt64Array(n * sequence), dims: [n, sequence] } as Feed;
    };
    const ids = make(spec.inputs.input_ids);
    const mask = new Uint8Array(n * sequence);
    const types = wantTypes ? make(spec.inputs.token_type_ids!) : null;
    const set = (feed: Feed, at: number, value: number) => {
      if (feed.data instanceof BigInt64Array) feed.data[at] = BigInt(value);
      else feed.data[at] = value;
    };
    encoded.forEach((e, i) => {
      for (let t = 0; t < sequence; t++) {
        const at = i * sequence + t;
        const real = t < e.ids.length;
        set(ids, at, real ? e.ids[t] : this.padId);
        mask[at] = real ? 1 : 0;
        if (types) set(types, at, real ? (e.types[t] ?? 0) : 0);
      }
    });
    const feeds = [ids];
    if (spec.inputs.attention_mask) {
      const attention = make(spec.inputs.attention_mask);
      for (let at = 0; at < mask.length; at++) set(attention, at, mask[at]);
      feeds.push(attention);
    }
    if (types) feeds.push(types);
    return { feeds, mask, sequence };
  }
}
