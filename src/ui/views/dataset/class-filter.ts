import type { ClassDef } from '../../../core/types';

/**
 * Class indices whose name matches what was typed, best first: names that start with it, then names
 * with a word that starts with it, then names that contain it (case-insensitive; ties keep class order).
 */
export function filterClasses(classes: ClassDef[], typed: string): number[] {
  const q = typed.trim().toLowerCase();
  const ranked: { index: number; rank: number }[] = [];
  classes.forEach((c, index) => {
    const name = c.name.toLowerCase();
    const rank = q === '' ? 0 : name.startsWith(q) ? 0 : name.split(/[\s_\-/.]+/).some((w) => w.startsWith(q)) ? 1 : name.includes(q) ? 2 : -1;
    if (rank >= 0) ranked.push({ index, rank });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.index);
}
