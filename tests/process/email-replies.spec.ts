import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { replyAddress } from '../../apps/server/src/email-replies/reply-address';
import { startSmtpSink } from '../../apps/server/src/testing/smtp-sink';
import { dropDatabase, embeddedUrl, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

const settings = { domain: 'reply.process.test', secret: 'a process test secret, long enough for the check' };

/**
 * The built server as an operator runs it with replies by email on: it says where it listens, takes
 * a reply over SMTP and posts it once (the ES-module-only email-reply-parser loads in the built,
 * CommonJS server), and refuses a forged address.
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

  it('posts a reply sent to a reply address once, even delivered twice; refuses a forged one', async () => {
    expect(server.output()).toContain(`Taking replies by email on 127.0.0.1:${inboundPort}`);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const [person] = (await db.query(`INSERT INTO users (username, display_name, email, email_confirmed_at) VALUES ('mailer', 'Mai Ler', 'mai@example.test', now()) RETURNING id`)).rows;
      const [page] = (await db.query(`INSERT INTO pages (slug, title) VALUES ('by-email', 'By email') RETURNING id`)).rows;
      const [thread] = (await db.query(`INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, 'Answer me', 'Opening', $2) RETURNING id`, [page.id, person.id])).rows;
      const inbound = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
      const to = replyAddress(settings, person.id, thread.id);
      const message = { from: 'Mai <mai@example.test>', to, messageId: '<once@example.test>', text: 'Answered by email.\n\nOn Sunday, Commonplace wrote:\n> Opening' };
      await inbound.sendMail(message);
      await inbound.sendMail(message);
      await expect(inbound.sendMail({ ...message, to: to.replace(/@.*/, '@elsewhere.test') })).rejects.toMatchObject({ responseCode: 550 });
      inbound.close();
      expect((await db.query('SELECT author_id, body FROM replies WHERE thread_id = $1', [thread.id])).rows).toEqual([{ author_id: person.id, body: 'Answered by email.' }]);
    } finally {
      await db.end();
    }
  }, 60_000);
});
