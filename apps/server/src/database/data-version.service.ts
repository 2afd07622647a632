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
  private readonly tableListeners = new Map<string, Set<() => void>>();
  /** Other channels heard on the same connection (e.g. `commonplace_notified`), with their listeners. */
  private readonly channelListeners = new Map<string, Set<(payload: string) => void>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
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

  private async listen(): Promise<void> {
    const options = this.dataSource.options as PostgresDataSourceOptions;
    const client = new Client({ connectionString: options.url });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) {
        this.channelListeners.get(message.channel)?.forEach((listener) => listener(message.payload ?? ''));
        return;
      }
      this.version++;
      if (message.payload) this.tableListeners.get(message.payload)?.forEach((listener) => listener());
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      for (const channel of this.channelListeners.keys()) await client.query(`LISTEN ${channel}`);
      this.client = client;
      // Anything may have changed while no one was listening.
      this.version++;
      this.tableListeners.forEach((listeners) => listeners.forEach((listener) => listener()));
      this.listening = true;
    } catch (error) {
      this.logger.warn(`cannot listen for data changes, reads are not cached: ${(error as Error).message}`);
      this.lost(client);
    }
  }

  private lost(client: Client): void {
    if (this.client !== null && this.client !== client) return;
    this.listening = false;
    this.client = null;
    client.end().catch(() => undefined);
    if (!this.closing) setTimeout(() => void this.listen(), 1000).unref();
  }
}
