import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FileCatalogue } from './file-catalogue';
import { SERVED_TYPES } from './file-rules';
import { FILE_STORE, type FileStore } from './file-store';

/** A stored copy's address: `/files/<sha-256>/<variant>.<ext>` (what FilesService hands out). */
export const COPY_PATH = /^\/files\/[0-9a-f]{64}\/[a-z0-9]{1,16}\.[a-z]{2,5}$/;

/**
 * Serves stored copies. Their bytes never change under an address (content-addressed), so they are
 * cached for a year as immutable, with an ETag for revalidation. Every answer says what it is and
 * forbids guessing (nosniff), runs nothing (a CSP of `default-src 'none'; sandbox`), and anything
 * that is not an image is a download, never a page of this site. Copies of hidden files are not served.
 */
@Controller('files')
export class FileServingController {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly catalogue: FileCatalogue,
  ) {}

  @Get(':hash/:copy')
  async serve(@Param('hash') hash: string, @Param('copy') copy: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    const extension = /^[a-z0-9]{1,16}\.([a-z]{2,5})$/.exec(copy)?.[1];
    const type = extension ? SERVED_TYPES[extension] : undefined;
    if (!/^[0-9a-f]{64}$/.test(hash) || !type || !(await this.catalogue.isServable(hash))) {
      res.setHeader('Cache-Control', 'no-store');
      res.status(404).type('text/plain').send('No such file, or a moderator has hidden it.\n');
      return;
    }
    const etag = `"${hash.slice(0, 32)}-${copy}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    const bytes = await this.store.get(`${hash}/${copy}`);
    if (!bytes) {
      res.setHeader('Cache-Control', 'no-store');
      res.status(404).type('text/plain').send('No such file.\n');
      return;
    }
    res.setHeader('Content-Type', type);
    if (!type.startsWith('image/')) res.setHeader('Content-Disposition', `attachment; filename="file.${extension}"`);
    res.status(200).end(req.method === 'HEAD' ? undefined : bytes);
  }
}
