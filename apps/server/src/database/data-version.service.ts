import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

const CHANNEL = 'commonplace_data_changed';

/**
 * A number that changes whenever committed data that pages show changes, in any server process:
 * PostgreSQL notifies every listener on commit (migration DataChangedNotifications). Cached reads
 * are tagged with the version they were read at and used only while it is current. While the
 * listening connection is down, `current()` is null and nothing is served from cache.
 */
@Injectable()
export class DataVersion implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DataVersion.name);
  private version = 0;
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

  current(): number | null {
    return this.listening ? this.version : null;
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

  /** For a write in this process: its own next read must not wait for the notification. */
  changed(): void {
    this.version++;
  }

  /**
   * Opens the listening connection; true once it listens. While it is down, changes may be missed,
   * so on success the version moves on and every table listener is told to re-read.
   */
  private async connect(): Promise<boolean> {
    const options = this.dataSource.options as PostgresDataSourceOptions;
    const client = new Client({ connectionString: options.url, connectionTimeoutMillis: 3_000 });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) {
        this.channelListeners.get(message.channel)?.forEach((listener) => listener(message.payload ?? ''));
        return;
      }
      this.version++;
      if (message.payload) this.tableListeners.get(message.payload)?.forEach((listener) => listener());
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
    this.version++;
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
