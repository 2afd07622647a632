import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EmbeddedFile } from '@commonplace/markdown';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { DataVersion } from '../database/data-version.service';
import { copyUrl, FILES_WITH_CURRENT, typeLabelOf, type VersionCopyColumns } from './files.service';

/**
 * What pages need to know about files, kept in memory: the files a text refers to (one query for
 * all of a text's references that are not known yet, none when all are), and whether a stored copy
 * may be served (not when every file using it is hidden). Forgotten whenever any process changes
 * `files` or `file_versions` (DataVersion), so a new description or a hiding shows at once; the
 * `generation` tells the renderer's cache that what it rendered with may have changed.
 */
@Injectable()
export class FileCatalogue {
  private readonly files = new LRUCache<number, EmbeddedFile | { missing: true }>({ max: 20_000 });
  private readonly servable = new LRUCache<string, boolean>({ max: 20_000 });
  /** Counts the times what is known was dropped; a render remembers the generation it used. */
  generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    dataVersion: DataVersion,
  ) {
    const forget = () => {
      this.generation++;
      this.files.clear();
      this.servable.clear();
    };
    dataVersion.onTableChanged('files', forget);
    dataVersion.onTableChanged('file_versions', forget);
  }

  /** The files with these numbers, as rendering shows them (absent from the map: no such file). */
  async embedded(ids: readonly number[]): Promise<Map<number, EmbeddedFile>> {
    const found = new Map<number, EmbeddedFile>();
    const unknown: number[] = [];
    for (const id of ids) {
      const known = this.files.get(id);
      if (known === undefined) unknown.push(id);
      else if (!('missing' in known)) found.set(id, known);
    }
    if (unknown.length === 0) return found;
    const generation = this.generation;
    const rows: Row[] = await this.dataSource.query(
      `SELECT f.id, f.name, f.kind, f.description, f.decorative, f.hidden_at, v.content_hash, v.media_type, v.extension, v.byte_size, v.width, v.height, v.variants
       ${FILES_WITH_CURRENT} WHERE f.id = ANY($1)`,
      [unknown],
    );
    const byId = new Map(rows.map((row) => [row.id, toEmbedded(row)]));
    for (const id of unknown) {
      const file = byId.get(id);
      // Read before a change was heard: used for this render, not kept.
      if (generation === this.generation) this.files.set(id, file ?? { missing: true });
      if (file) found.set(id, file);
    }
    return found;
  }

  /** Whether the copies under this content hash may be served: some file that is not hidden uses them. */
  async isServable(hash: string): Promise<boolean> {
    const known = this.servable.get(hash);
    if (known !== undefined) return known;
    const generation = this.generation;
    const [row]: { servable: boolean }[] = await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM file_versions v JOIN files f ON f.id = v.file_id WHERE v.content_hash = $1 AND f.hidden_at IS NULL) AS servable',
      [hash],
    );
    if (generation === this.generation) this.servable.set(hash, row.servable);
    return row.servable;
  }
}

interface Row extends VersionCopyColumns {
  id: number;
  name: string;
  kind: 'image' | 'document';
  description: string;
  decorative: boolean;
  hidden_at: Date | null;
}

function toEmbedded(row: Row): EmbeddedFile {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    decorative: row.decorative,
    url: copyUrl(row.content_hash, `original.${row.extension}`),
    typeLabel: typeLabelOf(row.media_type),
    byteSize: row.byte_size,
    width: row.width,
    height: row.height,
    sizes: row.variants.map((variant) => ({ url: copyUrl(row.content_hash, variant.name), width: variant.width })),
    hidden: row.hidden_at !== null,
  };
}
