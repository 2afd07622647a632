import { randomBytes } from 'node:crypto';
import { constants as zlibConstants } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { parse as parseCookies } from 'cookie';
import express, { NextFunction, Request, Response } from 'express';
import { graphqlUploadExpress } from 'graphql-upload-minimal';
import helmet from 'helmet';
import { SessionsService } from '../accounts/sessions.service';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { requestLogging, type SiteLogger } from '../observability/logger';
import { SiteMetrics } from '../observability/metrics';
import { SITE_LOGGER } from '../observability/observability.module';
import { CSRF_COOKIE, SESSION_COOKIE, clearCookie, newCsrfToken, readCookie, setCookie } from './cookies';
import { refusedPage } from './refused-page';
import { FILE_LIMITS, MAX_UPLOAD_BODY_BYTES } from '../files/file-rules';

/** Request bodies larger than this are refused (413): a wiki page of 500 KB fits with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The pages whose forms take files: a page's editor, a thread (its reply form), a new thread, a file's page; and /graphql. */
const UPLOAD_PATHS = /^\/(wiki\/[^/]+\/edit|wiki\/[^/]+\/threads\/new|threads\/[0-9]+|files\/[0-9]+|graphql)\/?$/;

/**
 * The most a request body may be: a multipart form sent to a page whose form takes files may carry
 * the files' limit; everything else (any other page, any other kind of body) MAX_BODY_BYTES.
 */
export function bodyLimitOf(req: Request): number {
  const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
  return multipart && UPLOAD_PATHS.test(req.path) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
}

/** Requests that need no viewer, cookies or CSRF token: files and probes. */
const PLAIN = /^\/(assets\/|favicon\.svg$|healthz$|readyz$|metrics$|socket\.io\/|files\/[0-9a-f]{64}\/)/;
/** The one form whose body may be larger than bodyLimitOf allows: it is streamed to a file under its own limit, never held in memory. */
const LARGE_UPLOAD_PATH = '/admin/import/upload';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP baseline every request passes, in order: its measuring and its log line (first, so
 * every request is counted and logged, pages included: Nest would set up a module's middleware
 * only after the web client's, which answers pages itself), `/metrics`, security headers with a per-request CSP nonce,
 * compression, the viewer from the session cookie, the CSRF cookie and same-origin check on every
 * state-changing request, and body size limits. main.ts and the tests both use it.
 */
export function configureHttp(app: NestExpressApplication): void {
  // Behind a proxy that terminates HTTPS, TRUST_PROXY=1 makes req.secure (and so Secure cookies) right.
  // A hop count or a list of proxy addresses (never `true`: config.ts refuses it at start-up).
  if (process.env.TRUST_PROXY && process.env.TRUST_PROXY !== 'true') app.set('trust proxy', Number(process.env.TRUST_PROXY) || process.env.TRUST_PROXY);
  app.disable('x-powered-by');

  const metrics = app.get(SiteMetrics);
  app.use(metrics.observe);
  app.use(requestLogging(app.get<SiteLogger>(SITE_LOGGER), metrics));
  metrics.watch(app);

  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // No inline script except React Router's own, which carries this request's nonce.
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Same-origin only; nothing here is meant to be embedded elsewhere.
      crossOriginResourcePolicy: { policy: 'same-origin' },
      // With helmet's default (no-referrer) browsers send "Origin: null" on our own form posts,
      // which the cross-site check below must refuse; same-origin keeps the real origin.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // Brotli at the middleware's quality (4) with a 256 KB window rather than brotli's 4 MB: a page
  // is one body of tens of KB, and setting up the bigger window's tables cost a third of the time
  // compressing it took, for the same output.
  app.use(compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_LGWIN]: 18 } } }));
  // Read when the app is set up: METRICS_TOKEN unset leaves /metrics to the not-found page.
  app.use('/metrics', metrics.endpoint(process.env.METRICS_TOKEN || undefined));

  const sessions = app.get(SessionsService);
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (PLAIN.test(req.path)) return next();
    try {
      req.cookies = parseCookies(req.headers.cookie ?? '');
      const token = readCookie(req, SESSION_COOKIE);
      try {
        req.viewer = token ? await sessions.viewerFor(token) : null;
        if (token && !req.viewer) clearCookie(req, res, SESSION_COOKIE);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        // The page (or GraphQL) answers 503 for it; the session cookie is kept for when it is back.
        req.viewer = null;
        req.databaseUnavailable = true;
      }
      let csrf = readCookie(req, CSRF_COOKIE);
      if (!csrf || !/^[A-Za-z0-9_-]{32,64}$/.test(csrf)) {
        csrf = newCsrfToken();
        setCookie(req, res, CSRF_COOKIE, csrf);
      }
      req.csrfToken = csrf;
      next();
    } catch (error) {
      next(error);
    }
  });

  // Cross-site requests that change things are refused before anything reads their body. Browsers
  // send Origin on every cross-origin POST; the form token (checked by each form action) and
  // SameSite=Lax cookies cover the rest.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
    if (origin && origin !== `${req.protocol}://${req.get('host')}`) {
      return refusedPage(res, 403, 'This form could not be sent', [
        'It came from another website, so we did not accept it. Nothing was changed.',
        'If you were using Commonplace, go back, reload the page and try again.',
      ]);
    }
    const length = Number(req.headers['content-length'] ?? 0);
    // The MediaWiki dump upload streams to a file under its own, larger limit (mediawiki-import.controller.ts).
    if (length > bodyLimitOf(req) && !(req.method === 'POST' && req.path === LARGE_UPLOAD_PATH)) return tooLargePage(res, bodyLimitOf(req));
    next();
  });
  // Files through GraphQL: the multipart request spec (graphql-upload-minimal), bounded per file and
  // in number; Apollo's CSRF prevention refuses such a request unless it carries a header no form
  // on another site can send (Apollo-Require-Preflight).
  const uploads = graphqlUploadExpress({ maxFileSize: FILE_LIMITS.fileBytes + 1, maxFiles: FILE_LIMITS.filesPerUpload, maxFieldSize: MAX_BODY_BYTES });
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '') ? uploads(req, res, next) : next()));
  app.use('/graphql', express.json({ limit: MAX_BODY_BYTES }));
}

/** The 413 page, for a body over the limit whether its length was declared (here) or counted (body-limit.ts). */
export function tooLargePage(res: Response, limit = MAX_BODY_BYTES): void {
  refusedPage(res, 413, 'That was too much to send at once', [
    limit > MAX_BODY_BYTES
      ? `We accept up to ${Math.round(limit / 1024 / 1024)} MB at a time: at most ${FILE_LIMITS.filesPerUpload} files of ${FILE_LIMITS.fileBytes / 1024 / 1024} MB each. Nothing was changed.`
      : `We accept up to ${MAX_BODY_BYTES / 1024} KB at a time. Nothing was changed.`,
    'Go back: what you typed is still in the form. Shorten it, or split it in two.',
  ]);
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}
