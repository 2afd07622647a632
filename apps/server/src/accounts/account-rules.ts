import { reasonProblem } from '../common/reason-rule';
import type { UserError } from '../common/user-error';
import { COMMON_PASSWORDS } from './common-passwords';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const DISPLAY_NAME_MAX = 60;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const EMAIL_MAX = 254;
export const SUSPENSION_REASON_MAX = 500;

/** Control and format characters (including bidi overrides) have no place in names. */
const CONTROL = /[\p{Cc}\p{Cf}]/u;

/**
 * Usernames are NFKC-normalised (so full-width "ａ" is "a") and limited to ASCII letters, digits,
 * dot, hyphen and underscore: look-alikes from other scripts (Cyrillic "а") are refused, not confused.
 * Uniqueness is case-insensitive (a unique index on lower(username)).
 */
export function normaliseUsername(raw: string): string {
  // Length first: normalising a megabyte someone sent costs the whole server's thread. Anything this
  // long is refused as too long anyway (NFKC shortens text by folding, but never by 4×).
  if (raw.length > USERNAME_MAX * 4) return raw.slice(0, USERNAME_MAX + 1);
  return raw.normalize('NFKC').trim();
}

export function usernameProblem(username: string): string | null {
  if (username === '') return 'Enter a username';
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    return `Username must be ${USERNAME_MIN} to ${USERNAME_MAX} characters long`;
  }
  if (!/^[A-Za-z0-9._-]+$/.test(username)) {
    return 'Username must use only letters a to z, numbers, full stops, hyphens and underscores';
  }
  if (!/^[A-Za-z0-9]/.test(username) || !/[A-Za-z0-9]$/.test(username)) {
    return 'Username must start and end with a letter or a number';
  }
  return null;
}

export function normaliseDisplayName(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

export function displayNameProblem(displayName: string): string | null {
  if (displayName === '') return 'Enter the name to show to others';
  if (displayName.length > DISPLAY_NAME_MAX) return `Name must be ${DISPLAY_NAME_MAX} characters or fewer`;
  if (CONTROL.test(displayName)) return 'Name must not contain control characters';
  return null;
}

export function emailProblem(email: string): string | null {
  if (email === '') return null;
  if (email.length > EMAIL_MAX) return `Email address must be ${EMAIL_MAX} characters or fewer`;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Enter an email address in the correct format, like name@example.com';
  return null;
}

export function passwordProblem(password: string, username: string): string | null {
  if (password === '') return 'Enter a password';
  if (password.length < PASSWORD_MIN) return `Password must be ${PASSWORD_MIN} characters or more`;
  if (password.length > PASSWORD_MAX) return `Password must be ${PASSWORD_MAX} characters or fewer`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) {
    return 'This password is too common: choose one that would be hard to guess, like three random words';
  }
  if (username !== '' && lower.includes(username.toLowerCase())) return 'Password must not contain your username';
  return null;
}

/** Why a person is suspended (they see it): the shared rule, with this limit. */
export function suspensionReasonProblem(reason: string): UserError | null {
  return reasonProblem(reason, { maxLength: SUSPENSION_REASON_MAX, required: true, requiredMessage: 'Enter the reason, which the person will see' });
}

/** The addresses in what was typed: one a line (or separated by commas or semicolons), trimmed, each once. */
export function splitAddresses(text: string): string[] {
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const part of text.split(/[\n\r,;]+/)) {
    const address = part.trim();
    if (address === '' || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    addresses.push(address);
  }
  return addresses;
}
