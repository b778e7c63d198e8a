import type { ClassDef } from './types';

/**
 * Class colours, most distinct first: Okabe-Ito's eight (designed to stay apart for red-green colour
 * blindness), then Paul Tol's muted and light schemes, up to 20 classes. palette.test.ts checks that
 * every pair stays apart in normal vision and in simulated protanopia and deuteranopia.
 */
export const PALETTE = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000',
  '#332288', '#117733', '#663333', '#DDCC77', '#CC6677', '#AA4499', '#882255', '#44AA99',
  '#999933', '#EE8866', '#BBCC33', '#FFAABB',
];

/** Keys for the first ten classes: 1–9, then 0. Classes past the tenth are picked by name (key l). */
export const CLASS_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export function defaultClasses(names: string[]): ClassDef[] {
  // Classes named by distinct digits (MNIST's 0–9) get their own digit as key, not an offset one.
  const digits = names.length <= 10 && names.every((n) => /^\d$/.test(n.trim())) && new Set(names.map((n) => n.trim())).size === names.length;
  return names.map((name, i) => ({ name, key: digits ? name.trim() : (CLASS_KEYS[i] ?? ''), color: PALETTE[i % PALETTE.length] }));
}
