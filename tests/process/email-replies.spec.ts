import nodemailer from 'nodemailer';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { replyAddress } from '../../apps/server/src/email-replies/reply-address';
import { SWEEP_QUEUE } from '../../apps/server/src/notifications/notification-mailer.service';
import { startSmtpSink, until } from '../../apps/server/src/testing/smtp-sink';
import { dropDatabase, embeddedUrl, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

const settings = { domain: 'reply.process.test', secret: 'a process test secret, long enough for the check' };

/**
 * The built server as an operator runs it with replies by email on, the whole journey: it says where
 * it listens, emails a digest holding the reply's words with a reply address, takes the answer sent
 * to that address over SMTP and posts it once (the ES-module-only email-reply-parser loads in the
 * built, CommonJS server), and refuses a forged address.
 */
describe('replies by email, on the built server', () => {
  let server: ServerProcess;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let inboundPort: number;
  let databaseUrl: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const port = await freePort();
    inboundPort = await freePort();
    const adminUrl = process.env.DATABASE_URL;
    const dataDir = tempDataDir();
    const database = adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: dataDir };
    server = startServer({
      PORT: String(port),
      NODE_ENV: 'production',
      REDIS_URL: undefined,
      SMTP_URL: smtp.url,
      SITE_URL: undefined,
      INBOUND_SMTP_PORT: String(inboundPort),
      REPLY_DOMAIN: settings.domain,
      REPLY_SECRET: settings.secret,
      ...database,
    });
    await waitUntilReady(server, `http://127.0.0.1:${port}`, 120_000);
    databaseUrl = database.DATABASE_URL ?? embeddedUrl(dataDir);
  }, 180_000);

  afterAll(async () => {
    await stopServer(server);
    await dropDatabase();
    await smtp.close();
  });

  it('emails the reply’s words with a reply address; the answer sent there is posted once, even delivered twice; a forged address is refused', async () => {
    expect(server.output()).toContain(`Taking replies by email on 127.0.0.1:${inboundPort}`);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', supervise: false, schedule: false, migrate: false });
    boss.on('error', () => undefined);
    try {
      const person = (await db.query(`INSERT INTO users (username, display_name, email, email_confirmed_at, email_frequency) VALUES ('mailer', 'Mai Ler', 'mai@example.test', now(), 'immediately') RETURNING id`)).rows[0];
      const other = (await db.query(`INSERT INTO users (username, display_name) VALUES ('writer', 'Wri Ter') RETURNING id`)).rows[0];
      const page = (await db.query(`INSERT INTO pages (slug, title) VALUES ('by-email', 'By email') RETURNING id`)).rows[0];
      const thread = (await db.query(`INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, 'Answer me', 'Opening', $2) RETURNING id`, [page.id, person.id])).rows[0];
      // What postReply writes for a watcher: the reply and its notification.
      const reply = (await db.query(`INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, 'Is *Tuesday* all right?') RETURNING id`, [thread.id, other.id])).rows[0];
      await db.query(`INSERT INTO notifications (recipient_id, kind, event_key, actor_id, thread_id, reply_id, page_id) VALUES ($1, 'reply', $2, $3, $4, $5, $6)`, [
        person.id, `reply:${reply.id}`, other.id, thread.id, reply.id, page.id,
      ]);
      // Sweep now rather than at the next minute (the server's own worker takes the job).
      await boss.start();
      await until(async () => (await boss.send(SWEEP_QUEUE, {})) ?? undefined, 60_000);
      const digest = await until(() => smtp.messages.find((mail) => mail.to.includes('mai@example.test')), 90_000);
      expect(digest.text).toContain('    Is *Tuesday* all right?');
      expect(digest.html).toContain('Is <em>Tuesday</em> all right?');
      expect(digest.replyTo).toBe(replyAddress(settings, person.id, thread.id));

      const inbound = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
      const message = { from: 'Mai <mai@example.test>', to: digest.replyTo, messageId: '<once@example.test>', text: 'Tuesday is fine.\n\nOn Sunday, Commonplace wrote:\n> Is *Tuesday* all right?' };
      await inbound.sendMail(message);
      await inbound.sendMail(message);
      await expect(inbound.sendMail({ ...message, to: digest.replyTo.replace(/@.*/, '@elsewhere.test') })).rejects.toMatchObject({ responseCode: 550 });
      inbound.close();
      expect((await db.query('SELECT author_id, body FROM replies WHERE thread_id = $1 ORDER BY id', [thread.id])).rows).toEqual([
        { author_id: other.id, body: 'Is *Tuesday* all right?' },
        { author_id: person.id, body: 'Tuesday is fine.' },
      ]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
      await db.end();
    }
  }, 150_000);
});
