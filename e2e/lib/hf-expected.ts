import { Tokenizer } from '@huggingface/tokenizers';
import { HF_MAX_LENGTH, hfEmbedding, hfTokenizerJson } from './model-fixtures';

/** P(spam) of the tiny Hugging Face fixture for each text, computed by hand: truncate (keeping [SEP]), mean the token embeddings, softmax. */
export function expectedHfProbabilities(texts: string[]): number[] {
  const tokenizer = new Tokenizer(hfTokenizerJson(), { model_max_length: 512 });
  return texts.map((text) => {
    let ids = tokenizer.encode(text).ids;
    if (ids.length > HF_MAX_LENGTH) ids = [...ids.slice(0, HF_MAX_LENGTH - 1), ids[ids.length - 1]];
    const sum = [0, 0];
    for (const id of ids) {
      const [ham, spam] = hfEmbedding(id);
      sum[0] += ham;
      sum[1] += spam;
    }
    const [ham, spam] = sum.map((s) => s / ids.length);
    return 1 / (1 + Math.exp(ham - spam));
  });
}
