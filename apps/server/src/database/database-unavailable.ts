import { GraphQLError } from 'graphql';

/** What GraphQL clients and the web client's error page read: "try again shortly", not "we broke". */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** A PostgreSQL restart takes a few seconds; clients are told to wait this long before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that say the server cannot be used right now, whatever the query: shutting down or
 * starting up (57P01–57P03), connection failures (class 08), too many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);

/** Socket errors from connecting to (or losing) the database host. */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Messages of node-postgres (pg, pg-pool) for a connection that failed or ended, which carry no code:
 * a pool connection timeout, a connection that ended mid-query, a client that had already failed.
 */
const NETWORK_MESSAGES = /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * Whether `error` means the database cannot be reached right now (as opposed to a query that is
 * wrong): then the right answer is 503 and "try again shortly", and nothing was saved. Looks through
 * the wrappers on the way: TypeORM's `driverError`, GraphQL's `originalError`, `cause`, AggregateError.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const candidate = error as { code?: unknown; message?: unknown; extensions?: { code?: unknown }; driverError?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (candidate.extensions?.code === SERVICE_UNAVAILABLE) return true;
  if (typeof candidate.code === 'string' && (UNAVAILABLE_SQLSTATES.has(candidate.code) || NETWORK_ERRORS.has(candidate.code))) return true;
  if (typeof candidate.message === 'string' && NETWORK_MESSAGES.test(candidate.message)) return true;
  if (Array.isArray(candidate.errors) && candidate.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return [candidate.driverError, candidate.originalError, candidate.cause].some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

/** The typed GraphQL error for it; `extensions.http` sets the status and header on /graphql. */
export function serviceUnavailableError(): GraphQLError {
  return new GraphQLError('Commonplace cannot reach its database just now. Nothing was changed; try again in a few seconds.', {
    extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS },
  });
}
