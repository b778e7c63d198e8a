/**
 * Just enough of the protobuf wire format to walk an ONNX file: field tags, varints (64-bit, two's
 * complement), length-delimited slices, skipping. Every read is bounds-checked so a cut-off file gives
 * `TruncatedError` with the byte offset instead of garbage.
 */

export class TruncatedError extends Error {
  constructor(
    readonly at: number,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`needs bytes up to ${needed} but the data ends at ${available}`);
  }
}

export class MalformedError extends Error {
  constructor(
    readonly at: number,
    reason: string,
  ) {
    super(reason);
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class ProtoReader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field tag; returns [field number, wire type]. */
  tag(): [number, number] {
    const at = this.pos;
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field < 1 || field > 536_870_911) throw new MalformedError(at, `field number ${field} is not valid protobuf`);
    if (wire !== WIRE_VARINT && wire !== WIRE_FIXED64 && wire !== WIRE_LEN && wire !== WIRE_FIXED32)
      throw new MalformedError(at, `wire type ${wire} is not used by ONNX`);
    return [field, wire];
  }

  /** A 64-bit varint as a JS number (exact up to 2^53; negative int64 values come back negative). */
  varint(): number {
    const { bytes, end } = this;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new TruncatedError(this.pos, this.pos + 1, end);
      const b = bytes[this.pos++];
      const bits = b & 0x7f;
      const shift = 7 * i;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      if ((b & 0x80) === 0) {
        if (hi & 0x80000000) return -((~hi >>> 0) * 2 ** 32 + (~lo >>> 0) + 1);
        return (hi >>> 0) * 2 ** 32 + (lo >>> 0);
      }
    }
    throw new MalformedError(this.pos, 'a varint longer than 10 bytes');
  }

  /** The [start, end) of a length-delimited field's payload; moves past it. */
  slice(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (length < 0) throw new MalformedError(start, `negative length ${length}`);
    if (start + length > this.end) throw new TruncatedError(start, start + length, this.end);
    this.pos = start + length;
    return [start, start + length];
  }

  sub(): ProtoReader {
    const [start, end] = this.slice();
    return new ProtoReader(this.bytes, start, end);
  }

  string(): string {
    const [start, end] = this.slice();
    return utf8.decode(this.bytes.subarray(start, end));
  }

  skip(wire: number): void {
    const size = wire === WIRE_FIXED64 ? 8 : wire === WIRE_FIXED32 ? 4 : -1;
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_LEN) this.slice();
    else {
      if (this.pos + size > this.end) throw new TruncatedError(this.pos, this.pos + size, this.end);
      this.pos += size;
    }
  }

  /** Repeated int64 (packed or not), appended to `into`. */
  int64s(wire: number, into: number[]): void {
    if (wire === WIRE_VARINT) {
      into.push(this.varint());
      return;
    }
    const inner = this.sub();
    while (!inner.done) into.push(inner.varint());
  }
}
