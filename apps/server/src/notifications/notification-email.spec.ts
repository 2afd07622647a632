import { createServer, type Server } from 'node:net';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { NotificationMailer } from './notification-mailer.service';

/** A tiny SMTP server (the protocol is lines of text): records each message it accepts. */
function smtpListener(): Promise<{ server: Server; port: number; messages: { from: string; to: string[]; data: string }[] }> {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    socket.write('220 test.invalid ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 2.0.0 Queued\r\n');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test.invalid\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') {
          current.from = line;
          socket.write('250 OK\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        }
        else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, messages })));
}

async function until<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('email digests of notifications (SMTP_URL set)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  beforeAll(async () => {
    smtp = await smtpListener();
    process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
    process.env.MAIL_FROM = 'Commonplace <notify@commonplace.test>';
    t = await createTestApp({ rateLimits: false });
  }, 60_000);
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    await t.close();
    await new Promise((resolve) => smtp.server.close(resolve));
  });

  it('queues a digest through pg-boss and sends it once, holding every unread notification; nothing for "never"', async () => {
    const mailer = t.app.get(NotificationMailer);
    expect(mailer.enabled).toBe(true);
    const [pgboss]: { exists: boolean }[] = await t.dataSource.query(`SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = 'pgboss') AS exists`);
    expect(pgboss.exists).toBe(true);
    expect(await t.dataSource.query('SELECT name, cron FROM pgboss.schedule')).toEqual([{ name: 'notification-digest-sweep', cron: '* * * * *' }]);

    const starter = await signedIn(t, 'participant');
    const reader = await signedIn(t, 'participant');
    const quiet = await signedIn(t, 'participant');
    const replier = await signedIn(t, 'participant');
    await t.dataSource.query(`UPDATE users SET email = username || '@example.test', email_confirmed_at = now(), email_frequency = 'immediately' WHERE id = ANY($1)`, [[reader.id, quiet.id]]);
    await t.dataSource.query(`UPDATE users SET email_frequency = 'never' WHERE id = $1`, [quiet.id]);
    const started = await t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(
      `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }`,
      { i: { pageSlug: 'reading-list', subject: 'Digest me', body: 'Opening' } },
    );
    const threadId = started.data!.startThread.thread.id;
    for (const who of [reader, quiet]) await t.driver.as(who).query(`mutation ($i: WatchInput!) { watch(input: $i) { watching } }`, { i: { threadId } });
    for (const body of ['First reply', 'Second reply']) {
      await t.driver.as(replier).query(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, { i: { threadId, body } });
    }

    expect(await mailer.sweep()).toBe(1); // the reader only: the quiet one said never, the others have no address
    const message = await until(() => smtp.messages[0]);
    expect(message.from).toContain('notify@commonplace.test');
    expect(message.to).toEqual([`RCPT TO:<${reader.username}@example.test>`]);
    expect(message.data).toContain('Subject: Commonplace: 2 new notifications');
    expect(message.data).toContain(`${replier.username} replied in`);
    expect(message.data).toContain(`/threads/${threadId}#reply-`);

    // Once emailed, nothing is due again until something new happens.
    // (The job marks them emailed in the transaction that sent the message, which commits just after.)
    const pending = async () =>
      ((await t.dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND emailed_at IS NULL', [reader.id])) as { n: number }[])[0].n;
    for (let tries = 0; (await pending()) > 0 && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await pending()).toBe(0);
    expect(await mailer.sweep()).toBe(0);
    expect(smtp.messages).toHaveLength(1);

    // "Daily": nothing until the oldest waiting notification (or the last digest) is a day old.
    const daily = await signedIn(t, 'participant');
    await t.dataSource.query(`UPDATE users SET email = username || '@example.test', email_confirmed_at = now(), email_frequency = 'daily' WHERE id = $1`, [daily.id]);
    await t.driver.as(daily).query(`mutation ($i: WatchInput!) { watch(input: $i) { watching } }`, { i: { threadId } });
    await t.driver.as(replier).query(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, { i: { threadId, body: 'Third reply' } });
    expect(await mailer.sweep()).toBe(1); // the reader again (immediately), not the daily one yet
    await until(() => smtp.messages[1]);
    await t.dataSource.query(`UPDATE notifications SET created_at = now() - interval '25 hours' WHERE recipient_id = $1`, [daily.id]);
    expect(await mailer.sweep()).toBe(1);
    const digest = await until(() => smtp.messages[2]);
    expect(digest.to).toEqual([`RCPT TO:<${daily.username}@example.test>`]);
    expect(digest.data).toContain('Subject: Commonplace: 1 new notification');
  }, 60_000);

  it('emails a mention as the person’s settings say: "immediately" now, "never" not at all', async () => {
    const mailer = t.app.get(NotificationMailer);
    const author = await signedIn(t, 'participant');
    const eager = await signedIn(t, 'participant');
    const quiet = await signedIn(t, 'participant');
    await t.dataSource.query(`UPDATE users SET email = username || '@example.test', email_confirmed_at = now(), email_frequency = 'immediately' WHERE id = $1`, [eager.id]);
    await t.dataSource.query(`UPDATE users SET email = username || '@example.test', email_confirmed_at = now(), email_frequency = 'never' WHERE id = $1`, [quiet.id]);
    const sent = smtp.messages.length;
    const started = await t.driver.as(author).query<{ startThread: { thread: { id: number } } }>(
      `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }`,
      { i: { pageSlug: 'reading-list', subject: 'Mention me', body: `Over to @${eager.username} and @${quiet.username}` } },
    );
    const threadId = started.data!.startThread.thread.id;
    expect(await mailer.sweep()).toBe(1);
    const message = await until(() => smtp.messages[sent]);
    expect(message.to).toEqual([`RCPT TO:<${eager.username}@example.test>`]);
    expect(message.data).toContain(`${author.username} mentioned you in`);
    expect(message.data).toContain(`/threads/${threadId}`);
  }, 60_000);
});
