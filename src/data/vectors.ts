/**
 * Item vectors made by an embedder (`vec:<embedderId>` columns, Float32Array n×dim per chunk), for the
 * features that compare items: similarity LFs, dedupe, diversity sampling.
 */
import { db, type Dataset } from './db';
import { vectorsColumn } from './model-runs';

export interface DatasetVectors {
  embedderId: string;
  dim: number;
  /** Row-major itemCount × dim; rows of chunks never embedded are all zero. */
  data: Float32Array;
  /** Chunks that have vectors; equals dataset.chunkCount when every item has one. */
  chunksPresent: number;
  complete: boolean;
}

const itemsInChunk = (dataset: Dataset, chunk: number) => Math.min(dataset.chunkSize, dataset.itemCount - chunk * dataset.chunkSize);

/**
 * Every vector an embedder stored for a dataset, or null when it has none. Vectors of the built-in
 * embedders are L2-normalised, so a dot product is the cosine similarity.
 */
export async function readVectors(dataset: Dataset, embedderId: string): Promise<DatasetVectors | null> {
  const chunks = await db().columns.where('[datasetId+name]').equals([dataset.id, vectorsColumn(embedderId)]).toArray();
  if (chunks.length === 0) return null;
  const first = chunks[0];
  const dim = first.data.length / itemsInChunk(dataset, first.chunk);
  const data = new Float32Array(dataset.itemCount * dim);
  for (const chunk of chunks) data.set(chunk.data as Float32Array, chunk.chunk * dataset.chunkSize * dim);
  return { embedderId, dim, data, chunksPresent: chunks.length, complete: chunks.length === dataset.chunkCount };
}

/** Embedders with stored vectors for a dataset (from the column names). */
export async function listEmbeddings(datasetId: string): Promise<string[]> {
  // Index keys only: reading the records would load every vector.
  const keys = await db().columns.where('[datasetId+name]').between([datasetId, 'vec:'], [datasetId, 'vec:\uffff']).keys();
  return [...new Set(keys.map((key) => String((key as unknown as [string, string])[1]).slice(4)))].sort();
}
