/** Shapes shared by every layer. Bulk data is columnar: one typed array per column per chunk. */

/** Where an item sits. Numbers are what is stored (Uint8Array per chunk). */
export const Split = { train: 0, dev: 1, canary: 2 } as const;
export type SplitName = keyof typeof Split;
export type SplitCode = (typeof Split)[SplitName];
export const splitNames: SplitName[] = ['train', 'dev', 'canary'];

/** A class the user labels with: index in the dataset's class list is its code. */
export interface ClassDef {
  name: string;
  /** Keyboard key '1'..'9' or '0' (the tenth class); '' for none. */
  key: string;
  /** CSS colour. */
  color: string;
}

/** "No label" / "abstain" everywhere votes or labels are stored as integers. */
export const NO_LABEL = -1;

export type DatasetKind = 'text' | 'image' | 'table';
