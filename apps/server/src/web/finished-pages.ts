import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { COLOUR_SCHEME_COOKIE, type ColourScheme, colourSchemeFrom } from '@commonplace/load-context';
import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { DataVersion } from '../database/data-version.service';
import type { RequestReads } from '../graphql/request-context';
import { CSRF_COOKIE, SESSION_COOKIE, readCookie } from '../http/cookies';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A page as it was sent to someone signed out, ready to send again. */
interface FinishedPage {
  status: number;
  contentType: string;
  /** The page's Content-Security-Policy, allowing its own inline scripts by their hashes. */
  policy: string;
  etag: string;
  body: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** When its reads were stamped, and the wiki pages they concern (null: anything on the site). */
  readAt: number;
  pages: readonly number[] | null;
}

/** No page bigger than this is kept (the largest wiki pages render to a few hundred KB). */
const MOST_BYTES_KEPT = 2 * 1024 * 1024;

/**
 * Pages as people who are not signed in see them are the same for all of them, so the finished
 * HTML is kept, with gzip and brotli copies made once (off the main thread), and sent again with
 * no rendering, no database and no compression, until what it shows changes (DataVersion, the same
 * rule as the read cache: a change to one wiki page drops only the pages that show it). It sends an
 * ETag and answers a matching If-None-Match with 304.
 *
 * What keeps one person's things out of another's page:
 * - only GET and HEAD requests without a session cookie are served or kept, and only while the site
 *   is public (the private-mode gate in web-client.ts says so in `res.locals.sitePrivate`);
 * - a page whose HTML holds the requester's form token is never kept (pages for people signed out
 *   carry none; the sign-in and registration forms carry theirs and are rendered every time);
 * - only 200 answers whose only cookie is the form-token cookie are kept; that cookie is set per
 *   request by configureHttp, never stored here.
 *
 * The content security policy: a kept page's inline scripts are React Router's, rendered with this
 * request's nonce. The nonce is taken out of the kept HTML and the policy sent with it allows those
 * scripts by their SHA-256 hashes instead: a nonce sent to many people would be known to anyone,
 * while a hash allows only that exact script text, which the server wrote.
 */
export class FinishedPages {
  private readonly pages = new LRUCache<string, FinishedPage>({
    max: 1000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (page) => page.body.length + page.gzip.length + page.brotli.length + 500,
  });

  /** Requests answered with a kept page, and shareable requests that were rendered (the metrics read these). */
  readonly counts = { hits: 0, misses: 0 };

  constructor(private readonly dataVersion: DataVersion) {}

