import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets people carry in a link or a cookie (sessions, password reset, email confirmation,
 * invitation, first-run set-up, a pending two-step sign-in): 32 random bytes, URL-safe. Only their
 * SHA-256 is stored, so a copy of the database alone opens nothing; a plain hash is enough because
 * the token is random and long, not a password someone chose.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up for a token: its SHA-256, in hex. */
export function secretTokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
