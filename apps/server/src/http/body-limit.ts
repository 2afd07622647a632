import type { Request, Response } from 'express';
import { bodyLimitOf, MAX_BODY_BYTES, tooLargePage } from './configure-http';

/**
 * Counts a request body as it arrives and stops it at MAX_BODY_BYTES, whatever Content-Length
 * said (a chunked body has none): React Router's `request.formData()` would otherwise buffer all
 * of it. Over the limit, the person gets the 413 page at once, the connection is closed after it,
 * and the body's reader gets an error, so no action runs on a cut-off form.
 */
/**
 * How long a refused upload's connection stays open, unread, after the 413 page has gone: nginx's
 * default lingering timeout. One second was too short on a busy machine: the reset arrived before
 * the sender had read the page, and the kernel threw the page away with it.
 */
export const LINGER_MS = 5_000;

export function limitBodyStream(req: Request, res: Response): void {
  let received = 0;
  const limit = bodyLimitOf(req);
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= limit) return;
    req.off('data', count);
    req.pause();
    if (!res.headersSent) {
      res.setHeader('Connection', 'close');
      tooLargePage(res, limit);
    }
    // Closing at once would throw away what the sender has not yet read: with its upload unread on
    // our side, the close is a reset, and a reset can reach the browser before it has read the 413
    // page (it then shows a broken connection). So the body stays unread, paused, a moment longer,
    // as a web server's lingering close does; its reader gets the error then.
    const stop = () => setTimeout(() => req.destroy(new BodyTooLarge(limit)), LINGER_MS).unref();
    if (res.writableFinished) stop();
    else res.once('finish', stop);
  };
  req.on('data', count);
}

export class BodyTooLarge extends Error {
  readonly status = 413;
  constructor(limit = MAX_BODY_BYTES) {
    super(`Request body over ${limit} bytes`);
  }
}
