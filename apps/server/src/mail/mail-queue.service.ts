import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';

/** How many jobs a queue's worker takes at once (see workEach). */
export const JOBS_PER_FETCH = 20;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text`, already sanitised. */
  html?: string;
  /** Where the person's "Reply" goes (a reply address that posts into a thread). */
  replyTo?: string;
}

/**
 * The one way out for email, only when SMTP_URL is set: a nodemailer transport, and one pg-boss
 * (tables in its own `pgboss` schema, shared by every server process, so no job lives in one
 * process's memory) on which the mailers (notification digests, password resets) put their queues.
 * Started in onModuleInit, so it is ready when the mailers register their queues in
 * onApplicationBootstrap. Without SMTP_URL, `enabled` is false and pg-boss never starts.
 */
@Injectable()
export class MailQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailQueue.name);
  private started: PgBoss | null = null;
  private transport: Transporter | null = null;
  /** The last queue creation started (see createQueue). */
  private creating: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get enabled(): boolean {
    return this.started !== null;
  }

  /** The queue, or null without SMTP_URL (or once stopping). */
  get boss(): PgBoss | null {
    return this.started;
  }

  async onModuleInit(): Promise<void> {
    const smtpUrl = process.env.SMTP_URL;
    if (!smtpUrl) return;
    this.transport = nodemailer.createTransport(smtpUrl);
    const connectionString = (this.dataSource.options as { url?: string }).url;
    const boss = new PgBoss({ connectionString, max: 2, schema: 'pgboss' });
    boss.on('error', (error) => this.logger.error(`Email queue: ${error.message}`));
    await boss.start();
    this.started = boss;
  }

  /**
   * Creates a queue (if missing), one at a time in this process: pg-boss's createQueue run by two
   * services at once (their onApplicationBootstrap hooks run together) can deadlock in PostgreSQL.
   */
  createQueue(name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
    const boss = this.started;
    if (!boss) return Promise.resolve();
    const created = this.creating.then(() => boss.createQueue(name, { ...options, name }));
    this.creating = created.catch(() => undefined);
    return created;
  }

  /**
   * Works a queue's jobs in this process, up to JOBS_PER_FETCH at a time. pg-boss waits its
   * polling interval between fetches, so one job a fetch would let a burst of requests (ten
   * password resets for names no one has, say) hold everyone else's email back a second a job.
   * Each job succeeds or fails on its own: a job whose handler throws is failed alone (and retried
   * as its queue says); the others in its batch are completed, never sent twice.
   */
  async workEach<T extends object>(queue: string, handle: (data: T) => Promise<unknown>): Promise<void> {
    const boss = this.started;
    if (!boss) return;
    await boss.work<T>(queue, { pollingIntervalSeconds: 1, batchSize: JOBS_PER_FETCH }, async (jobs) => {
      for (const job of jobs) {
        try {
          await handle(job.data);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`${queue}: job ${job.id} failed: ${message}`);
          // Only this job: pg-boss then completes the batch's jobs that are still active.
          await boss.fail(queue, job.id, { message });
        }
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.started;
    this.started = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    this.transport?.close();
  }

  /** Sends at once (from a queue's job); throws when the SMTP server refuses, so pg-boss retries the job. */
  async send(message: MailMessage): Promise<void> {
    if (!this.transport) throw new Error('Email is not configured (SMTP_URL is unset)');
    await this.transport.sendMail({ from: process.env.MAIL_FROM || 'Commonplace <notifications@localhost>', ...message });
  }
}

/** The address links in emails start with. */
export function siteUrl(): string {
  return (process.env.SITE_URL || 'http://localhost:3000').replace(/\/+$/, '');
}
