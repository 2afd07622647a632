import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { createMailTestApp, type MailTestApp } from '../testing/mail-test-app';
import type { MadePerson } from '../testing/factories';
import { signedIn } from '../testing/people';
import { until } from '../testing/smtp-sink';
import { EMAIL_REPLIES_PER_HOUR, NOTICES_PER_HOUR } from './email-replies.service';
import { InboundSmtp, MAX_EMAIL_BYTES } from './inbound-smtp.service';
import { replyAddress, replyAddressSettings } from './reply-address';

const REPLY_ENV = { INBOUND_SMTP_PORT: '0', REPLY_DOMAIN: 'reply.commonplace.test', REPLY_SECRET: 'a test secret for reply addresses, long enough' };

/**
 * Replies by email, end to end on real parts: the server mails through a real SMTP server (the
 * sink) and listens for replies on its own SMTP listener, to which nodemailer delivers them.
 */
describe('taking part by email', () => {
  let m: MailTestApp;
  let inbound: Transporter;
  const saved = Object.fromEntries(Object.keys(REPLY_ENV).map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    Object.assign(process.env, REPLY_ENV);
    m = await createMailTestApp({ rateLimits: false });
    const port = m.t.app.get(InboundSmtp).port;
    expect(port).toEqual(expect.any(Number));
    inbound = nodemailer.createTransport({ host: '127.0.0.1', port: port!, secure: false, ignoreTLS: true });
  }, 60_000);
  afterAll(async () => {
    inbound?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await m?.close();
  });

  const emailOf = (person: MadePerson) => `${person.username}@example.test`;

  async function withConfirmedEmail(frequency = 'immediately'): Promise<MadePerson> {
    const person = await signedIn(m.t, 'participant');
    await m.t.dataSource.query(`UPDATE users SET email = username || '@example.test', email_confirmed_at = now(), email_frequency = $2 WHERE id = $1`, [person.id, frequency]);
    return person;
  }

  async function startThread(subject: string): Promise<number> {
    const starter = await signedIn(m.t, 'participant');
    const started = await m.t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(
      `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }`,
      { i: { pageSlug: 'reading-list', subject, body: 'Opening post' } },
    );
    return started.data!.startThread.thread.id;
  }

  const repliesIn = async (threadId: number): Promise<{ author_id: number; body: string }[]> =>
    m.t.dataSource.query('SELECT author_id, body FROM replies WHERE thread_id = $1 ORDER BY id', [threadId]);

  const addressFor = (person: MadePerson, threadId: number, now?: Date) => replyAddress(replyAddressSettings()!, person.id, threadId, now);

  /** The email back for this person about this subject (waits for the pg-boss job). */
  const noticeTo = (person: MadePerson, subject: string) => until(() => m.mailTo(emailOf(person)).find((mail) => mail.subject.includes(subject)));

  it('emails the reply’s words (text and sanitised HTML) with a reply address; a reply to it is posted once, even delivered twice', async () => {
    const reader = await withConfirmedEmail();
    const replier = await signedIn(m.t, 'participant');
    const threadId = await startThread('Tea at four');
    await m.t.driver.as(reader).query(`mutation ($i: WatchInput!) { watch(input: $i) { watching } }`, { i: { threadId } });
    await m.t.driver.as(replier).query(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, {
      i: { threadId, body: 'Shall we meet at **four**?\n\n<script>alert(1)</script> [sneaky](javascript:alert(2)) See [the list](/wiki/reading-list).' },
    });

    expect(await m.t.app.get(NotificationMailer).sweep()).toBe(1);
    const digest = await until(() => m.mailTo(emailOf(reader))[0]);
    expect(digest.text).toContain(`${replier.username} replied in “Tea at four”: http://commonplace.test/threads/${threadId}#reply-`);
    expect(digest.text).toContain('    Shall we meet at **four**?');
    expect(digest.text).toContain('Reply to this email to answer in the thread.');
    expect(digest.text).toContain(`Stop watching this thread: http://commonplace.test/threads/${threadId}#watch`);
    expect(digest.html).toContain('Shall we meet at <strong>four</strong>?');
    expect(digest.html).toContain('<a href="http://commonplace.test/wiki/reading-list">the list</a>');
    expect(digest.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // shown as text, never run
    expect(digest.html).not.toMatch(/<script|href="javascript:/); // the link markdown refused stays text
    expect(digest.replyTo).toBe(addressFor(reader, threadId));

    // The reader answers from their mail program: their words above the quote and a signature.
    const answer: Mail.Options = {
      from: `Reader <${emailOf(reader)}>`,
      to: digest.replyTo,
      subject: 'Re: Commonplace: 1 new notification',
      messageId: `<answer-${reader.id}@mail.example.test>`,
      text: ['Four is perfect, see you there.', '', 'On Sun, 6 Dec 2026 at 10:00, Commonplace <notify@commonplace.test> wrote:', '> Shall we meet at **four**?', '', '-- ', 'Reader', 'Sent from my phone'].join('\n'),
    };
    await inbound.sendMail(answer);
    expect(await repliesIn(threadId)).toEqual([expect.objectContaining({ author_id: replier.id }), { author_id: reader.id, body: 'Four is perfect, see you there.' }]);

    // The same message again (a mail system's retry, or a second MX path): nothing new.
    await inbound.sendMail(answer);
    expect(await repliesIn(threadId)).toHaveLength(2);
    const [{ outcome }]: { outcome: string }[] = await m.t.dataSource.query('SELECT outcome FROM email_replies WHERE user_id = $1', [reader.id]);
    expect(outcome).toBe('posted');
    expect(m.mailTo(emailOf(reader)).filter((mail) => mail.subject.includes('not posted'))).toEqual([]);
  }, 60_000);

  it('posts once when the same message arrives on two connections at the same moment (two mail exchangers, two processes)', async () => {
    const person = await withConfirmedEmail();
    const threadId = await startThread('At once');
    const second = nodemailer.createTransport({ host: '127.0.0.1', port: m.t.app.get(InboundSmtp).port!, secure: false, ignoreTLS: true });
    const message: Mail.Options = { from: emailOf(person), to: addressFor(person, threadId), messageId: `<both-${person.id}@mail.example.test>`, text: 'Said once, delivered twice.' };
    await Promise.all([inbound.sendMail(message), second.sendMail(message)]);
    second.close();
    expect(await repliesIn(threadId)).toEqual([{ author_id: person.id, body: 'Said once, delivered twice.' }]);
  });

  it('reads an HTML-only reply, leaving out the quoted email (as mail programs send it)', async () => {
    const person = await withConfirmedEmail();
    const threadId = await startThread('HTML mail');
    await inbound.sendMail({
      from: emailOf(person),
      to: addressFor(person, threadId),
      html: '<div>Written in <b>HTML</b>.</div><div><br></div><div class="gmail_quote">On Sun, 6 Dec 2026 at 10:00, Commonplace &lt;notify@commonplace.test&gt; wrote:<br><blockquote>Opening post</blockquote></div>',
    });
    const [reply] = await repliesIn(threadId);
    expect(reply.body).toContain('Written in HTML.');
    expect(reply.body).not.toContain('Opening post');
  });

  it('refuses a forged address at RCPT TO, so nothing is accepted and nobody is mailed, and a message over 1 MB', async () => {
    const person = await withConfirmedEmail();
    const threadId = await startThread('Forgery');
    const real = addressFor(person, threadId);
    const forged = real.replace(/\.([0-9a-f]{24})@/, (_, mac: string) => `.${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}@`);
    await expect(inbound.sendMail({ from: emailOf(person), to: forged, text: 'Let me in' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(inbound.sendMail({ from: emailOf(person), to: 'postmaster@reply.commonplace.test', text: 'Hello' })).rejects.toMatchObject({ responseCode: 550 });
    // Nor is a message over the size limit taken.
    await expect(inbound.sendMail({ from: emailOf(person), to: real, text: 'x'.repeat(MAX_EMAIL_BYTES + 1000) })).rejects.toMatchObject({ responseCode: 552 });
    expect(await repliesIn(threadId)).toEqual([]);
  });

  it('answers by email, quoting the words, when a reply is refused: expired, another sender, empty, locked, suspended', async () => {
    const person = await withConfirmedEmail();
    const threadId = await startThread('Refusals');
    const send = (options: Mail.Options) => inbound.sendMail({ from: emailOf(person), to: addressFor(person, threadId), ...options });

    await send({ to: addressFor(person, threadId, new Date(Date.now() - 61 * 86_400_000)), text: 'An old answer' });
    const expired = await noticeTo(person, 'was not posted');
    expect(expired.subject).toBe('Your reply to “Refusals” was not posted');
    expect(expired.text).toContain('the address you replied to has expired');
    expect(expired.text).toContain('> An old answer');

    await send({ from: 'someone.else@example.test', text: 'I am not who I say' });
    await until(() => (m.mailTo(emailOf(person)).length >= 2 ? true : undefined));
    expect(m.mailTo(emailOf(person))[1].text).toContain('it came from someone.else@example.test, which is not your confirmed address');
    expect(m.mailTo('someone.else@example.test')).toEqual([]); // no email to a sender who may be forged

    await send({ text: ['On Sun, 6 Dec 2026, Commonplace wrote:', '> Opening post'].join('\n') });
    await until(() => (m.mailTo(emailOf(person)).length >= 3 ? true : undefined));
    expect(m.mailTo(emailOf(person))[2].text).toContain('it had no text of its own');

    await m.t.dataSource.query('UPDATE threads SET locked_at = now() WHERE id = $1', [threadId]);
    await send({ text: 'After the lock' });
    await until(() => (m.mailTo(emailOf(person)).length >= 4 ? true : undefined));
    expect(m.mailTo(emailOf(person))[3].text).toContain('this thread is locked: no new replies can be posted');
    expect(m.mailTo(emailOf(person))[3].text).toContain('> After the lock');
    await m.t.dataSource.query('UPDATE threads SET locked_at = NULL WHERE id = $1', [threadId]);

    await m.t.dataSource.query(`UPDATE users SET suspended_at = now(), suspended_reason = 'Flooding' WHERE id = $1`, [person.id]);
    await send({ text: 'While suspended' });
    await until(() => (m.mailTo(emailOf(person)).length >= 5 ? true : undefined));
    expect(m.mailTo(emailOf(person))[4].text).toContain('your account is suspended: Flooding');

    expect(await repliesIn(threadId)).toEqual([]);
    const rows: { outcome: string; body: string | null }[] = await m.t.dataSource.query('SELECT outcome, body FROM email_replies WHERE user_id = $1 ORDER BY received_at', [person.id]);
    expect(rows.map((row) => row.outcome)).toEqual(['expired', 'wrong-sender', 'empty', 'thread_locked', 'suspended']);
    // Once the email back has gone, the refused words are not kept.
    await until(async () => ((await m.t.dataSource.query('SELECT 1 FROM email_replies WHERE user_id = $1 AND body IS NOT NULL', [person.id])).length === 0 ? true : undefined));
  }, 60_000);

  it('posts the text of a reply with attachments and says by email that the files were not', async () => {
    const person = await withConfirmedEmail();
    const threadId = await startThread('Attachments');
    await inbound.sendMail({
      from: emailOf(person),
      to: addressFor(person, threadId),
      text: 'Here is the photo.',
      attachments: [{ filename: 'photo.png', content: Buffer.from('not really a picture') }],
    });
    expect(await repliesIn(threadId)).toEqual([{ author_id: person.id, body: 'Here is the photo.' }]);
    const notice = await noticeTo(person, 'without attachments');
    expect(notice.text).toContain('the attachment was not: replies by email take text only');
  }, 60_000);

  it(`stops a flood after ${EMAIL_REPLIES_PER_HOUR} replies an hour, answering at most ${NOTICES_PER_HOUR} times`, async () => {
    const person = await withConfirmedEmail();
    const threadId = await startThread('Flood');
    const to = addressFor(person, threadId);
    for (let n = 1; n <= EMAIL_REPLIES_PER_HOUR + NOTICES_PER_HOUR + 2; n++) await inbound.sendMail({ from: emailOf(person), to, text: `Message ${n}` });
    expect(await repliesIn(threadId)).toHaveLength(EMAIL_REPLIES_PER_HOUR);
    // Every refusal is handled (notified_at set), but only NOTICES_PER_HOUR emails go back.
    await until(async () => ((await m.t.dataSource.query('SELECT 1 FROM email_replies WHERE user_id = $1 AND notified_at IS NULL AND outcome = $2', [person.id, 'flood'])).length === 0 ? true : undefined));
    const notices = m.mailTo(emailOf(person)).filter((mail) => mail.subject.includes('not posted'));
    expect(notices).toHaveLength(NOTICES_PER_HOUR);
    expect(notices[0].text).toContain(`you sent more than ${EMAIL_REPLIES_PER_HOUR} replies by email in an hour`);
  }, 60_000);
});
