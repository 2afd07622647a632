import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

const CHANNEL = 'commonplace_data_changed';
/** The listening connection's `application_name`. */
export const CHANGE_FEED_NAME = 'commonplace change feed';
/** The payload prefix of settle()'s own notifications, which are not changes. */
const SETTLED = 'settled:';

/**
 * Tells whether something read from the database earlier is still what it holds, in any server
 * process: PostgreSQL notifies every listener on commit (migrations DataChangedNotifications and
 * ScopedDataChanges). Each notification names a table and either the wiki pages the change concerns
 * or none (a change that concerns every page). A read is stamped with `current()` before it starts;
 * what it returns stays current until a change to one of the pages it concerns, or a site-wide one,
 * is heard. While the listening connection is down, `current()` is null and nothing is current.
 */
@Injectable()
export class DataVersion implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DataVersion.name);
  /** Counts the changes heard; a read's stamp. */
  private version = 0;
  /** The version at the last change that concerned every page (or when changes may have been missed). */
  private siteChangedAt = 0;
  /** The version at the last change that concerned each page (one number per page ever changed). */
  private readonly pageChangedAt = new Map<number, number>();
  /** settle() calls waiting for their own notification to come back. */
  private readonly settling = new Map<string, () => void>();
  /** The newest settle(): the next one resolves only after it. Never rejects. */
  private lastSettle: Promise<void> = Promise.resolve();
  /** Work waiting for the next settle() to begin (afterSettle). */
  private readonly dueAfterSettle: (() => void)[] = [];
  private client: Client | null = null;
  private listening = false;
  private closing = false;
  /** A reconnect loop is running (at most one). */
  private reconnecting = false;
  private readonly tableListeners = new Map<string, Set<() => void>>();
  /** Other channels heard on the same connection (e.g. `commonplace_notified`), with their listeners. */
  private readonly channelListeners = new Map<string, Set<(payload: string) => void>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (await this.connect()) return;
    this.logger.warn('cannot listen for data changes; reads are not cached until it can');
    void this.reconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.client?.end().catch(() => undefined);
  }

  /** The stamp for a read about to start, or null when reads cannot be kept. */
  current(): number | null {
    return this.listening ? this.version : null;
  }

  /**
   * Whether what was read at `readAt` is still what the database holds: for a read that concerns
   * only `pages`, no change to them or to the whole site since; for any other read (`pages` null),
   * no change at all since.
   */
  isCurrent(readAt: number, pages: Iterable<number> | null): boolean {
    if (!this.listening) return false;
    if (pages === null) return this.version === readAt;
    if (this.siteChangedAt > readAt) return false;
    for (const page of pages) if ((this.pageChangedAt.get(page) ?? 0) > readAt) return false;
    return true;
  }

  /**
   * Calls `listener` whenever a change to `table` is committed by any process, and whenever the
   * listening connection comes back (changes may have been missed meanwhile).
   */
  onTableChanged(table: string, listener: () => void): void {
    const listeners = this.tableListeners.get(table) ?? new Set();
    listeners.add(listener);
    this.tableListeners.set(table, listeners);
  }

  /**
   * Calls `listener` with the payload of every NOTIFY on `channel` committed by any process, from
   * now on (notifications sent while the connection was down are lost: a listener that cares
   * re-reads). Uses the one listening connection.
   */
  onNotification(channel: string, listener: (payload: string) => void): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    const listeners = this.channelListeners.get(channel) ?? new Set();
    const first = listeners.size === 0;
    listeners.add(listener);
    this.channelListeners.set(channel, listeners);
    if (first && this.client) void this.client.query(`LISTEN ${channel}`).catch(() => undefined);
  }

  /** Treats everything read so far as out of date, in this process. */
  changed(): void {
    this.siteChanged();
  }

  /**
   * For a write this process has just committed: resolves once the notifications of that write have
   * been heard here, so the writer's own next read cannot be served what it read before the write.
   * PostgreSQL delivers notifications in commit order, so a notification sent after the write's
   * commit comes back after the write's own. Costs one round trip instead of the whole read cache;
   * if the echo does not come back within a second, everything is treated as changed.
   *
   * Settles resolve in the order they began, and each runs the work given to `afterSettle` before it
   * began: so a mutation's answer, which waits for a settle, leaves after the live events of its
   * change have been sent.
   */
  settle(): Promise<void> {
    const due = this.dueAfterSettle.splice(0);
    const previous = this.lastSettle;
    const settled = this.echo()
      .then(() => previous)
      .finally(() => due.forEach((work) => this.run(work)));
    this.lastSettle = settled;
    return settled;
  }

  /** Runs `work` once this process has heard every change committed so far (see settle). */
  afterSettle(work: () => void): void {
    this.dueAfterSettle.push(work);
    void this.settle();
  }

  private run(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logger.warn(`work after a settle failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Sends a marker notification and waits for it to come back on the listening connection. */
  private async echo(): Promise<void> {
    if (!this.listening) return this.changed();
    const token = randomUUID();
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1_000);
      this.settling.set(token, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      // Sent on the listening connection itself: it commits after the write did, so it comes back
      // after the write's notification all the same, and it takes no connection from the pool.
      const client = this.client;
      if (!client) throw new Error('not listening');
      // Named, so the connection parses it once rather than on every mutation.
      await client.query({ name: 'data-version:settle', text: 'SELECT pg_notify($1, $2)', values: [CHANNEL, `${SETTLED}${token}`] });
      if (!(await heard)) this.changed();
    } catch {
      this.changed();
    } finally {
      this.settling.delete(token);
    }
  }

  private siteChanged(): void {
    this.version++;
    this.siteChangedAt = this.version;
  }

  /** A notification's payload: `table` (a change concerning every page), `table:id,id,…` or `table:` (no page). */
  private heard(payload: string): void {
    if (payload.startsWith(SETTLED)) {
      this.settling.get(payload.slice(SETTLED.length))?.();
      return;
    }
    const colon = payload.indexOf(':');
    const table = colon === -1 ? payload : payload.slice(0, colon);
    if (colon === -1) {
      this.siteChanged();
    } else {
      // `table:` names no page (a change no page shows, PeoplePrivateChanges): only reads that concern
      // no particular pages are dropped, by the version moving on.
      this.version++;
      for (const id of payload.slice(colon + 1).split(',')) if (id) this.pageChangedAt.set(Number(id), this.version);
    }
    if (table) this.tableListeners.get(table)?.forEach((listener) => listener());
  }

  /**
   * Opens the listening connection; true once it listens. While it is down, changes may be missed,
   * so on success the version moves on and every table listener is told to re-read.
   */
  private async connect(): Promise<boolean> {
    const options = this.dataSource.options as PostgresDataSourceOptions;
    // Named, so an operator (and the database-restart test) can find the change feed in pg_stat_activity.
    const client = new Client({ connectionString: options.url, connectionTimeoutMillis: 3_000, application_name: CHANGE_FEED_NAME });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) {
        this.channelListeners.get(message.channel)?.forEach((listener) => listener(message.payload ?? ''));
        return;
      }
      this.heard(message.payload ?? '');
    });
    // Both fire when PostgreSQL goes away ('error', then 'end'): lost() acts once, for the current client.
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      for (const channel of this.channelListeners.keys()) await client.query(`LISTEN ${channel}`);
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return false;
    }
    this.client = client;
    this.siteChanged();
    this.tableListeners.forEach((listeners) => listeners.forEach((listener) => listener()));
    this.listening = true;
    return true;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    client.end().catch(() => undefined);
    if (this.closing) return;
    this.logger.warn('lost the connection that listens for data changes; reads are not cached until it is back');
    void this.reconnect();
  }

  /**
   * One attempt at a time, waiting 0.25 s, then twice as long after each failure up to 5 s: a
   * database that is down for a minute gets a dozen attempts, not a storm of parallel connections.
   */
  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      for (let delay = 250; !this.closing; delay = Math.min(delay * 2, 5_000)) {
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        if (this.closing) return;
        if (await this.connect()) {
          this.logger.warn('listening for data changes again; reads are cached again');
          return;
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }
}
