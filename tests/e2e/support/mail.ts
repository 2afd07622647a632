import net from 'node:net';
import type { FullConfig } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import globalSetup from '../global-setup';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The text body, its quoted-printable decoded. */
  text: string;
}

/**
 * A real SMTP server (the `smtp-server` package, nodemailer's own) on a free local port, keeping
 * every message it accepts: no authentication, no TLS, a local test sink.
 */
export async function startSmtpSink(): Promise<{ url: string; messages: ReceivedMail[]; close(): Promise<void> }> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headers = raw.slice(0, split);
        let text = raw.slice(split + 4);
        if (/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) {
          text = Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
        }
        messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), subject: /^Subject: (.*)$/m.exec(headers)?.[1] ?? '', text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Starts the built server with SMTP_URL set, on a free port against a fresh database, exactly as
 * global set-up does for the suite (same code), in this worker; globalTeardown() (in this worker
 * too) stops it and drops the database. The suite's own server stays without SMTP_URL, so no
 * other spec meets pg-boss or email. Its own process has no REDIS_URL (one process, socket.io in
 * memory), so its live events never reach the suite's server through a shared Redis stream.
 */
export async function startServerWithMail(outputDir: string, smtpUrl: string): Promise<string> {
  const port = await freePort();
  const names = ['E2E_PORT', 'E2E_BASE_URL', 'SMTP_URL', 'SITE_URL', 'REDIS_URL'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  process.env.E2E_PORT = String(port);
  process.env.SMTP_URL = smtpUrl;
  process.env.SITE_URL = `http://127.0.0.1:${port}`;
  delete process.env.REDIS_URL;
  try {
    await globalSetup({ projects: [{ outputDir }] } as unknown as FullConfig);
    return process.env.E2E_BASE_URL!;
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
