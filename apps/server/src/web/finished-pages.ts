import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { COLOUR_SCHEME_COOKIE, type ColourScheme, colourSchemeFrom } from '@commonplace/load-context';
import type { NextFunction, Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../accounts/sessions.service';
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
  /** Made when first asked for (most browsers take brotli). */
  gzip: Buffer | null;
  brotli: Buffer;
  /** When its reads were stamped, and the wiki pages they concern (null: anything on the site). */
  readAt: number;
  pages: readonly number[] | null;
  /** Kept for one signed-in person's session: who they were and their unnotified state when it was made. */
  person: PersonalStamp | null;
}

/** What a page kept for one person was made for; it is sent only while both are still so. */
interface PersonalStamp {
  /** A hash of the person's account row as the session lookup read it (name, role, suspension, scheme…). */
  who: string;
  /** Their state that changes without a data-changed notification (the unread count), read before rendering. */
  state: string;
}

export interface FinishedPagesOptions {
  /**
   * A signed-in person's state that pages show but that changes with no data-changed notification
   * (the unread notification count), as a string to compare; without it, no page is kept for anyone
   * signed in.
   */
  personalState?: (viewer: Viewer) => Promise<string>;
}

/**
 * The pages kept for one signed-in person: a wiki page's own view, whose every read either has a
 * data-changed notification (the page, its threads, watches, the person's account row) or is
 * re-checked for each request (the unread count). Other pages show things that change without one
 * (a person's notifications list, sessions, two-step settings), so they are rendered every time.
 */
const KEPT_FOR_A_PERSON = /^\/wiki\/[^/.]+\/?$/;

/** No page bigger than this is kept (the largest wiki pages render to a few hundred KB). */
const MOST_BYTES_KEPT = 2 * 1024 * 1024;

