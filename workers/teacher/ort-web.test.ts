/** The warm-up's model is a real ONNX graph onnxruntime accepts (here its Node build): y = x. */
import * as ort from 'onnxruntime-web';
import { expect, it } from 'vitest';
import { warmUpModel } from './ort-web';

ort.env.wasm.numThreads = 1;

it('the warm-up model opens in onnxruntime and passes its input through', async () => {
  const session = await ort.InferenceSession.create(warmUpModel(), { executionProviders: ['wasm'] });
  expect(session.inputNames).toEqual(['input']);
  expect(session.outputNames).toEqual(['y']);
  const out = await session.run({ input: new ort.Tensor('float32', new Float32Array([0.5, -3]), [2, 1]) });
  expect(Array.from(out.y.data as Float32Array)).toEqual([0.5, -3]);
  await session.release();
});
