import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@react-router/express';
import type { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import type { ServerBuild } from 'react-router';
import { StartupError } from '../config';
import { limitBodyStream } from '../http/body-limit';
import { GraphqlExecutor } from '../graphql/graphql-executor.service';
import { createRequestContext } from '../graphql/request-context';
import type { WebLoadContext } from './load-context';

/** Paths the API serves; everything else is a web page rendered by React Router. */
const SERVER_PATHS = /^\/(graphql|healthz|readyz|socket\.io)(\/|$)/;

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
  const executor = app.get(GraphqlExecutor);
  const handler = createRequestHandler({
    build,
    mode: production ? 'production' : 'development',
    getLoadContext: (req, res): WebLoadContext => {
      const context = createRequestContext(req, res);
      return {
        graphql: (query, variables, options) => executor.execute(query, variables, context, { cacheable: options?.cacheable ?? true }),
        csrfToken: req.csrfToken ?? '',
        nonce: String(res.locals.cspNonce ?? ''),
      };
    },
  });

  const clientDir = path.join(webBuildDir, 'client');
  // File names under /assets carry a content hash: they can be cached for good.
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  // Other public files (favicon…) have extensions; page paths never do, so they skip the file lookup.
  const publicFiles = express.static(clientDir, { maxAge: '1h', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) return next();
    // Attached in the same tick as React Router's own reader (the handler's first, synchronous
    // step), so both see every chunk; nothing flows before either listens.
    if (req.method !== 'GET' && req.method !== 'HEAD') limitBodyStream(req, res);
    return handler(req, res, next);
  });
}
