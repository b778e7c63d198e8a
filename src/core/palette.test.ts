import { describe, expect, it } from 'vitest';
import { defaultClasses, PALETTE } from './palette';

const linear = (hex: string) => [1, 3, 5].map((o) => {
  const v = parseInt(hex.slice(o, o + 2), 16) / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});

// Viénot, Brettel & Mollon (1999) dichromat simulation in linear RGB.
const PROTAN = [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]];
const DEUTAN = [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]];
const apply = (m: number[][], c: number[]) => m.map((row) => Math.max(0, Math.min(1, row[0] * c[0] + row[1] * c[1] + row[2] * c[2])));

function lab([r, g, b]: number[]): number[] {
  const xyz = [0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const [fx, fy, fz] = [xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883].map(f);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function closestPair(vision: (c: number[]) => number[]): number {
  const points = PALETTE.map((c) => lab(vision(linear(c))));
  let min = Infinity;
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) min = Math.min(min, distance(points[i], points[j]));
  return min;
}

describe('class palette', () => {
  it('has 20 distinct colours', () => {
    expect(new Set(PALETTE.map((c) => c.toLowerCase())).size).toBe(20);
  });

  it('keeps every pair apart in normal vision and for protanopes and deuteranopes (CIELAB ΔE)', () => {
    expect(closestPair((c) => c)).toBeGreaterThan(15);
    expect(closestPair((c) => apply(PROTAN, c))).toBeGreaterThan(4);
    expect(closestPair((c) => apply(DEUTAN, c))).toBeGreaterThan(4);
  });
});

describe('defaultClasses', () => {
  it('gives keys 1–9 then 0 to the tenth class, none after', () => {
    const classes = defaultClasses(Array.from({ length: 12 }, (_, i) => `c${i}`));
    expect(classes.map((c) => c.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '', '']);
    expect(new Set(classes.map((c) => c.color)).size).toBe(12);
  });

  it('keys classes named by digits with their own digit', () => {
    expect(defaultClasses(['0', '1', '2']).map((c) => c.key)).toEqual(['0', '1', '2']);
    expect(defaultClasses(['1', '1x']).map((c) => c.key)).toEqual(['1', '2']);
  });
});
