import type { Request, Response } from 'express';
import { MAX_BODY_BYTES, tooLargePage } from './configure-http';

/**
 * Counts a request body as it arrives and stops it at MAX_BODY_BYTES, whatever Content-Length
 * said (a chunked body has none): React Router's `request.formData()` would otherwise buffer all
 * of it. Over the limit, the person gets the 413 page at once, the connection is closed after it,
 * and the body's reader gets an error, so no action runs on a cut-off form.
 */
export function limitBodyStream(req: Request, res: Response): void {
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= MAX_BODY_BYTES) return;
    req.off('data', count);
    req.pause();
    if (!res.headersSent) {
      res.setHeader('Connection', 'close');
      tooLargePage(res);
    }
    const stop = () => req.destroy(new BodyTooLarge());
    if (res.writableFinished) stop();
    else res.once('finish', stop);
  };
  req.on('data', count);
}

export class BodyTooLarge extends Error {
  readonly status = 413;
  constructor() {
    super(`Request body over ${MAX_BODY_BYTES} bytes`);
  }
}
