import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';

/** How many recovery codes set-up gives. */
export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const RECOVERY_LENGTH = 10;
/** Anything typed into a code field longer than this is no code of ours (checked before any work). */
export const CODE_INPUT_MAX = 40;

/** A new recovery code, as shown: two groups of five, e.g. "K7QPM-2XWRT". */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a typed code is: six digits from an app, a recovery code (spaces, dashes and case ignored), or nothing we gave out. */
export function readCode(typed: string): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'empty' } | { kind: 'invalid' } {
  if (typed.length > CODE_INPUT_MAX) return { kind: 'invalid' };
  const bare = typed.replace(/[\s-]/g, '');
  if (bare === '') return { kind: 'empty' };
  if (/^\d{6}$/.test(bare)) return { kind: 'totp', code: bare };
  const upper = bare.toUpperCase();
  if (upper.length === RECOVERY_LENGTH && [...upper].every((c) => RECOVERY_ALPHABET.includes(c))) return { kind: 'recovery', code: upper };
  return { kind: 'invalid' };
}

/** What is stored for a recovery code (normalised as readCode gives it): random, so a fast hash is enough. */
export function recoveryCodeHash(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/** A base32 secret in groups of four, so it can be read out and typed without losing one's place. */
export function groupSecret(base32: string): string {
  return base32.match(/.{1,4}/g)?.join(' ') ?? base32;
}

/**
 * Seals a secret for the database: AES-256-GCM under a key made from TWO_STEP_KEY when the site has
 * one ("v1:" + iv, tag and ciphertext in base64url), or as it is ("plain:") when it has not. A dump
 * of the database alone then gives nothing away on a site with a key.
 */
export function sealSecret(secret: string, keyText: string | undefined = process.env.TWO_STEP_KEY): string {
  if (!keyText) return `plain:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(keyText), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
}

/** The secret sealSecret sealed. Throws when it was sealed under a key the site no longer has. */
export function openSecret(stored: string, keyText: string | undefined = process.env.TWO_STEP_KEY): string {
  if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
  if (!stored.startsWith('v1:')) throw new Error('A two-step secret in an unknown form');
  if (!keyText) throw new Error('Two-step secrets are sealed, but TWO_STEP_KEY is not set: start the server with the key it had');
  const bytes = Buffer.from(stored.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(keyText), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

function keyOf(keyText: string): Buffer {
  return createHash('sha256').update(keyText).digest();
}

/** "Firefox on Linux", from a User-Agent header: enough for a person to tell their browsers apart. */
export function browserSummary(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg(e|A|iOS)?\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|Chromium\/|CriOS\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : null;
  if (!browser && !system) return 'Unknown browser';
  return `${browser ?? 'A browser'}${system ? ` on ${system}` : ''}`;
}
