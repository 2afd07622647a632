import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@react-router/express';
import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import type { ServerBuild } from 'react-router';
import { StartupError } from '../config';
import { limitBodyStream } from '../http/body-limit';
import { GraphqlExecutor } from '../graphql/graphql-executor.service';
import { createRequestContext, type RequestReads } from '../graphql/request-context';
import { DataVersion } from '../database/data-version.service';
import { SiteMetrics } from '../observability/metrics';
import { colourSchemeOf, FinishedPages } from './finished-pages';
import type { WebLoadContext } from './load-context';
import { openInPrivateMode } from '@commonplace/load-context';
import { SiteSettingsService } from '../site/site-settings.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ThreadReadingService } from '../discussions/thread-reading.service';
import type { Viewer } from '../accounts/sessions.service';
import { isDatabaseUnavailable } from '../database/database-unavailable';

/** Paths the API serves (controllers: files, the MediaWiki import's upload and report); everything else is a web page rendered by React Router. */
const SERVER_PATHS = /^\/((graphql|healthz|readyz|socket\.io|admin\/export\.zip|admin\/import\/upload|admin\/import\/report\.md)(\/|$)|files\/[0-9a-f]{64}\/)/;

/**
 * Serves the web client from this same process: hashed assets with long caching, then React Router's
 * server rendering for every page. Loaders reach data through the in-process GraphQL executor.
 */
export function mountWebClient(app: INestApplication, webBuildDir: string, production: boolean): void {
  const serverBuildFile = path.join(webBuildDir, 'server', 'index.js');
  if (!existsSync(serverBuildFile)) {
    throw new StartupError(`the web client is not built (${serverBuildFile} is missing). Run "npm run build" first, or use "npm start", which builds it.`);
  }
  // The server bundle is CommonJS (react-router.config.ts), so a plain require loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(serverBuildFile) as ServerBuild;
  const metrics = app.get(SiteMetrics);
  // The request log and metrics name pages by these routes' patterns.
  metrics.routes.usePages(build);
  const executor = app.get(GraphqlExecutor);
  const handler = createRequestHandler({
    build,
    mode: production ? 'production' : 'development',
    getLoadContext: (req, res): WebLoadContext => {
      const context = createRequestContext(req, res);
      // What the page read decides how long FinishedPages may keep it.
      res.locals.requestReads = context.reads;
      return {
        graphql: (query, variables, options) => executor.execute(query, variables, context, { cacheable: options?.cacheable ?? true, concerns: options?.concerns }),
        csrfToken: req.csrfToken ?? '',
        signedIn: Boolean(req.viewer),
        nonce: String(res.locals.cspNonce ?? ''),
        colourScheme: colourSchemeOf(req),
      };
    },
  });

  const clientDir = path.join(webBuildDir, 'client');
  // File names under /assets carry a content hash: they can be cached for good.
  const assetsDir = path.join(clientDir, 'assets');
  app.use('/assets', precompressedAssets(assetsDir));
  app.use('/assets', express.static(assetsDir, { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  // Other public files have extensions; page paths never do, so they skip the file lookup.
  const publicFiles = express.static(clientDir, { maxAge: '1h', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  const notifications = app.get(NotificationsService);
  const reading = app.get(ThreadReadingService);
  // A wiki page is kept for a signed-in person's session too. Their unread notifications and how far
  // they have read its threads have no data-changed notification, so both are read for every view
  // and must be what they were when the page was made.
  const personalState = async (viewer: Viewer) => {
    const [unread, readTo] = await Promise.all([notifications.unreadCount(viewer), reading.readingStamp(viewer)]);
    return `unread ${unread} read ${readTo}`;
  };
  const kept = process.env.READ_CACHE === 'off' ? null : new FinishedPages(app.get(DataVersion), { personalState });
  if (kept) metrics.watchFinishedPages(kept);
  const finishedPages = kept?.middleware((res) => res.locals.requestReads as RequestReads | undefined);
  const site = app.get(SiteSettingsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) return next();
    privateModeGate(site, req, res, () => serve(req, res, next)).catch(next);
  });
  const serve = (req: Request, res: Response, next: NextFunction) => {
    if (finishedPages && (req.method === 'GET' || req.method === 'HEAD')) return finishedPages(req, res, () => handler(req, res, next));
    // Attached in the same tick as React Router's own reader (the handler's first, synchronous
    // step), so both see every chunk; nothing flows before either listens.
    if (req.method !== 'GET' && req.method !== 'HEAD') limitBodyStream(req, res);
    return handler(req, res, next);
  };
}

/**
 * A private site: someone signed out may open only the pages that lead to signing in
 * (openInPrivateMode); any other page sends them to sign in with a return address (303), and
 * feeds and exports answer 401. The answer is decided here, before FinishedPages, so a page kept
 * while the site was public is never sent on a private one (FinishedPages also keeps and serves
 * nothing while `res.locals.sitePrivate`). React Router's data requests (`.data`) go on to the root
 * loader, which answers them with a redirect React Router understands; their queries are refused
 * by the GraphQL guard in any case.
 */
async function privateModeGate(site: SiteSettingsService, req: Request, res: Response, next: () => void): Promise<void> {
  let isPrivate = false;
  if (!req.databaseUnavailable) {
    try {
      isPrivate = await site.isPrivate();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Not known while the database is away: the page answers 503 (as when the session cannot be
      // read), which shows nothing of the wiki, and no kept page is sent (sitePrivate stays unset).
      req.databaseUnavailable = true;
      return next();
    }
  }
  res.locals.sitePrivate = isPrivate;
  if (!isPrivate || req.viewer || openInPrivateMode(req.path) || req.path.endsWith('.data')) return next();
  res.setHeader('Cache-Control', 'private, no-store');
  if (/\.(atom|csv|json)$/i.test(req.path)) {
    res.status(401).type('text/plain').send('This site is private: sign in to read its feeds and exports.\n');
    return;
  }
  const here = req.originalUrl;
  res.redirect(303, here === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(here)}`);
}

/**
 * The build writes a brotli (quality 11) and a gzip (level 9) copy beside each script and
 * stylesheet (apps/web/vite.config.ts); this sends the one the browser accepts, brotli first, as
 * it is: smaller than compressing on the fly and no work per request. The compression middleware
 * leaves a response that already has a Content-Encoding alone. Anything else falls through to the
 * plain files.
 */
function precompressedAssets(assetsDir: string) {
  const copies = new Set(existsSync(assetsDir) ? readdirSync(assetsDir).filter((name) => /\.(br|gz)$/.test(name)) : []);
  const sendOptions = { immutable: true, maxAge: '365d', dotfiles: 'deny' as const };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    if (!copies.has(`${name}.br`) && !copies.has(`${name}.gz`)) return next();
    res.vary('Accept-Encoding');
    const encoding = copies.has(`${name}.br`) && req.acceptsEncodings('br') ? 'br' : copies.has(`${name}.gz`) && req.acceptsEncodings('gzip') ? 'gzip' : null;
    if (!encoding) return next();
    // The type of the file itself, not of its compressed copy (send keeps a type already set).
    res.type(path.extname(name));
    res.setHeader('Content-Encoding', encoding);
    res.sendFile(`${name}.${encoding === 'br' ? 'br' : 'gz'}`, { ...sendOptions, root: assetsDir }, (error) => {
      if (error && !res.headersSent) {
        res.removeHeader('Content-Encoding');
        next();
      }
    });
  };
}
