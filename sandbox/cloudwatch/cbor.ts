// CBOR for the RPC v2 CBOR protocol, through cborg (pure JavaScript, no native or platform
// packages). Smithy sends timestamps as tag 1 (epoch seconds); both directions map them to Date.
import { decode as cborDecode, encode as cborEncode, Token, Type, type TagDecoder } from "cborg";

const EPOCH_TAG = 1;
const tags: TagDecoder[] = [];
tags[EPOCH_TAG] = (content) => new Date((content() as number) * 1000);

export function encodeCbor(value: unknown): Uint8Array {
  return cborEncode(value, {
    typeEncoders: { Date: (date: Date) => [new Token(Type.tag, EPOCH_TAG), new Token(Type.float, date.getTime() / 1000)] },
  });
}

export function decodeCbor(bytes: Uint8Array): unknown {
  return cborDecode(bytes, { tags });
}
