import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  emptyRoot,
  Frontier,
  inclusionProof,
  leafHash,
  nodeHash,
  rangeHasher,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from "./merkle";

// Known-answer vectors of RFC 6962/9162 hashing: the leaves, roots and proofs used by
// transparency-dev/merkle (proof/verify_test.go) and certificate-transparency's tests.
const h = (hex: string) => Buffer.from(hex, "hex");
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(h);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map(h);
// [leaf (1-based), size, proof]
const INCLUSION: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    6,
    8,
    [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [
    2,
    5,
    [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    6,
    8,
    [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [
    2,
    5,
    [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
  [
    6,
    7,
    [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
];

const leafHashes = LEAVES.map((l) => leafHash(l));
const mth = rangeHasher((i) => leafHashes[i]);
const flip = (proof: Hash[], i: number) => proof.map((p, j) => (j === i ? Buffer.from(p.map((b, k) => (k === 0 ? b ^ 8 : b))) : p));

describe("RFC 9162 tree hashing", () => {
  it("gives the known roots of the first 1…8 leaves, and SHA-256('') for the empty tree", () => {
    for (let n = 1; n <= 8; n++) expect(mth(0, n).toString("hex"), `size ${n}`).toBe(ROOTS[n - 1].toString("hex"));
    expect(emptyRoot().toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hashes a string leaf as SHA-256 of 0x00 and its UTF-8 bytes, and a node of any two inputs as SHA-256 of 0x01 and both", () => {
    // leafHash and nodeHash use the one-shot crypto.hash (docs/benchmarks.md); the bytes must be those of RFC 9162.
    const sha = (...parts: (Buffer | string)[]) => parts.reduce((hash, p) => hash.update(p), createHash("sha256")).digest();
    for (const text of ["", "abc", '{"after":"Zoë — 東京 🏄"}', "\ud800 lone surrogate", "nul\0inside"]) {
      expect(leafHash(text).equals(sha(Buffer.from([0]), Buffer.from(text, "utf8"))), JSON.stringify(text)).toBe(true);
      expect(leafHash(text).equals(leafHash(Buffer.from(text, "utf8")))).toBe(true);
    }
    const [a, b] = [leafHash("a"), leafHash("b")];
    expect(nodeHash(a, b).equals(sha(Buffer.from([1]), a, b))).toBe(true);
    expect(nodeHash(a, b).equals(nodeHash(b, a))).toBe(false);
    const short = Buffer.from("0102", "hex");
    expect(nodeHash(short, b).equals(sha(Buffer.from([1]), short, b))).toBe(true);
  });

  it("keeps the same roots in a compact range, and rebuilds one from its hashes", () => {
    const frontier = new Frontier();
    leafHashes.forEach((leaf, i) => {
      frontier.push(leaf);
      expect(frontier.root().equals(ROOTS[i]), `size ${i + 1}`).toBe(true);
      const again = Frontier.from(frontier.size, frontier.hashes());
      expect(again.root().equals(ROOTS[i])).toBe(true);
    });
    expect(() => Frontier.from(5, [ROOTS[0]])).toThrow();
  });
});

describe("inclusion proofs", () => {
  it.each(INCLUSION)("leaf %i of %i: ours equals the vector, it verifies, and every corruption fails", (leaf, size, hex) => {
    const expected = hex.map(h);
    const proof = inclusionProof(leaf - 1, size, mth);
    expect(proof.map((p) => p.toString("hex"))).toEqual(hex);
    const root = ROOTS[size - 1];
    const lh = leafHashes[leaf - 1];
    expect(verifyInclusion(leaf - 1, size, lh, expected, root)).toBe(true);
    expect(verifyInclusion(leaf, size, lh, expected, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size * 2, lh, expected, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, leafHash("wrong"), expected, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, lh, [...expected, root], root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, lh, expected, emptyRoot())).toBe(false);
    for (let i = 0; i < expected.length; i++) expect(verifyInclusion(leaf - 1, size, lh, flip(expected, i), root)).toBe(false);
    if (expected.length) expect(verifyInclusion(leaf - 1, size, lh, expected.slice(0, -1), root)).toBe(false);
  });

  it("verifies a proof for every leaf of every tree up to 40", () => {
    const many = Array.from({ length: 40 }, (_, i) => leafHash(String(i)));
    const big = rangeHasher((i) => many[i]);
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m < n; m++) expect(verifyInclusion(m, n, many[m], inclusionProof(m, n, big), big(0, n))).toBe(true);
    }
  });
});

describe("consistency proofs", () => {
  it.each(CONSISTENCY)("from %i to %i: ours equals the vector, it verifies, and corruptions fail", (m, n, hex) => {
    const expected = hex.map(h);
    expect(consistencyProof(m, n, mth).map((p) => p.toString("hex"))).toEqual(hex);
    const [r1, r2] = [ROOTS[m - 1], ROOTS[n - 1]];
    expect(verifyConsistency(m, n, expected, r1, r2)).toBe(true);
    if (!expected.length) return;
    expect(verifyConsistency(m, n, expected, r2, r1)).toBe(false);
    expect(verifyConsistency(m - 1, n, expected, r1, r2)).toBe(false);
    expect(verifyConsistency(m, n, [], r1, r2)).toBe(false);
    expect(verifyConsistency(m, n, expected.slice(0, -1), r1, r2)).toBe(false);
    for (let i = 0; i < expected.length; i++) expect(verifyConsistency(m, n, flip(expected, i), r1, r2)).toBe(false);
  });

  it("verifies every pair of sizes up to 40, and refuses a rewritten history", () => {
    const many = Array.from({ length: 40 }, (_, i) => leafHash(String(i)));
    const big = rangeHasher((i) => many[i]);
    const forked = many.map((l, i) => (i === 3 ? leafHash("edited") : l));
    const other = rangeHasher((i) => forked[i]);
    for (let n = 1; n <= 40; n++) {
      for (let m = 1; m <= n; m++) {
        expect(verifyConsistency(m, n, consistencyProof(m, n, big), big(0, m), big(0, n)), `${m}→${n}`).toBe(true);
        if (m > 3 && m < n) expect(verifyConsistency(m, n, consistencyProof(m, n, other), big(0, m), other(0, n))).toBe(false);
      }
    }
  });
});
