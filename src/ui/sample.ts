import type { ImportMapping } from '../data/db';
import type { ClassDef } from '../core/types';

/** The UCI YouTube spam comments, served from this app's own origin (public/sample/youtube). */
export const SAMPLE_FILES = ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv', 'Youtube04-Eminem.csv', 'Youtube05-Shakira.csv'];

export const SAMPLE_MAPPING: ImportMapping = {
  format: 'csv',
  delimiter: ',',
  textColumn: 'CONTENT',
  idColumn: 'COMMENT_ID',
  labelColumn: 'CLASS',
  labelValues: { '0': 0, '1': 1 },
  keepColumns: ['AUTHOR', 'DATE'],
};

export const SAMPLE_CLASSES: ClassDef[] = [
  { name: 'ham', key: '1', color: '#2e7d32' },
  { name: 'spam', key: '2', color: '#c62828' },
];

export async function fetchSampleFiles(): Promise<File[]> {
  return Promise.all(
    SAMPLE_FILES.map(async (name) => {
      const response = await fetch(`${import.meta.env.BASE_URL}sample/youtube/${name}`);
      if (!response.ok) throw new Error(`The sample file ${name} could not be loaded (${response.status}).`);
      return new File([await response.blob()], name, { type: 'text/csv' });
    }),
  );
}
