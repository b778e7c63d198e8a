import { signal } from '@preact/signals';

/** Columns of the image grid on screen (0: the list is shown): ↑/↓ move by a whole grid row. */
export const gridColumns = signal(0);
/** Thumbnail sizes, in CSS pixels, that + and − step through. */
export const ZOOM_STEPS = [56, 84, 112, 168, 224];
export const gridZoom = signal(1);
