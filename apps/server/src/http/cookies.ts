import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'commonplace_session';
export const CSRF_COOKIE = 'commonplace_csrf';

/** HTTP-only, SameSite=Lax, and Secure whenever the request came over HTTPS. */
export function cookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

export function readCookie(req: Request, name: string): string | undefined {
  return (req as Request & { cookies?: Record<string, string | undefined> }).cookies?.[name];
}

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs?: number): void {
  res.cookie(name, value, cookieOptions(req, maxAgeMs));
}

export function clearCookie(req: Request, res: Response, name: string): void {
  res.clearCookie(name, cookieOptions(req));
}

/** A fresh double-submit CSRF token for this browser (on sign-in and sign-out). */
export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function rotateCsrfToken(req: Request, res: Response): void {
  const token = newCsrfToken();
  setCookie(req, res, CSRF_COOKIE, token);
  req.csrfToken = token;
}
