// API tokens: random (160 bits), shown once, stored only as a SHA-256 hash (decisions.md).
// A hash of a high-entropy secret needs no salt or slow KDF; lookups go by the hash and the
// final comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateToken(): string {
  return randomBytes(20).toString('hex');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
