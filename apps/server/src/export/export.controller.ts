import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Access, assertAccess } from '../accounts/access';
import { refusedPage } from '../http/refused-page';
import type { SiteLogger } from '../observability/logger';
import { SITE_LOGGER } from '../observability/observability.module';
import { ExportBusyError, ExportService } from './export.service';

/**
 * GET /admin/export.zip: the whole wiki for an administrator (ExportService). A plain download,
 * so it works with JavaScript off; the link is on /admin/export. Anyone signed out is sent to sign
 * in (back here afterwards); anyone else who is not an administrator gets 403.
 */
@Controller()
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    @Inject(SITE_LOGGER) private readonly logger: SiteLogger,
  ) {}

  @Get('admin/export.zip')
  async download(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'private, no-store');
    if (req.databaseUnavailable) {
      return refusedPage(res, 503, 'The wiki cannot be exported just now', ['The database cannot be reached. Try again in a few minutes.']);
    }
    if (!req.viewer) {
      res.setHeader('WWW-Authenticate', 'Cookie realm="Commonplace"');
      return refusedPage(res, 401, 'Sign in to export the wiki', ['Only administrators can export the whole wiki. Sign in, then go to Export the wiki in the administration pages.']);
    }
    try {
      assertAccess(req.viewer, Access.Admin);
    } catch {
      return refusedPage(res, 403, 'Only administrators can export the wiki', ['Your account cannot download the whole wiki. Ask an administrator if you need a copy.']);
    }
    if (req.method === 'HEAD') {
      // Express answers HEAD with the GET handler: say what a GET would send without making an archive.
      res.status(200).type('application/zip').end();
      return;
    }
    let export_;
    try {
      export_ = await this.exports.begin();
    } catch (error) {
      if (!(error instanceof ExportBusyError)) throw error;
      res.setHeader('Retry-After', '60');
      return refusedPage(res, 503, 'Another export is being made', [error.message]);
    }
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="commonplace-wiki-${stamp}.zip"`);
    try {
      const counts = await export_.write(res);
      this.logger.info({ event: 'wiki-export', by: req.viewer.user.username, counts }, 'wiki exported');
    } catch (error) {
      // Headers are gone: the reader sees a broken download (the archive has no central directory).
      this.logger.warn({ event: 'wiki-export', by: req.viewer.user.username, err: error }, 'wiki export stopped');
      if (!res.writableEnded) res.destroy();
    }
  }
}
