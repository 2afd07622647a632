import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

export type SiteLogger = Logger;

/**
 * The one pino logger of the process: JSON lines on stdout (pino's own synchronous writer), or, in
 * development (`NODE_ENV=development`, as `npm run dev` sets) with `pino-pretty` installed, coloured
 * lines for a person. LOG_FORMAT=json|pretty overrides that; LOG_LEVEL (default `info`) filters.
 * Under Jest (NODE_ENV=test) it is silent unless LOG_LEVEL is set: specs that look at the log pass
 * their own destination.
 */
export function createLogger(options: { destination?: DestinationStream; level?: string } = {}): SiteLogger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  const settings: pino.LoggerOptions = {
    level,
    base: undefined, // no pid and hostname on every line: one process per container or unit
    // Nothing here logs headers or bodies; should anything ever log a request object, these stay out.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], censor: '[redacted]' },
  };
  if (options.destination) return pino(settings, options.destination);
  if (wantsPretty()) return pino({ ...settings, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'req.id' } } });
  return pino(settings);
}

function wantsPretty(): boolean {
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === 'development' ? 'pretty' : 'json');
  if (format !== 'pretty') return false;
  try {
    require.resolve('pino-pretty'); // a development dependency: not there after `npm install --omit=dev`
    return true;
  } catch {
    return false;
  }
}

/** Nest's own start-up chatter (each module, route and gateway it sets up): left out, as before. */
const NEST_STARTUP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'GraphQLModule', 'WebSocketsController']);

class SiteNestLogger extends NestPinoLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && NEST_STARTUP.has(context)) return;
    super.log(message, ...optionalParams);
  }
}

/**
 * Nest's application logger (nestjs-pino's Logger): every `new Logger(...)` in the services writes
 * through the same pino logger, with its `context`. nestjs-pino's LoggerModule is not used, since
 * its request middleware would be set up after the web client's (see configure-http.ts).
 */
export function nestLogger(logger: SiteLogger): NestPinoLogger {
  return new SiteNestLogger(new PinoLogger({ pinoHttp: { logger } }), {});
}

/** What the request line needs from the request's observation (metrics.ts): measured once, at its end. */
export interface RequestFacts {
  route(req: IncomingMessage): string;
  durationMs(res: ServerResponse): number;
}

/**
 * One line per request, written when the response is finished (or the client left):
 * `{"level":30,"time":…,"req":{"id":…,"method":"GET","path":"/wiki/x"},"res":{"statusCode":200},"route":"/wiki/:slug","durationMs":1.8,"msg":"request"}`.
 * Only those fields: never headers (cookies, authorization), the query string (search words,
 * tokens) or a body (passwords, post text).
 */
export function requestLogging(logger: SiteLogger, facts: RequestFacts): HttpLogger {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.originalUrl ?? req.url ?? '') }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      // A proxy's id is kept (one id across both logs) when it looks like one; otherwise a new one.
      const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: { res: ServerResponse }) => ({ res: value.res, route: facts.route(req), durationMs: facts.durationMs(res) }),
    customErrorObject: (req, res, error, value: { res: ServerResponse }) => ({ res: value.res, err: error, route: facts.route(req), durationMs: facts.durationMs(res) }),
  });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
