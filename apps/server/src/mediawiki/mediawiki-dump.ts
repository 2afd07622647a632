import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';

/**
 * A MediaWiki XML dump (Special:Export, dumpBackup.php; export format 0.10/0.11), read as a stream
 * with saxes: memory holds one piece of one page at a time, however large the dump. A page with a
 * long history comes in pieces of at most PIECE_REVISIONS revisions.
 */

/** What a dump that cannot be read has wrong with it, in one line that says what to do. */
export class DumpError extends Error {}

export interface DumpSite {
  sitename: string;
  dbname: string;
  /** Namespace number → its name ('' for the main one). */
  namespaces: Map<number, string>;
}

export interface DumpContributor {
  /** null: an IP address, or a name the wiki hid. */
  username: string | null;
  id: number | null;
}

export interface DumpRevision {
  id: number;
  timestamp: string;
  contributor: DumpContributor;
  comment: string;
  /** null: the text was hidden (revision deletion) or not in the dump. */
  text: string | null;
}

export interface DumpPiece {
  page: { id: number; title: string; ns: number; redirect: string | null };
  revisions: DumpRevision[];
  /** The page's last piece. */
  last: boolean;
}

export const PIECE_REVISIONS = 200;
/** Text of one revision kept at most (MediaWiki's own default limit is 2 MB). */
const MOST_TEXT_CHARS = 8 * 1024 * 1024;

function input(path: string): Readable {
  const file = createReadStream(path);
  if (!/\.gz$/i.test(path)) return file;
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/**
 * Streams the dump: the site first (from <siteinfo>), then each page's pieces. Broken XML, a file
 * that is not gzip, or a document that is not a MediaWiki export throws DumpError.
 */
export async function* readDump(path: string): AsyncGenerator<DumpSite | DumpPiece> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: (DumpSite | DumpPiece)[] = [];
  const site: DumpSite = { sitename: '', dbname: '', namespaces: new Map() };
  const stack: string[] = [];
  let text = '';
  let textTooLong = false;
  let namespaceKey = 0;
  let page: DumpPiece['page'] | null = null;
  let revisions: DumpRevision[] = [];
  let revision: DumpRevision | null = null;
  let hidden = false;

  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (stack.length === 0 && name !== 'mediawiki') throw new DumpError(`This file is XML but not a MediaWiki export (its first element is <${name}>, not <mediawiki>). Export the wiki with dumpBackup.php --full or Special:Export.`);
    stack.push(name);
    text = '';
    textTooLong = false;
    hidden = tag.attributes.deleted !== undefined;
    if (name === 'namespace') namespaceKey = Number(tag.attributes.key);
    else if (name === 'page') {
      page = { id: 0, title: '', ns: 0, redirect: null };
      revisions = [];
    } else if (name === 'redirect' && page) page.redirect = String(tag.attributes.title ?? '');
    else if (name === 'revision') revision = { id: 0, timestamp: '', contributor: { username: null, id: null }, comment: '', text: null };
    else if (name === 'text' && revision && !hidden) revision.text = '';
  });
  parser.on('text', (chunk) => {
    if (text.length + chunk.length > MOST_TEXT_CHARS) textTooLong = true;
    else text += chunk;
  });
  parser.on('cdata', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    stack.pop();
    const parent = stack[stack.length - 1];
    if (parent === 'siteinfo' && (name === 'sitename' || name === 'dbname')) site[name] = text;
    else if (name === 'namespace') site.namespaces.set(namespaceKey, text);
    else if (name === 'siteinfo') ready.push(site);
    else if (parent === 'page' && page) {
      if (name === 'title') page.title = text;
      else if (name === 'ns') page.ns = Number(text);
      else if (name === 'id') page.id = Number(text);
      else if (name === 'revision' && revision) {
        revisions.push(revision);
        revision = null;
        if (revisions.length >= PIECE_REVISIONS) {
          ready.push({ page: { ...page }, revisions, last: false });
          revisions = [];
        }
      }
    } else if (parent === 'revision' && revision) {
      if (name === 'id') revision.id = Number(text);
      else if (name === 'timestamp') revision.timestamp = text;
      else if (name === 'comment') revision.comment = hidden ? '' : text;
      else if (name === 'text' && revision.text !== null) revision.text = textTooLong ? null : text;
    } else if (parent === 'contributor' && revision) {
      if (name === 'username') revision.contributor.username = text;
      else if (name === 'id') revision.contributor.id = Number(text);
    }
    if (name === 'page' && page) {
      ready.push({ page, revisions, last: true });
      page = null;
      revisions = [];
    }
  });

  const where = () => `line ${parser.line}, column ${parser.column}`;
  try {
    // A chunk may end inside a character: the decoder keeps its first bytes for the next one.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of input(path)) {
      parser.write(decoder.write(chunk as Buffer));
      yield* ready.splice(0);
    }
    parser.write(decoder.end());
    parser.close();
  } catch (error) {
    if (error instanceof DumpError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DumpError(`There is no file ${path}.`);
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || /unexpected end of file|incorrect header/i.test((error as Error).message)) {
      throw new DumpError(`${path} is not a complete gzip file (${(error as Error).message}). Copy or export the dump again.`);
    }
    const message = (error as Error).message.replace(/^[^:]*:\d+:\d+: /, '');
    throw new DumpError(`The dump is not well-formed XML at ${where()}: ${message}. Export it again (dumpBackup.php --full, or Special:Export) and check that it was copied whole.`);
  }
  yield* ready.splice(0);
  if (!site.dbname && !site.sitename && site.namespaces.size === 0) {
    throw new DumpError('This MediaWiki export has no <siteinfo>: export it with dumpBackup.php or Special:Export, which write one.');
  }
}
