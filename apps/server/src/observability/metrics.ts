import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Injectable, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { GraphqlExecutor } from '../graphql/graphql-executor.service';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import type { RequestFacts } from './logger';
import { RouteLabels } from './request-route';

const STARTED = Symbol('commonplace.started');
const DURATION = Symbol('commonplace.durationMs');
const ROUTE = Symbol('commonplace.route');
type Observed = { [STARTED]?: number; [DURATION]?: number };
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The site's Prometheus metrics (prom-client), in a registry of its own (one per app: tests run
 * several in one process), served at `/metrics` to whoever holds METRICS_TOKEN. Per request it does
 * one `performance.now()` at each end, one route lookup (a map hit for a path seen before) and one
 * histogram observation; everything else (database pool, caches, sockets, email) is read only when
 * Prometheus scrapes.
 */
@Injectable()
export class SiteMetrics implements RequestFacts {
  readonly registry = new Registry();
  readonly routes = new RouteLabels();
  private readonly requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its response being sent, by method, route pattern and status (its _count counts requests)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private finishedPages: { counts: { hits: number; misses: number }; personalCounts: { hits: number; misses: number } } | null = null;

  /** First of all middleware: notes when the request came, and measures it when its response is done. */
  readonly observe = (req: Request, res: Response, next: NextFunction): void => {
    (res as Observed)[STARTED] = performance.now();
    res.once('close', () => {
      const method = METHODS.has(req.method) ? req.method : 'other';
      const status = res.writableFinished ? res.statusCode : 'aborted';
      this.requests.observe({ method, route: this.route(req), status }, this.durationMs(res) / 1000);
    });
    next();
  };

  route(req: IncomingMessage & { originalUrl?: string; [ROUTE]?: string }): string {
    if (req[ROUTE] === undefined) {
      const url = req.originalUrl ?? req.url ?? '/';
      const query = url.indexOf('?');
      req[ROUTE] = this.routes.of(query === -1 ? url : url.slice(0, query));
    }
    return req[ROUTE];
  }

  /** Milliseconds (to 0.01) from arrival to now, fixed at the first ask. */
  durationMs(res: ServerResponse & Observed): number {
    if (res[DURATION] === undefined) res[DURATION] = Math.round((performance.now() - (res[STARTED] ?? performance.now())) * 100) / 100;
    return res[DURATION];
  }

  /**
   * `/metrics`: 404 (as any unknown address) when METRICS_TOKEN is unset, so nothing is exposed by
   * default; 401 without `Authorization: Bearer <METRICS_TOKEN>`; else Prometheus' text format.
   */
  endpoint(token: string | undefined) {
    const expected = token ? createHash('sha256').update(token).digest() : null;
    return (req: Request, res: Response, next: NextFunction): void => {
      if (!expected || req.path !== '/') return next();
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
        res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('A bearer token (METRICS_TOKEN) is needed.\n');
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      this.registry.metrics().then(
        (text) => res.type(this.registry.contentType).send(text),
        (error: unknown) => next(error),
      );
    };
  }

  /** The process' own metrics (CPU, memory, event-loop delay, garbage collection): for the server process, not for tests. */
  collectProcessMetrics(): void {
    // The event-loop delay is sampled every 100 ms, not prom-client's 10 ms: its timer woke an idle
    // server 100 times a second (3.5 ms of CPU a second with nothing asked, 0.7 ms now), and ten
    // samples a second still give the percentiles a scrape reads.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
  }

  /** The pages kept for people signed out (web-client.ts). */
  watchFinishedPages(finishedPages: { counts: { hits: number; misses: number }; personalCounts: { hits: number; misses: number } }): void {
    this.finishedPages = finishedPages;
  }

  /** Metrics read from the app's parts when scraped. */
  watch(app: INestApplication): void {
    const dataSource = app.get(DataSource);
    const executor = app.get(GraphqlExecutor);
    const gateway = app.get(RealtimeGateway, { strict: false });
    const mailer = app.get(NotificationMailer, { strict: false });
    const finished = () => this.finishedPages;
    const pool = () => (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    new Gauge({
      name: 'commonplace_database_pool_connections',
      help: 'Connections in the database pool: open (total), idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const master = pool();
        this.set({ state: 'total' }, master?.totalCount ?? 0);
        this.set({ state: 'idle' }, master?.idleCount ?? 0);
        this.set({ state: 'waiting' }, master?.waitingCount ?? 0);
      },
    });
    new Counter({
      name: 'commonplace_read_cache_requests_total',
      help: 'Reads answered from a cache (hit) or not (miss): cache="graphql" is the read cache of GraphQL results, cache="finished_pages" the pages kept for people signed out, cache="personal_pages" wiki pages kept for one signed-in session',
      labelNames: ['cache', 'result'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ cache: 'graphql', result: 'hit' }, executor.readCache.hits);
        this.inc({ cache: 'graphql', result: 'miss' }, executor.readCache.misses);
        this.inc({ cache: 'finished_pages', result: 'hit' }, finished()?.counts.hits ?? 0);
        this.inc({ cache: 'finished_pages', result: 'miss' }, finished()?.counts.misses ?? 0);
        this.inc({ cache: 'personal_pages', result: 'hit' }, finished()?.personalCounts.hits ?? 0);
        this.inc({ cache: 'personal_pages', result: 'miss' }, finished()?.personalCounts.misses ?? 0);
      },
    });
    new Gauge({
      name: 'commonplace_socketio_connections',
      help: 'Live-update (socket.io) connections open to this process',
      registers: [this.registry],
      collect() {
        this.set(gateway.server?.engine?.clientsCount ?? 0);
      },
    });
    new Counter({
      name: 'commonplace_email_digest_failures_total',
      help: 'Notification digests this process could not send (each is retried by the queue)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(mailer.failedDeliveries);
      },
    });
    new Gauge({
      name: 'commonplace_email_digests_queued',
      help: 'Notification digests waiting to be sent (0 when email is off)',
      registers: [this.registry],
      async collect() {
        this.set((await mailer.queuedDigests().catch(() => null)) ?? 0);
      },
    });
  }
}
