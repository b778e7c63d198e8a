import { IMAGE_AUGMENT_DEFAULTS, type ImageAugmentOptions } from '../../../core/synthetic/augment-image';

/**
 * Flips start off: a mirrored digit or letter is often another symbol (or none), so they are for classes
 * that stay what they are in a mirror (most photos of objects). The other limits are the core defaults.
 */
export const IMAGE_TRANSFORMS_START: ImageAugmentOptions = { ...IMAGE_AUGMENT_DEFAULTS, flipChance: 0 };

/** The transforms an image batch is drawn with: each one can be switched off (0) or made milder. */
export function ImageTransforms({ value, onChange }: { value: ImageAugmentOptions; onChange: (next: ImageAugmentOptions) => void }) {
  const set = (key: keyof ImageAugmentOptions) => (e: Event) => onChange({ ...value, [key]: Number((e.currentTarget as HTMLInputElement).value) });
  return (
    <fieldset class="actions left" data-testid="image-transforms">
      <legend>Transforms</legend>
      <label>
        <input type="checkbox" checked={value.flipChance > 0} onChange={(e) => onChange({ ...value, flipChance: e.currentTarget.checked ? 0.5 : 0 })} data-testid="transform-flip" /> Mirror half of
        them (off for digits and letters: a mirrored one is another symbol)
      </label>
      <label>Largest shift (% of the size) <input type="number" min={0} max={50} value={Math.round(value.maxShift * 100)} onInput={(e) => onChange({ ...value, maxShift: Number(e.currentTarget.value) / 100 })} data-testid="transform-shift" style={{ width: '4em' }} /></label>
      <label>Largest rotation (degrees) <input type="number" min={0} max={45} value={value.maxDegrees} onInput={set('maxDegrees')} data-testid="transform-rotation" style={{ width: '4em' }} /></label>
      <label>Noise (grey levels, 0–64) <input type="number" min={0} max={64} value={value.noise} onInput={set('noise')} data-testid="transform-noise" style={{ width: '4em' }} /></label>
    </fieldset>
  );
}

/** The transforms a batch was drawn with, in a line. */
export function describeTransforms(t: ImageAugmentOptions): string {
  return [t.flipChance > 0 ? `mirrored with chance ${t.flipChance}` : 'no mirroring', `shift ≤ ${Math.round(t.maxShift * 100)}%`, `rotation ≤ ${t.maxDegrees}°`, t.noise > 0 ? `noise σ = ${t.noise} grey levels` : 'no noise'].join(', ');
}
