/** The engine-neutral tokens `regex-parse.ts` reads a JavaScript regex into and `regex-emit.ts` writes. */

/** A set escape: `\d \w \D \W \s \S` (`\S` never inside a class). */
export type SetName = 'd' | 'w' | 'D' | 'W' | 's' | 'S';

export type GroupKind = 'capture' | 'non-capturing' | 'lookahead' | 'negative-lookahead' | 'lookbehind' | 'negative-lookbehind';

export type ClassItem =
  | { kind: 'char'; code: number }
  | { kind: 'set'; name: SetName }
  | { kind: 'property'; negated: boolean; category?: string; script?: string }
  | { kind: 'backreference'; group: number }
  /** The "-" of a range between the items either side. */
  | { kind: 'range' };

export type Token =
  | Exclude<ClassItem, { kind: 'range' }>
  | { kind: 'boundary'; negated: boolean }
  | { kind: 'dot' }
  | { kind: 'start' }
  | { kind: 'end' }
  /** `items` empty: `[]` (matches nothing) or `[^]` (matches anything). */
  | { kind: 'class'; negated: boolean; items: ClassItem[] }
  /** Named groups are plain capturing groups: names differ in what each engine allows, numbers do not. */
  | { kind: 'open'; group: GroupKind }
  | { kind: 'close' }
  | { kind: 'or' }
  /** `count` as written (`*`, `{2,5}`…), `max` the largest finite bound it names. */
  | Quantifier;

export interface Quantifier {
  kind: 'quantifier';
  count: string;
  lazy: boolean;
  max: number;
  unbounded: boolean;
  inLookbehind: boolean;
}

export interface ParsedRegex {
  unicode: boolean;
  dotAll: boolean;
  multiline: boolean;
  caseless: boolean;
  /** The tokens read before `refusal` (all of them when there is none). */
  tokens: Token[];
  /**
   * The first construct refused for every engine. The tokens before it are kept so that an engine can
   * name a problem of its own that comes earlier in the pattern: the first problem from the left is
   * the one reported. `quantifier` is the count refused for what it repeats (an engine's repetition
   * limit is named before that).
   */
  refusal?: { reason: string; quantifier?: Quantifier };
}
