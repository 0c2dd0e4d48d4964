// The parts of ONNX's ModelProto the exporter writes, and their encoding
// (field numbers from ONNX's onnx.proto: docs/architecture.md, "References").
import { ProtoWriter } from './protobuf.ts';

/** ONNX TensorProto.DataType values used here. */
export const DType = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;

/** A constant tensor (1-D or scalar-shaped as dims says). */
interface Tensor {
  readonly name?: string;
  readonly dims: readonly number[];
  readonly dtype: typeof DType.DOUBLE | typeof DType.FLOAT | typeof DType.INT64;
  readonly values: ArrayLike<number>;
}

export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'ints'; readonly value: ArrayLike<number> }
  | { readonly kind: 'floats'; readonly value: ArrayLike<number> }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'tensor'; readonly value: Tensor };

export interface GraphNode {
  readonly opType: string;
  readonly domain?: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttrValue>>;
}

/** A graph input or output: a 1-D tensor of elemType, one value per row (dimension "N"). */
export interface ValueInfo {
  readonly name: string;
  readonly elemType: number;
}

export interface OnnxModel {
  readonly opsets: Readonly<Record<string, number>>;
  readonly producerVersion: string;
  readonly graphName: string;
  readonly nodes: readonly GraphNode[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** ONNX IR version 9: what ONNX 1.15 writes with the opsets used here ('' 20, ai.onnx.ml 4). */
const IR_VERSION = 9;

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function writeTensor(w: ProtoWriter, t: Tensor): void {
  w.packedInts(1, t.dims);
  w.int(2, t.dtype);
  if (t.dtype === DType.FLOAT) w.packedFloats(4, t.values);
  else if (t.dtype === DType.INT64) w.packedInts(7, t.values);
  else w.packedDoubles(10, t.values);
  if (t.name) w.string(8, t.name);
}

function writeAttribute(w: ProtoWriter, name: string, a: AttrValue): void {
  w.string(1, name);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value).int(20, ATTR.FLOAT);
      break;
    case 'int':
      w.int(3, a.value).int(20, ATTR.INT);
      break;
    case 'string':
      w.string(4, a.value).int(20, ATTR.STRING);
      break;
    case 'tensor':
      w.message(5, (t) => writeTensor(t, a.value)).int(20, ATTR.TENSOR);
      break;
    case 'floats':
      w.packedFloats(7, a.value).int(20, ATTR.FLOATS);
      break;
    case 'ints':
      w.packedInts(8, a.value).int(20, ATTR.INTS);
      break;
    case 'strings':
      for (const s of a.value) w.string(9, s);
      w.int(20, ATTR.STRINGS);
      break;
  }
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      tensor.message(2, (shape) => shape.message(1, (d) => d.string(2, 'N')));
    }),
  );
}

/** Encodes a model as ModelProto bytes. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, 'tabular-ct');
  w.string(3, m.producerVersion);
  w.message(7, (g) => {
    for (const n of m.nodes) {
      g.message(1, (nw) => {
        for (const i of n.inputs) nw.string(1, i);
        for (const o of n.outputs) nw.string(2, o);
        nw.string(3, n.name);
        nw.string(4, n.opType);
        for (const [k, a] of Object.entries(n.attributes ?? {})) nw.message(5, (aw) => writeAttribute(aw, k, a));
        if (n.domain) nw.string(7, n.domain);
      });
    }
    g.string(2, m.graphName);
    for (const v of m.inputs) g.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of m.outputs) g.message(12, (vw) => writeValueInfo(vw, v));
  });
  for (const [domain, version] of Object.entries(m.opsets)) w.message(8, (o) => o.string(1, domain).int(2, version));
  for (const [key, value] of Object.entries(m.metadata)) w.message(14, (p) => p.string(1, key).string(2, value));
  return w.finish();
}