/**
 * Pages as people who are not signed in see them are the same for all of them, so the finished
 * HTML is kept, with a brotli copy made once (off the main thread; gzip when first asked for), and sent again with
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
    // The gzip copy, made later, is counted as the size of the brotli one.
    sizeCalculation: (page) => page.body.length + 2 * page.brotli.length + 500,
  });

  /** Pages kept for one session each (see keepFor). */
  private readonly personal = new LRUCache<string, FinishedPage>({
    max: 2000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (page) => page.body.length + 2 * page.brotli.length + 500,
  });

  /** Requests answered with a kept page, and shareable requests that were rendered (the metrics read these). */
  readonly counts = { hits: 0, misses: 0 };
  /** The same for pages kept for one person. */
  readonly personalCounts = { hits: 0, misses: 0 };

  constructor(
    private readonly dataVersion: DataVersion,
    private readonly options: FinishedPagesOptions = {},
  ) {}

  /** Serves the request from a kept page if it may; otherwise keeps the page the handler sends, if it may. */
  middleware(reads: (res: Response) => RequestReads | undefined) {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!this.mayShare(req, res)) {
        if (this.mayKeepFor(req, res)) return void this.keepFor(req, res, next, reads).catch(next);
        return next();
      }
      // The page's <html> names the reader's colour scheme, so each scheme is a page of its own.
      const key = `${colourSchemeOf(req)} ${req.originalUrl}`;
      const kept = this.pages.get(key);
      if (kept && this.dataVersion.isCurrent(kept.readAt, kept.pages)) {
        this.counts.hits++;
        return this.send(req, res, kept);
      }
      this.counts.misses++;
      this.capture(this.pages, key, req, res, reads, null);
      next();
    };
  }

  /**
   * A signed-in person's page, kept for their session alone: rendering the whole page for each
   * view was most of what a signed-in view cost. It is sent again only to the same session (the
   * key is the session's id and the browser's form token, which the page carries), while
   * - the session still names the same person with the same account row (the session is looked up
   *   for every request before this; signing out ends it, and a new name, role, suspension or
   *   colour scheme changes the row's hash),
   * - nothing it read has changed (DataVersion: a wiki page's own reads concern that page, so a
   *   change elsewhere leaves it; their header is their account row, checked here, and their
   *   unread count, checked below),
   * - their state that changes without a notification (the unread count, `personalState`) is what it
   *   was before the page was rendered: read before, so a change while it renders makes it stale,
   *   never wrong;
   * and never when the page read anything personal that has no notification (thread reading,
   * drafts: RequestReads then gives no stamp). It is sent as rendered pages are: `private, no-store`,
   * no ETag, the policy allowing its own inline scripts by hash.
   */
  private async keepFor(req: Request, res: Response, next: NextFunction, reads: (res: Response) => RequestReads | undefined): Promise<void> {
    const viewer = req.viewer!;
    let person: PersonalStamp;
    try {
      person = { who: createHash('sha256').update(JSON.stringify(viewer.user)).digest('base64'), state: await this.options.personalState!(viewer) };
    } catch {
      // Not known (the database is away, say): rendered as any page, which answers for it.
      return next();
    }
    const key = `${viewer.sessionId}\0${req.csrfToken}\0${colourSchemeOf(req)} ${req.originalUrl}`;
    const kept = this.personal.get(key);
    if (kept && kept.person?.who === person.who && kept.person.state === person.state && this.dataVersion.isCurrent(kept.readAt, kept.pages)) {
      this.personalCounts.hits++;
      return this.send(req, res, kept);
    }
    this.personalCounts.misses++;
    this.capture(this.personal, key, req, res, reads, person);
    next();
  }

  private mayKeepFor(req: Request, res: Response): boolean {
    if (!this.options.personalState || !req.viewer || !req.csrfToken || req.databaseUnavailable) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (typeof res.locals.sitePrivate !== 'boolean') return false;
    return KEPT_FOR_A_PERSON.test(req.path);
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

  private send(req: Request, res: Response, page: FinishedPage, { first = false } = {}): void {
    res.setHeader('Vary', 'Accept-Encoding, Cookie');
    if (page.person) {
      // As a rendered page for someone signed in is sent: the browser keeps none of it.
      res.setHeader('Cache-Control', 'private, no-store');
    } else {
      res.setHeader('ETag', page.etag);
      // The browser may keep it but must ask each time: a change must show at once.
      res.setHeader('Cache-Control', 'private, no-cache');
    }
    if (!first && !page.person && req.fresh) {
      res.status(304).end();
      return;
    }
    // The smallest copy the browser takes: Chromium sends "gzip, deflate, br, zstd", all weighted
    // equally, and negotiating in that order would pick gzip.
    const encoding = req.acceptsEncodings('br') ? 'br' : req.acceptsEncodings('gzip') ? 'gzip' : 'identity';
    if (encoding === 'gzip' && !page.gzip) {
      // zlib's default level (6): within 0.5% of level 9's size for a page, in three quarters of the time.
      gzipAsync(page.body).then(
        (gzipped) => {
          page.gzip = gzipped;
          this.sendBody(req, res, page, encoding, gzipped);
        },
        () => this.sendBody(req, res, page, 'identity', page.body),
      );
      return;
    }
    this.sendBody(req, res, page, encoding, encoding === 'br' ? page.brotli : encoding === 'gzip' ? page.gzip! : page.body);
  }

  private sendBody(req: Request, res: Response, page: FinishedPage, encoding: string, body: Buffer): void {
    if (res.destroyed) return;
    if (encoding === 'br' || encoding === 'gzip') res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Security-Policy', page.policy);
    res.setHeader('Content-Type', page.contentType);
    res.setHeader('Content-Length', body.length);
    res.status(page.status);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  }

  /**
   * Holds back what the handler sends. A page that may be kept is kept, and this first answer is
   * already the kept copy (its brotli body, the policy with hashes, the ETag), so the page is
   * compressed once, not three times (on the fly for this answer, then gzip and brotli to keep).
   * Anything else goes on unchanged, as it would have, when the handler ends it.
   */
  private capture(
    pages: LRUCache<string, FinishedPage>,
    key: string,
    req: Request,
    res: Response,
    reads: (res: Response) => RequestReads | undefined,
    person: PersonalStamp | null,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write as (...args: unknown[]) => boolean;
    const end = res.end as (...args: unknown[]) => Response;
    const restore = () => {
      res.write = write as Response['write'];
      res.end = end as Response['end'];
    };
    /** Sends what was held back as the handler gave it; from now on the handler writes straight through. */
    const letThrough = () => {
      restore();
      for (const chunk of chunks) write.call(res, chunk);
      chunks.length = 0;
    };
    const hold = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
      hold(chunk, rest[0]);
      // Too big to keep, or a stream whose headers already went (an event stream): what was held
      // goes out, and the rest as it comes.
      if (size > MOST_BYTES_KEPT || res.headersSent) letThrough();
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    } as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') hold(chunk, rest[0]);
      const callback = [chunk, ...rest].find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) res.once('finish', callback);
      restore();
      const page = this.keepable(req, res, Buffer.concat(chunks), reads, person);
      if (!page) {
        // Not for keeping: sent as the handler gave it (compressed on the fly, as any answer).
        if (chunks.length > 0) write.call(res, Buffer.concat(chunks));
        return end.call(res);
      }
      this.make(page).then(
        (made) => {
          pages.set(key, made);
          if (!res.destroyed) this.send(req, res, made, { first: true });
        },
        () => {
          // Not kept; this answer goes as rendered (compressed on the fly), and the page is rendered again next time.
          if (res.destroyed) return;
          res.setHeader('Content-Security-Policy', page.policy);
          end.call(res, page.body);
        },
      );
      return res;
    }) as Response['end'];
  }

  /** The page to keep from what the handler sent, or null when it may not be shared. */
  private keepable(
    req: Request,
    res: Response,
    html: Buffer,
    reads: (res: Response) => RequestReads | undefined,
    person: PersonalStamp | null,
  ): Omit<FinishedPage, 'brotli' | 'gzip' | 'etag'> | null {
    if (req.method !== 'GET' || res.statusCode !== 200 || html.length > MOST_BYTES_KEPT) return null;
    const contentType = String(res.getHeader('Content-Type') ?? '');
    if (!contentType.startsWith('text/html')) return null;
    if (!onlyTheFormTokenCookie(res.getHeader('Set-Cookie'))) return null;
    const stamp = reads(res)?.stamp();
    if (!stamp) return null;
    const sentPolicy = String(res.getHeader('Content-Security-Policy') ?? '');
    const nonce = String(res.locals.cspNonce ?? '');
    const text = html.toString('utf8');
    // The form token is the visitor's own: a page that carries it is theirs alone (kept, if at all, for their session only).
    if (!nonce || !sentPolicy.includes(`'nonce-${nonce}'`) || (!person && req.csrfToken && text.includes(req.csrfToken))) return null;
    const shared = text.split(` nonce="${nonce}"`).join('');
    // Any other trace of the nonce (none is expected) and the page is not kept.
    if (shared.includes(nonce)) return null;
    const hashes = inlineScripts(shared).map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
    const policy = sentPolicy.replace(`'nonce-${nonce}'`, hashes.join(' ') || "'none'").replace("'self' 'none'", "'self'");
    return { status: 200, contentType, policy, body: Buffer.from(shared, 'utf8'), readAt: stamp.readAt, pages: stamp.pages, person };
  }

  /**
   * The kept page's brotli copy, made once. Quality 5 with a 256 KB window: for a 30 KB page it
   * takes about 0.8 ms of CPU where quality 8 with brotli's 4 MB window took 1.0–1.2 ms (and gzip 9
   * another 0.65 ms), for 0.3% more bytes. The gzip copy is made only if a browser that does not
   * take brotli asks (few do).
   */
  private async make(page: Omit<FinishedPage, 'brotli' | 'gzip' | 'etag'>): Promise<FinishedPage> {
    const brotli = await brotliAsync(page.body, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_LGWIN]: 18, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: page.body.length },
    });
    const etag = `"${createHash('sha256').update(page.body).digest('base64url').slice(0, 27)}"`;
    return { ...page, etag, brotli, gzip: null };
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
