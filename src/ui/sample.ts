import { unzipSync } from 'fflate';
import type { ImageMapping, ImportMapping } from '../data/db';
import type { ClassDef } from '../core/types';
import { defaultClasses } from './classes';

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

export const SAMPLE_CLASSES: ClassDef[] = defaultClasses(['ham', 'spam']);

export async function fetchSampleFiles(): Promise<File[]> {
  return Promise.all(
    SAMPLE_FILES.map(async (name) => {
      const response = await fetch(`${import.meta.env.BASE_URL}sample/youtube/${name}`);
      if (!response.ok) throw new Error(`The sample file ${name} could not be loaded (${response.status}).`);
      return new File([await response.blob()], name, { type: 'text/csv' });
    }),
  );
}

export const DIGITS_MAPPING: ImageMapping = { format: 'images', labelsFile: 'labels.csv', fileColumn: 'file', labelColumn: 'label', labelValues: Object.fromEntries(Array.from({ length: 10 }, (_, d) => [String(d), d])) };

/** Digit d is class d with key d (0 included). */
export const DIGITS_CLASSES: ClassDef[] = defaultClasses(Array.from({ length: 10 }, (_, d) => String(d)));

/**
 * The first 2,000 MNIST test digits as PNG files plus their labels CSV. They travel as one zip from this
 * app's origin (thousands of tiny requests are slow), and are unpacked into the same File objects a
 * user's folder pick would give.
 */
export async function fetchDigitsSample(): Promise<File[]> {
  const response = await fetch(`${import.meta.env.BASE_URL}sample/mnist/mnist-2000.zip`);
  if (!response.ok) throw new Error(`The digits sample could not be loaded (${response.status}).`);
  const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, bytes]) => new File([bytes as BlobPart], path.replace(/^.*\//, ''), { type: path.endsWith('.csv') ? 'text/csv' : 'image/png' }));
}

/** UCI Wine (CC BY 4.0; public/sample/tabular): 178 rows, 13 numeric measurements, 3 cultivars. */
export const WINE_COLUMNS = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280_od315', 'proline'];

export const WINE_MAPPING: ImportMapping = {
  format: 'csv',
  delimiter: ',',
  textColumn: null,
  columnTypes: Object.fromEntries(WINE_COLUMNS.map((c) => [c, 'numeric' as const])),
  idColumn: 'id',
  labelColumn: 'cultivar',
  labelValues: { cultivar_0: 0, cultivar_1: 1, cultivar_2: 2 },
  keepColumns: WINE_COLUMNS,
};

export const WINE_CLASSES: ClassDef[] = defaultClasses(['cultivar_0', 'cultivar_1', 'cultivar_2']);

export async function fetchWineSample(): Promise<File[]> {
  const response = await fetch(`${import.meta.env.BASE_URL}sample/tabular/wine.csv`);
  if (!response.ok) throw new Error(`The table sample wine.csv could not be loaded (${response.status}).`);
  return [new File([await response.blob()], 'wine.csv', { type: 'text/csv' })];
}
