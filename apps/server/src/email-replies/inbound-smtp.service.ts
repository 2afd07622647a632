import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { EmailRepliesService, MAX_REPLY_ADDRESSES } from './email-replies.service';

/** The largest email taken (announced in EHLO as SIZE; larger ones are refused with 552). Text replies are small. */
export const MAX_EMAIL_BYTES = 1024 * 1024;
/** Connections at once; more wait for the sending server to try again. */
const MAX_CLIENTS = 20;

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * The inbound SMTP listener for replies by email: started only by a process with INBOUND_SMTP_PORT
 * set (INBOUND_SMTP_HOST, default 127.0.0.1), meant to sit behind the operator's mail exchanger,
 * which relays REPLY_DOMAIN here. It uses `smtp-server` (nodemailer's own server, which speaks the
 * whole protocol) with no authentication and no TLS: the MX in front does those. A forged or
 * unknown address is refused at RCPT TO (550), so no email is ever sent back to a sender who may be
 * forged; a message over MAX_EMAIL_BYTES gets 552; one that could not be handled now (database down)
 * gets 451, so the sending server tries again and nothing is lost.
 */
@Injectable()
export class InboundSmtp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundSmtp.name);
  private server: SMTPServer | null = null;
  /** The port listened on (null: not listening); INBOUND_SMTP_PORT=0 picks a free one (tests). */
  port: number | null = null;

  constructor(private readonly replies: EmailRepliesService) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = process.env.INBOUND_SMTP_PORT;
    if (configured === undefined || configured === '') return;
    const server = new SMTPServer({
      name: process.env.REPLY_DOMAIN,
      banner: 'Commonplace replies by email',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: MAX_EMAIL_BYTES,
      maxClients: MAX_CLIENTS,
      socketTimeout: 60_000,
      onRcptTo: (address, session, callback) => {
        if (!this.replies.accepts(address.address)) return callback(smtpError(550, '5.1.1 No such reply address'));
        if (session.envelope.rcptTo.length >= MAX_REPLY_ADDRESSES) return callback(smtpError(452, '4.5.3 Too many recipients'));
        callback();
      },
      onData: (stream, session, callback) => {
        this.read(stream).then(
          async (raw) => {
            if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 Message too big: at most ${MAX_EMAIL_BYTES} bytes`));
            try {
              await this.replies.receive(raw, session.envelope.rcptTo.map((rcpt) => rcpt.address));
              callback();
            } catch (error) {
              this.logger.error(`Email reply not handled, the sender will retry: ${(error as Error).message}`);
              callback(smtpError(451, '4.3.0 Try again later'));
            }
          },
          () => callback(smtpError(451, '4.3.0 Try again later')),
        );
      },
    });
    server.on('error', (error) => this.logger.error(`Inbound SMTP: ${error.message}`));
    const host = process.env.INBOUND_SMTP_HOST || '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(Number(configured), host, () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
    this.logger.log(`Taking replies by email on ${host}:${this.port}`);
  }

  /** The message, keeping no more than MAX_EMAIL_BYTES (smtp-server reads on and flags the rest). */
  private read(stream: SMTPServerDataStream): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      stream.on('data', (chunk: Buffer) => {
        if (kept + chunk.length <= MAX_EMAIL_BYTES) chunks.push(chunk);
        kept += chunk.length;
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
