import type { ClassDef } from '../core/types';

export const PALETTE = ['#2e7d32', '#c62828', '#1565c0', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#4e342e', '#37474f'];

export function defaultClasses(names: string[]): ClassDef[] {
  return names.map((name, i) => ({ name, key: i < 9 ? String(i + 1) : '', color: PALETTE[i % PALETTE.length] }));
}
