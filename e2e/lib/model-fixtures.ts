/**
 * Model files for e2e tests, made in Node: the built-in spam model as a user's .onnx, broken variants,
 * an ONNX with an operator onnxruntime-web lacks, and a tiny Hugging Face folder (WordPiece tokenizer,
 * ONNX with input_ids/attention_mask → logits, id2label) whose outputs are easy to compute by hand.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const builtin = (path: string) => readFileSync(new URL(`../../models/builtin/${path}`, import.meta.url));

export const spamOnnx = () => builtin('youtube-spam-teacher/model.onnx');
export const spamCard = () => JSON.parse(builtin('youtube-spam-teacher/card.json').toString('utf8'));
export const spamTfjsModelJson = () => builtin('youtube-spam-teacher/tfjs/model.json');

type Dim = number | string;
const value = (name: string, elemType: number, dims: Dim[]) => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } });
const FLOAT = 1;
const INT64 = 7;

/** A model using Col2Im at opset 17, where the ONNX standard does not have it yet: ORT refuses it. */
export function unsupportedOpOnnx(): Buffer {
  return Buffer.from(
    onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: { name: 'g', node: [{ opType: 'Col2Im', input: ['input'], output: ['probabilities'] }], input: [value('input', FLOAT, ['batch', 4096])], output: [value('probabilities', FLOAT, ['batch', 2])] },
    }).finish(),
  );
}

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const SPAM_WORDS = ['check', 'out', 'my', 'channel', 'subscribe', 'http', 'https', 'www', 'com', 'free', 'please', 'visit', 'money', 'youtube', 'watch'];
const HAM_WORDS = ['love', 'song', 'this', 'is', 'the', 'best', 'great', 'video', 'i', 'like', 'music', 'beautiful', 'amazing', 'ever', 'so', 'good'];
export const HF_VOCAB = [...SPECIAL, ...SPAM_WORDS, ...HAM_WORDS];
/** Embedding of each token: [ham, spam] evidence; special and unknown tokens none. */
export const hfEmbedding = (id: number): [number, number] => (id < SPECIAL.length ? [0, 0] : id < SPECIAL.length + SPAM_WORDS.length ? [0, 3] : [2, 0]);
export const HF_MAX_LENGTH = 16;

export function hfTokenizerJson(): Record<string, unknown> {
  const token = (content: string, id: number) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(token),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(HF_VOCAB.map((w, i) => [w, i])) },
  };
}

/** input_ids, attention_mask → mean of the unmasked token embeddings → logits (identity head). */
export function hfOnnx(): Buffer {
  const floats = (name: string, dims: number[], data: number[]) => ({ name, dims, dataType: FLOAT, rawData: new Uint8Array(Float32Array.from(data).buffer) });
  const ints = (name: string, data: number[]) => ({ name, dims: [data.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(data.map(BigInt)).buffer) });
  const node = (opType: string, input: string[], output: string[], attribute: onnxProto.onnx.IAttributeProto[] = []) => ({ opType, input, output, attribute });
  return Buffer.from(
    onnx.ModelProto.encode({
      irVersion: 8,
      producerName: 'sift-e2e',
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'tiny-hf',
        node: [
          node('Gather', ['embedding', 'input_ids'], ['tokens']),
          node('Cast', ['attention_mask'], ['mask'], [{ name: 'to', type: 2, i: FLOAT }]),
          node('Unsqueeze', ['mask', 'axis2'], ['mask3']),
          node('Mul', ['tokens', 'mask3'], ['masked']),
          node('ReduceSum', ['masked', 'axis1'], ['sum'], [{ name: 'keepdims', type: 2, i: 0 }]),
          node('ReduceSum', ['mask3', 'axis1'], ['count'], [{ name: 'keepdims', type: 2, i: 0 }]),
          node('Div', ['sum', 'count'], ['mean']),
          node('MatMul', ['mean', 'head'], ['projected']),
          node('Add', ['projected', 'bias'], ['logits']),
        ],
        initializer: [floats('embedding', [HF_VOCAB.length, 2], HF_VOCAB.flatMap((_, i) => hfEmbedding(i))), ints('axis1', [1]), ints('axis2', [2]), floats('head', [2, 2], [1, 0, 0, 1]), floats('bias', [2], [0, 0])],
        input: [value('input_ids', INT64, ['batch', 'sequence']), value('attention_mask', INT64, ['batch', 'sequence'])],
        output: [value('logits', FLOAT, ['batch', 2])],
      },
    }).finish(),
  );
}

/** Writes a Hugging Face model folder and returns its path. */
export function hfFolder(options: { tokenizer?: string } = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sift-hf-')), 'tiny-spam-bert');
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ _name_or_path: 'sift-tests/tiny-spam-bert', architectures: ['BertForSequenceClassification'], id2label: { 0: 'ham', 1: 'spam' }, label2id: { ham: 0, spam: 1 }, max_position_embeddings: HF_MAX_LENGTH, transformers_version: '4.40.0' }));
  writeFileSync(join(dir, 'tokenizer.json'), options.tokenizer ?? JSON.stringify(hfTokenizerJson()));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 512, pad_token: '[PAD]', do_lower_case: true }));
  writeFileSync(join(dir, 'README.md'), '---\nlicense: mit\n---\n# tiny spam bert (test fixture)\n');
  writeFileSync(join(dir, 'onnx', 'model.onnx'), hfOnnx());
  return dir;
}
