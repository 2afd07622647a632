import './production-default';
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { readConfig, StartupError } from './config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { configureHttp } from './http/configure-http';
import { createLogger, nestLogger } from './observability/logger';
import { FirstRunService } from './accounts/first-run.service';
import { SiteMetrics } from './observability/metrics';
import { mountWebClient } from './web/web-client';

/** Start-up must end within 15 s with one clear line when something is wrong. */
const DATABASE_CONNECT_TIMEOUT_MS = 8_000;

async function main(): Promise<void> {
  // Everything the running server says is a JSON line through this logger (README, "Logs and
  // metrics"); only a failed start-up is one plain line on stderr, for the person starting it.
  const logger = createLogger();
  // A failed promise nobody awaited (a database connection lost half-way, say) is logged: one such
  // slip must not end the process and every other request with it.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'Unhandled rejection (still running)');
  });
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    console.error(`Commonplace could not start: ${error instanceof StartupError ? error.message : String(error)}`);
    process.exit(1);
  }
  let embedded: EmbeddedDatabase | undefined;
  let app: NestExpressApplication | undefined;
  let stopping = false;

  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (app) {
      await finishRequests(app.getHttpServer() as Server);
      await databaseIdle(app.get(DataSource));
    }
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGHUP', () => void stop(0));

  try {
    let databaseUrl: string;
    if (config.databaseUrl) {
      databaseUrl = config.databaseUrl;
      await checkReachable(databaseUrl);
    } else {
      if (config.dataDirNote) logger.info(config.dataDirNote);
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
      databaseUrl = embedded.url;
    }
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ databaseUrl, production: config.production, redisUrl: config.redisUrl, logger }), {
      // Held until the pino logger takes over, just below.
      bufferLogs: true,
      // Bodies are parsed where they are used (configureHttp for /graphql; React Router for forms).
      bodyParser: false,
    });
    app.useLogger(nestLogger(logger));
    app.get(SiteMetrics).collectProcessMetrics();
    configureHttp(app);
    mountWebClient(app, config.webBuildDir, config.production);
    await listen(app, config.port, config.host);
    const where = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/`;
    logger.info(`Commonplace is running at ${where} (database: ${embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'})`);
    // First run: no administrator yet, so one line with the one-time address that creates one.
    const setup = await app.get(FirstRunService).setupAddress(process.env.SITE_URL || where);
    if (setup) logger.info(`No administrator yet: set this site up at ${setup} (a one-time address; or run "npm run admin -- create <username>")`);
  } catch (error) {
    const message = error instanceof StartupError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
    console.error(`Commonplace could not start: ${message}`);
    await stop(1);
  }
}

/**
 * Stops taking requests and lets those in flight finish (up to 10 s) before the database closes:
 * Nest's own close() shuts the database down before the HTTP server.
 */
async function finishRequests(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, 10_000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Waits (up to 5 s) until no query is running: a request whose client already left may still be working. */
async function databaseIdle(dataSource: DataSource): Promise<void> {
  const pool = (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
  for (let waited = 0; pool && waited < 5000; waited += 20) {
    if (pool.waitingCount === 0 && pool.totalCount === pool.idleCount) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function checkReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `cannot reach the PostgreSQL server in DATABASE_URL (${redact(url)}): ${reason}. Check that it is running and the URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function listen(app: NestExpressApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${port} on ${host} is already in use. Stop the program using it, or choose another port, e.g. PORT=3001 npm start.`);
    if (code === 'EACCES') throw new StartupError(`not allowed to listen on port ${port}. Choose a port above 1023, e.g. PORT=3000.`);
    throw error;
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

void main();
