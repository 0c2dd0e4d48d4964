// A minimal protocol-buffers writer: the wire format needs only varints, fixed 32/64-bit
// numbers and length-delimited fields to encode an ONNX ModelProto
// (docs/architecture.md, "References").

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

/** Accumulates the fields of one message; nested messages are written with `message`. */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private buf = new Uint8Array(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(Math.max(256, n, this.buf.length * 2));
    this.pos = 0;
  }

  private rawVarint(v: bigint | number): void {
    // Negative int64 values take ten bytes of two's complement, as the spec says.
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (x >= 0x80n) {
      this.buf[this.pos++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.pos++] = Number(x);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint((field << 3) | wire);
  }

  private rawBytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** int64/int32/enum/bool field. */
  int(field: number, v: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(v);
    return this;
  }

  /** float (fixed32) field. */
  float(field: number, v: number): this {
    this.tag(field, WIRE_FIXED32);
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat32(this.pos, v, true);
    this.pos += 4;
    return this;
  }

  /** bytes field. */
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.rawVarint(b.length);
    this.rawBytes(b);
    return this;
  }

  /** string field (UTF-8). */
  string(field: number, s: string): this {
    return this.bytes(field, utf8.encode(s));
  }

  /** Embedded message field. */
  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated int64 field. */
  packedInts(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.rawVarint(values[i]!);
    return this.bytes(field, inner.finish());
  }

  // Typed arrays are little-endian on every platform Node runs on, as the wire format wants.

  /** Packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, new Uint8Array(Float32Array.from(values).buffer));
  }

  /** Packed repeated double field. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, new Uint8Array(Float64Array.from(values).buffer));
  }

  /** The encoded message. */
  finish(): Uint8Array {
    const all = [...this.chunks, this.buf.subarray(0, this.pos)];
    const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of all) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
