import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Request, Response } from 'express';
import { SessionsService } from '../accounts/sessions.service';
import { SESSION_COOKIE } from '../http/cookies';
import { SiteSettingsService } from '../site/site-settings.service';
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
 * On a private site only people signed in get them (these addresses skip the session lookup every
 * page has, so it is done here), and no shared cache may keep them.
 */
@Controller('files')
export class FileServingController {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly catalogue: FileCatalogue,
    private readonly site: SiteSettingsService,
    private readonly sessions: SessionsService,
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
    const privateSite = await this.site.isPrivate();
    if (privateSite && !(await this.signedIn(req))) {
      res.setHeader('Cache-Control', 'no-store');
      res.status(401).type('text/plain').send('This site is private: sign in to see its files.\n');
      return;
    }
    const etag = `"${hash.slice(0, 32)}-${copy}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', `${privateSite ? 'private' : 'public'}, max-age=31536000, immutable`);
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

  private async signedIn(req: Request): Promise<boolean> {
    // These addresses skip the middleware that parses cookies for pages.
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    return token ? (await this.sessions.viewerFor(token)) !== null : false;
  }
}
