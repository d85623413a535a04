import { createHash, hash as oneShotHash } from "node:crypto";

// The change log's Merkle tree, in RFC 9162's shape and hashing (section 2.1), so inclusion
// and consistency proofs are the standard ones any transparency-log tool can check.
// Leaf i (0-based) is entry seq i + 1; its data is the entry's canonical content (chain-format.ts).

export type Hash = Buffer;

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

// A million leaves mean a million inner nodes, so what one hash costs beyond SHA-256 itself
// matters. createHash with three update() calls and a digest() cost about 1.7 µs per node here;
// the one-shot crypto.hash into a Buffer 1.6 µs, nearly all of it making that Buffer (its own
// ArrayBuffer each); crypto.hash into a "binary" (latin1) string, copied into a pooled Buffer, 0.5 µs.
const node = Buffer.alloc(65, 1);
const sha256 = (data: string | Buffer): Hash => Buffer.from(oneShotHash("sha256", data, "binary"), "binary");

export const emptyRoot = (): Hash => createHash("sha256").digest();
/** SHA-256(0x00 || data); a string is hashed as its UTF-8 bytes ("\0" is the one byte 0x00). */
export const leafHash = (data: string | Buffer): Hash =>
  typeof data === "string" ? sha256(`\0${data}`) : sha256(Buffer.concat([LEAF, data]));
/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== 32 || right.length !== 32) return createHash("sha256").update(NODE).update(left).update(right).digest();
  left.copy(node, 1);
  right.copy(node, 33);
  return sha256(node);
}

/** The largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Hash of the subtree over leaves [start, end); `leaf(i)` gives leaf i's hash. */
export type RangeHash = (start: number, end: number) => Hash;

/** Perfect subtrees of at least 2^CACHE_FROM leaves are remembered (about 2n/16 hashes for n leaves). */
const CACHE_FROM = 4;

/**
 * MTH over an in-memory list of leaf hashes (RFC 9162 2.1.1). Complete, aligned subtrees are
 * computed once and kept, so the many proofs over one growing tree (every checkpoint's
 * consistency proof, every entry's inclusion proof) cost O(log n) each after the first.
 */
export function rangeHasher(leaves: (i: number) => Hash): RangeHash {
  const cache = new Map<number, Hash>();
  const mth: RangeHash = (start, end) => {
    const n = end - start;
    if (n === 0) return emptyRoot();
    if (n === 1) return leaves(start);
    const perfect = (n & (n - 1)) === 0 && start % n === 0 && n >= 2 ** CACHE_FROM;
    // Key: the subtree's first leaf × 64 + its height: exact and unique below 2^47 leaves.
    const key = perfect ? start * 64 + Math.log2(n) : -1;
    if (perfect) {
      const hit = cache.get(key);
      if (hit) return hit;
    }
    const k = splitPoint(n);
    const hash = nodeHash(mth(start, start + k), mth(start + k, end));
    if (perfect) cache.set(key, hash);
    return hash;
  };
  return mth;
}

/** PATH(m, D[0:n]) (RFC 9162 2.1.3.1): the inclusion proof of leaf m in the tree of size n. */
export function inclusionProof(m: number, n: number, mth: RangeHash): Hash[] {
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  const path = (m: number, start: number, end: number): Hash[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k ? [...path(m, start, start + k), mth(start + k, end)] : [...path(m - k, start + k, end), mth(start, start + k)];
  };
  return path(m, 0, n);
}

/** PROOF(m, D[0:n]) (RFC 9162 2.1.4.1): the consistency proof from the tree of size m to the one of size n. */
export function consistencyProof(m: number, n: number, mth: RangeHash): Hash[] {
  if (m < 0 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const sub = (m: number, start: number, end: number, b: boolean): Hash[] => {
    const n = end - start;
    if (m === n) return b ? [] : [mth(start, end)];
    const k = splitPoint(n);
    return m <= k ? [...sub(m, start, start + k, b), mth(start + k, end)] : [...sub(m - k, start + k, end, false), mth(start, start + k)];
  };
  return sub(m, 0, n, true);
}

const isSet = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** RFC 9162 2.1.3.2: does `proof` show the leaf with hash `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: Hash[], root: Hash): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32 || sn === 0) return false;
    if (isSet(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isSet(fn)) {
        while (!isSet(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: does `proof` show the tree (size2, root2) extends the tree (size1, root1)? */
export function verifyConsistency(size1: number, size2: number, proof: Hash[], root1: Hash, root2: Hash): boolean {
  if (size1 < 0 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== 32)) return false;
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isSet(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isSet(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isSet(fn)) {
        while (!isSet(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0;
}

/**
 * A compact range from leaf 0: the roots of the perfect subtrees covering the leaves so far,
 * largest first (at most log2(size) hashes). Enough to extend the tree and compute its root
 * without the earlier leaves.
 */
export class Frontier {
  private nodes: { height: number; hash: Hash }[] = [];
  size = 0;

  static from(size: number, hashes: Hash[]): Frontier {
    const f = new Frontier();
    f.size = size;
    let height = 31;
    for (const hash of hashes) {
      while (height >= 0 && !(size & (2 ** height))) height -= 1;
      if (height < 0) throw new RangeError("the compact range has more hashes than its size allows");
      f.nodes.push({ height, hash });
      height -= 1;
    }
    if (f.nodes.length !== popcount(size)) throw new RangeError(`a compact range of ${size} leaves needs ${popcount(size)} hashes`);
    return f;
  }

  push(leaf: Hash): void {
    let node = { height: 0, hash: leaf };
    while (this.nodes.length && this.nodes[this.nodes.length - 1].height === node.height) {
      const left = this.nodes.pop()!;
      node = { height: node.height + 1, hash: nodeHash(left.hash, node.hash) };
    }
    this.nodes.push(node);
    this.size += 1;
  }

  hashes(): Hash[] {
    return this.nodes.map((n) => n.hash);
  }

  root(): Hash {
    if (!this.nodes.length) return emptyRoot();
    let r = this.nodes[this.nodes.length - 1].hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) r = nodeHash(this.nodes[i].hash, r);
    return r;
  }
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}