  /** Serves the request from a kept page if it may; otherwise keeps the page the handler sends, if it may. */
  middleware(reads: (res: Response) => RequestReads | undefined) {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!this.mayShare(req, res)) return next();
      // The page's <html> names the reader's colour scheme, so each scheme is a page of its own.
      const key = `${colourSchemeOf(req)} ${req.originalUrl}`;
      const kept = this.pages.get(key);
      if (kept && this.dataVersion.isCurrent(kept.readAt, kept.pages)) {
        this.counts.hits++;
        return this.send(req, res, kept);
      }
      this.counts.misses++;
      this.capture(key, req, res, reads);
      next();
    };
  }

  private mayShare(req: Request, res: Response): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    // A private site shares nothing: even its sign-in page is rendered for each reader, and a page
    // kept while the site was public is never sent.
    if (res.locals.sitePrivate !== false) return false;
    if (req.viewer || req.databaseUnavailable || readCookie(req, SESSION_COOKIE)) return false;
    // React Router's data and manifest requests are not pages.
    return !req.path.endsWith('.data') && !req.path.startsWith('/__');
  }

  private send(req: Request, res: Response, page: FinishedPage): void {
    res.setHeader('ETag', page.etag);
    // The browser may keep it but must ask each time: a change must show at once.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Accept-Encoding, Cookie');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    // The smallest copy the browser takes: Chromium sends "gzip, deflate, br, zstd", all weighted
    // equally, and negotiating in that order would pick gzip.
    const encoding = req.acceptsEncodings('br') ? 'br' : req.acceptsEncodings('gzip') ? 'gzip' : 'identity';
    const body = encoding === 'br' ? page.brotli : encoding === 'gzip' ? page.gzip : page.body;
    if (encoding === 'br' || encoding === 'gzip') res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Security-Policy', page.policy);
    res.setHeader('Content-Type', page.contentType);
    res.setHeader('Content-Length', body.length);
    res.status(page.status);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  }

  /** Collects what the handler sends, and keeps it if it may be shared. */
  private capture(key: string, req: Request, res: Response, reads: (res: Response) => RequestReads | undefined): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (size > MOST_BYTES_KEPT || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buffer.length;
      chunks.push(buffer);
    };
    const write = res.write;
    const end = res.end;
    res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Response['write'];
    res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0]);
      return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
    } as Response['end'];
    res.once('finish', () => {
      if (req.method !== 'GET' || res.statusCode !== 200 || size > MOST_BYTES_KEPT) return;
      const stamp = reads(res)?.stamp();
      if (!stamp) return;
      const contentType = String(res.getHeader('Content-Type') ?? '');
      if (!contentType.startsWith('text/html')) return;
      if (!onlyTheFormTokenCookie(res.getHeader('Set-Cookie'))) return;
      const policy = String(res.getHeader('Content-Security-Policy') ?? '');
      const nonce = String(res.locals.cspNonce ?? '');
      void this.keep(key, Buffer.concat(chunks).toString('utf8'), { contentType, policy, nonce, csrfToken: req.csrfToken ?? '', stamp });
    });
  }

  private async keep(
    key: string,
    html: string,
    sent: { contentType: string; policy: string; nonce: string; csrfToken: string; stamp: { readAt: number; pages: readonly number[] | null } },
  ): Promise<void> {
    // The form token is the visitor's own: a page that carries it is theirs alone.
    if (!sent.nonce || !sent.policy.includes(`'nonce-${sent.nonce}'`) || (sent.csrfToken && html.includes(sent.csrfToken))) return;
    const shared = html.split(` nonce="${sent.nonce}"`).join('');
    // Any other trace of the nonce (none is expected) and the page is not kept.
    if (shared.includes(sent.nonce)) return;
    const hashes = inlineScripts(shared).map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
    const policy = sent.policy.replace(`'nonce-${sent.nonce}'`, hashes.join(' ') || "'none'").replace("'self' 'none'", "'self'");
    const body = Buffer.from(shared, 'utf8');
    try {
      const [gzipped, brotli] = await Promise.all([
        gzipAsync(body, { level: 9 }),
        // Quality 8, not 9: brotli's quality 9 sets up tables that took about 90 ms of CPU for a
        // 30 KB page (whatever the window), where 8 takes about 1 ms and comes out 0.1% bigger.
        brotliAsync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 8, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      ]);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      this.pages.set(key, { status: 200, contentType: sent.contentType, policy, etag, body, gzip: gzipped, brotli, readAt: sent.stamp.readAt, pages: sent.stamp.pages });
    } catch {
      // Not kept; rendered again next time.
    }
  }
}

/** The colour scheme to draw a page in: the signed-in person's own, else this browser's cookie's. */
export function colourSchemeOf(req: Request): ColourScheme {
  return req.viewer ? req.viewer.user.colourScheme : colourSchemeFrom(readCookie(req, COLOUR_SCHEME_COOKIE));
}

/** The text of every inline script (no src) in the HTML. */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\ssrc\s*=/i.test(` ${match[1]}`)) scripts.push(match[2]);
  }
  return scripts;
}

function onlyTheFormTokenCookie(header: unknown): boolean {
  if (header === undefined) return true;
  const cookies = Array.isArray(header) ? header : [String(header)];
  return cookies.every((cookie) => String(cookie).startsWith(`${CSRF_COOKIE}=`));
}
