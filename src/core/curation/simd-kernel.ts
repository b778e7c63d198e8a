// A WebAssembly SIMD kernel for squared Euclidean distances in Float32, hand-assembled (the module is
// two small functions; a toolchain for them would weigh more than they do). The text form:
//
//   (func $dist (param $c i32) (param $r i32) (param $bytes i32) (param $limit f32) (result f32)
//     ;; two f32x4 accumulators over 8 floats a step; every 32 floats the partial sum is compared
//     ;; with $limit and returned once it reaches it (rows are zero-padded to a multiple of 8 floats)
//   (func $screen (param $c i32) (param $base i32) (param $stride i32) (param $idx i32) (param $lim i32)
//                 (param $out i32) (param $count i32)
//     ;; out[i] = $dist($c, $base + idx[i] * $stride, $stride, lim[i]) for i < $count (count ≥ 1)
//   (func $dist8 (param $c i32) (param $r i32) (param $bytes i32) (param $limit i32) (result i32)
//     ;; the same over Int8 rows, exactly in integers (i16x8 differences, i32x4.dot_i16x8_s squares),
//     ;; compared with $limit every 64 values (rows zero-padded to a multiple of 64)
//   (func $screen8 ...) ;; $screen over $dist8, with Int32 limits and results
//
// Float32 sums round, so callers use the result only to rule a distance out with a margin
// (screenMargin) and measure anything that could decide a pick with the exact Float64 kernel.

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const LOOP = [0x03, 0x40];
const END = 0x0b;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32Const = (v: number) => (v < 64 ? [0x41, v] : [0x41, (v & 0x7f) | 0x80, v >> 7]);
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_LT_U = 0x49;
const SIMD = 0xfd;
const v128Load = (offset: number) => [SIMD, 0x00, 4, offset];
const F32X4_ADD = [SIMD, 0xe4, 0x01];
const F32X4_SUB = [SIMD, 0xe5, 0x01];
const F32X4_MUL = [SIMD, 0xe6, 0x01];
const lane = (l: number) => [SIMD, 0x1f, l];

function dist(): number[] {
  const [c, r, bytes, limit, i, blockEnd, a0, a1, d0, d1, s] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const step = (offset: number, d: number, a: number) => [
    ...get(c), ...get(i), I32_ADD, ...v128Load(offset),
    ...get(r), ...get(i), I32_ADD, ...v128Load(offset),
    ...F32X4_SUB, ...tee(d), ...get(d), ...F32X4_MUL, ...get(a), ...F32X4_ADD, ...set(a),
  ];
  const locals = [3, 2, I32, 4, V128, 1, F32];
  const body = [
    ...LOOP,
    ...get(i), ...i32Const(128), I32_ADD, ...tee(blockEnd), ...get(bytes), ...get(blockEnd), ...get(bytes), I32_LT_U, 0x1b, ...set(blockEnd),
    ...LOOP,
    ...step(0, d0, a0), ...step(16, d1, a1),
    ...get(i), ...i32Const(32), I32_ADD, ...tee(i), ...get(blockEnd), I32_LT_U, 0x0d, 0,
    END,
    ...get(a0), ...get(a1), ...F32X4_ADD, ...tee(d0), ...lane(0), ...get(d0), ...lane(1), 0x92, ...get(d0), ...lane(2), 0x92, ...get(d0), ...lane(3), 0x92, ...set(s),
    ...get(s), ...get(limit), 0x60, 0x04, 0x40, ...get(s), 0x0f, END,
    ...get(i), ...get(bytes), I32_LT_U, 0x0d, 0,
    END,
    ...get(s),
    END,
  ];
  return [...locals, ...body];
}

function screen(callee: number, load: number, store: number): number[] {
  const [c, base, stride, idx, lim, out, count] = [0, 1, 2, 3, 4, 5, 6];
  const advance = (p: number) => [...get(p), ...i32Const(4), I32_ADD, ...set(p)];
  const body = [
    ...LOOP,
    ...get(out),
    ...get(c), ...get(base), ...get(idx), 0x28, 2, 0, ...get(stride), I32_MUL, I32_ADD, ...get(stride), ...get(lim), load, 2, 0,
    0x10, callee,
    store, 2, 0,
    ...advance(idx), ...advance(lim), ...advance(out),
    ...get(count), ...i32Const(1), I32_SUB, ...tee(count), 0x0d, 0,
    END,
    END,
  ];
  return [0, ...body];
}

function dist8(): number[] {
  const [c, r, bytes, limit, i, s, acc, a, b, d] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const half = (extend: number) => [...get(a), SIMD, extend, 0x01, ...get(b), SIMD, extend, 0x01, SIMD, 0x91, 0x01, ...tee(d), ...get(d), SIMD, 0xba, 0x01, ...get(acc), SIMD, 0xae, 0x01, ...set(acc)];
  const step = (offset: number) => [
    ...get(c), ...get(i), I32_ADD, ...v128Load(offset), ...set(a),
    ...get(r), ...get(i), I32_ADD, ...v128Load(offset), ...set(b),
    ...half(0x87), ...half(0x88),
  ];
  const lane32 = (l: number) => [SIMD, 0x1b, l];
  const locals = [2, 2, I32, 4, V128];
  const body = [
    ...LOOP,
    ...step(0), ...step(16), ...step(32), ...step(48),
    ...get(acc), ...lane32(0), ...get(acc), ...lane32(1), I32_ADD, ...get(acc), ...lane32(2), I32_ADD, ...get(acc), ...lane32(3), I32_ADD, ...set(s),
    ...get(s), ...get(limit), 0x4e, 0x04, 0x40, ...get(s), 0x0f, END,
    ...get(i), ...i32Const(64), I32_ADD, ...tee(i), ...get(bytes), I32_LT_U, 0x0d, 0,
    END,
    ...get(s),
    END,
  ];
  return [...locals, ...body];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

const name = (s: string) => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];

/** The module's bytes: imports memory "e"."m", exports "screen" (Float32) and "screen8" (Int8). */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const bodies = [dist(), screen(0, 0x2a, 0x38), dist8(), screen(2, 0x28, 0x36)].map((b) => [...uleb(b.length), ...b]);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [3, 0x60, 4, I32, I32, I32, F32, 1, F32, 0x60, 7, I32, I32, I32, I32, I32, I32, I32, 0, 0x60, 4, I32, I32, I32, I32, 1, I32]),
    ...section(2, [1, ...name('e'), ...name('m'), 0x02, 0x00, 0x01]),
    ...section(3, [4, 0, 1, 2, 1]),
    ...section(7, [2, ...name('screen'), 0x00, 1, ...name('screen8'), 0x00, 3]),
    ...section(10, [4, ...bodies.flat()]),
  ]);
}
