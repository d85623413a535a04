// Fn::Cidr for IPv4: `count` consecutive subnets with `cidrBits` host bits carved from `block`.
import { TemplateError } from "../errors";

function toInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new TemplateError(`Template error: Fn::Cidr invalid IP block ${ip}`);
  }
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

const toIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");

export function cidrSubnets(block: string, count: number, cidrBits: number): string[] {
  const [ip, prefixRaw] = block.split("/");
  const prefix = Number(prefixRaw);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new TemplateError(`Template error: Fn::Cidr invalid IP block ${block}`);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new TemplateError("Template error: Fn::Cidr count must be between 1 and 256");
  const newPrefix = 32 - cidrBits;
  if (!Number.isInteger(cidrBits) || newPrefix < prefix || newPrefix > 32) {
    throw new TemplateError(`Template error: Fn::Cidr cidrBits ${cidrBits} does not fit in ${block}`);
  }
  const size = 2 ** cidrBits;
  const base = toInt(ip) & (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
  if (count * size > 2 ** (32 - prefix))
    throw new TemplateError(`Template error: Fn::Cidr cannot fit ${count} subnets of /${newPrefix} in ${block}`);
  return Array.from({ length: count }, (_, i) => `${toIp((base + i * size) >>> 0)}/${newPrefix}`);
}
