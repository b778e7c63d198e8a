import type { ClassDef } from '../../core/types';
import { CLASS_KEYS as KEYS, PALETTE } from '../classes';

/** Names, keyboard keys and colours of a dataset's classes. */
export function ClassEditor(props: { classes: ClassDef[]; onChange: (classes: ClassDef[], removed?: number) => void }) {
  const { classes, onChange } = props;
  const update = (k: number, change: Partial<ClassDef>) => onChange(classes.map((c, i) => (i === k ? { ...c, ...change } : c)));
  return (
    <div class="class-editor">
      {classes.map((c, k) => (
        <div class="class-row" key={k}>
          <input aria-label={`Class ${k + 1} name`} value={c.name} onInput={(e) => update(k, { name: e.currentTarget.value })} data-testid={`class-name-${k}`} />
          <select aria-label={`Class ${k + 1} key`} value={c.key} onChange={(e) => update(k, { key: e.currentTarget.value })}>
            <option value="">no key</option>
            {KEYS.map((key) => <option key={key} value={key}>key {key}</option>)}
          </select>
          <input type="color" aria-label={`Class ${k + 1} colour`} value={c.color} onInput={(e) => update(k, { color: e.currentTarget.value })} />
          <button type="button" class="link" disabled={classes.length <= 2} onClick={() => onChange(classes.filter((_, i) => i !== k), k)}>
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={classes.length >= 20}
        onClick={() => onChange([...classes, { name: `class ${classes.length + 1}`, key: KEYS.find((key) => !classes.some((c) => c.key === key)) ?? '', color: PALETTE[classes.length % PALETTE.length] }])}
      >
        Add class
      </button>
    </div>
  );
}
