import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Access, assertAccess } from '../accounts/access';
import { LINGER_MS } from '../http/body-limit';
import { refusedPage } from '../http/refused-page';
import { DumpRejectedError, ImportBusyError, MediawikiImportRunsService, UPLOAD_MAX_BYTES } from './mediawiki-import-runs.service';

/** What went wrong with an upload, as /admin/import?error=… names it (the page says it at the field). */
export type UploadProblem = 'no-file' | 'too-large' | 'busy' | 'not-a-dump';

class TooLarge extends Error {}

/** Room for the form's other fields and multipart boundaries around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * POST /admin/import/upload: the form on /admin/import (multipart, so it works without JavaScript).
 * The body is streamed with busboy straight to a file (never held in memory) and cut off at
 * UPLOAD_MAX_BYTES; then MediawikiImportRunsService.start does the rest. The answer is always a
 * redirect back to the page (post/redirect/get), with ?error=… when the page must say what is wrong.
 * GET /admin/import/report.md: the newest finished run's report, as Markdown.
 */
@Controller()
export class MediawikiImportController {
  constructor(private readonly runs: MediawikiImportRunsService) {}

  @Post('admin/import/upload')
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.allowed(req, res)) return this.leaveUnread(req, res);
    // A declared length over the limit is refused before reading any of it.
    if (Number(req.headers['content-length'] ?? 0) > UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES) return this.back(req, res, 'too-large', true);
    const dir = path.join(tmpdir(), 'commonplace-mediawiki-uploads');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let kept: { path: string; fileName: string } | null = null;
    try {
      kept = await this.receive(req, dir);
    } catch (error) {
      if (error instanceof TooLarge) return this.back(req, res, 'too-large', true);
      if (error instanceof CsrfRefused) return this.refuseCsrf(req, res);
      throw error;
    }
    if (!kept) return this.back(req, res, 'no-file');
    try {
      await this.runs.start(req.viewer ?? null, kept);
    } catch (error) {
      // start() has removed the file.
      if (error instanceof ImportBusyError) return this.back(req, res, 'busy');
      if (error instanceof DumpRejectedError) return this.back(req, res, 'not-a-dump');
      throw error;
    }
    // The run removes the file when it ends.
    this.back(req, res, null);
  }

  @Get('admin/import/report.md')
  async report(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'private, no-store');
    if (!this.allowed(req, res)) return;
    const run = await this.runs.latest(req.viewer ?? null);
    if (!run?.report) return refusedPage(res, 404, 'There is no import report yet', ['An import report appears when an import from MediaWiki has finished.']);
    res.status(200).type('text/markdown; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="mediawiki-import-${run.id}.md"`);
    res.send(run.report);
  }

  private allowed(req: Request, res: Response): boolean {
    if (req.databaseUnavailable) {
      refusedPage(res, 503, 'The import cannot start just now', ['The database cannot be reached. Try again in a few minutes.']);
      return false;
    }
    try {
      assertAccess(req.viewer ?? null, Access.Admin);
      return true;
    } catch {
      if (!req.viewer) refusedPage(res, 401, 'Sign in to import from MediaWiki', ['Only administrators can import a wiki. Sign in, then go to Import from MediaWiki in the administration pages.']);
      else refusedPage(res, 403, 'Only administrators can import a wiki', ['Your account cannot import a wiki. Ask an administrator.']);
      return false;
    }
  }

  /** The rest of the body is never read: the connection closes once the answer has gone. */
  private leaveUnread(req: Request, res: Response): void {
    if (!res.headersSent) res.setHeader('Connection', 'close');
    req.unpipe();
    req.pause();
    const stop = () => setTimeout(() => req.destroy(), LINGER_MS).unref();
    if (res.writableFinished) stop();
    else res.once('finish', stop);
  }

  private refuseCsrf(req: Request, res: Response): void {
    this.leaveUnread(req, res);
    refusedPage(res, 403, 'This form could not be sent', [
      'It did not come from this site’s own page, so we did not accept it. Nothing was changed.',
      'Go back, reload the page and try again.',
    ]);
  }

  private back(req: Request, res: Response, problem: UploadProblem | null, close = false): void {
    if (close) this.leaveUnread(req, res);
    res.redirect(303, problem ? `/admin/import?error=${problem}` : '/admin/import');
  }

  /**
   * Streams the form: `_csrf` must come before the file (the page's form puts it first), so nothing
   * is written for a form that did not come from this site. Answers the kept file, or null for none.
   */
  private receive(req: Request, dir: string): Promise<{ path: string; fileName: string } | null> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024 } });
      } catch {
        // Not multipart at all: the same as a form without a file.
        req.resume();
        return resolve(null);
      }
      let csrf = false;
      let target: string | null = null;
      let writing: Promise<{ path: string; fileName: string } | null> = Promise.resolve(null);
      let failed: Error | null = null;
      const fail = (error: Error) => {
        if (failed) return;
        failed = error;
        req.unpipe(parser);
        req.pause();
        // What was written of a refused file goes at once.
        void (target ? rm(target, { force: true }) : Promise.resolve()).finally(() => reject(error));
      };
      parser.on('field', (name, value) => {
        if (name === '_csrf') csrf = sameToken(value, req.csrfToken ?? '');
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'dump' || !csrf) {
          stream.resume();
          if (!csrf) fail(new CsrfRefused());
          return;
        }
        if (!info.filename) {
          stream.resume();
          return;
        }
        // The import reads a file ending in .gz as gzip: the name says which it is.
        target = path.join(dir, `${randomBytes(8).toString('hex')}${/\.gz$/i.test(info.filename) ? '.xml.gz' : '.xml'}`);
        let size = 0;
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('limit', () => fail(new TooLarge()));
        const file = target;
        const fileName = path.basename(info.filename);
        writing = pipeline(stream, createWriteStream(file)).then(async () => {
          if (size > 0) return { path: file, fileName };
          await rm(file, { force: true });
          return null;
        });
      });
      parser.on('error', (error) => fail(error as Error));
      parser.on('close', () => {
        if (failed) return;
        if (!csrf) return fail(new CsrfRefused());
        writing.then(resolve, reject);
      });
      req.pipe(parser);
    });
  }
}

class CsrfRefused extends Error {}

function sameToken(sent: string, expected: string): boolean {
  if (!expected || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
