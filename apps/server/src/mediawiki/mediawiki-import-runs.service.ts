import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { DumpError, readDump } from './mediawiki-dump';
import { MediawikiImportError, MediawikiImportService } from './mediawiki-import.service';

/** The largest dump the browser form takes; larger ones go through the terminal command. */
export const UPLOAD_MAX_BYTES = 100 * 1024 * 1024;
/** A running import writes its heartbeat this often… */
const HEARTBEAT_MS = 10_000;
/** …and one silent for this long has lost its process (a crash, a restart): it is marked interrupted. */
export const HEARTBEAT_TIMEOUT_S = 60;

export type RunState = 'running' | 'finished' | 'failed' | 'interrupted';

export interface ImportRun {
  id: number;
  fileName: string;
  state: RunState;
  pagesDone: number;
  pagesTotal: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  report: string | null;
}

/** Another import is running (on this process or another behind the same database). */
export class ImportBusyError extends Error {
  constructor() {
    super('An import is already running: wait for it to finish (its progress is on this page), then upload the next dump.');
  }
}

const INTERRUPTED = 'The import was interrupted (the server stopped while importing). Upload the same dump again: it continues where it stopped, and adds nothing twice.';

/** The file is not a MediaWiki export, or is broken at its start: the import's own one line. */
export class DumpRejectedError extends Error {}

interface Row {
  id: number;
  file_name: string;
  state: RunState;
  pages_done: number;
  pages_total: number | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  report: string | null;
}

const toRun = (row: Row): ImportRun => ({
  id: row.id,
  fileName: row.file_name,
  state: row.state,
  pagesDone: row.pages_done,
  pagesTotal: row.pages_total,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  error: row.error,
  report: row.report,
});

/**
 * An administrator's MediaWiki import from the browser (/admin/import): the uploaded dump is imported
 * in the background by the process that received it (MediawikiImportService, as the terminal
 * command does), with its progress in mediawiki_import_runs so any process can show it. The file is
 * removed when the run ends however it ends; a run whose process died is marked interrupted once its
 * heartbeat is stale, and uploading the same dump again continues where it stopped.
 */
@Injectable()
export class MediawikiImportRunsService implements OnModuleDestroy {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: MediawikiImportService,
  ) {}

  /** The newest run, or null: what /admin/import shows. */
  async latest(viewer: Viewer | null): Promise<ImportRun | null> {
    assertAccess(viewer, Access.Admin);
    await this.markLost();
    const [row]: Row[] = await this.dataSource.query('SELECT * FROM mediawiki_import_runs ORDER BY id DESC LIMIT 1');
    return row ? toRun(row) : null;
  }

  /**
   * Starts importing an uploaded dump (at `path`, which this run owns and removes). Refused, with the
   * file removed, when another import is running or the file is not a MediaWiki export (checked by
   * reading its start here; broken XML further in stops the run with its line, before anything is written).
   */
  async start(viewer: Viewer | null, upload: { path: string; fileName: string }): Promise<ImportRun> {
    try {
      assertAccess(viewer, Access.Admin);
      await this.markLost();
      let row: Row;
      try {
        [row] = await this.dataSource.query('INSERT INTO mediawiki_import_runs (started_by, file_name) VALUES ($1, $2) RETURNING *', [viewer!.user.id, upload.fileName.slice(0, 200)]);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new ImportBusyError();
        throw error;
      }
      let problem: string | null;
      try {
        problem = await this.firstProblem(upload);
      } catch (error) {
        // Not the dump's fault (the file could not be read): the run must not stay "running".
        await this.end(row.id, 'failed', { error: `The upload could not be read: ${(error as Error).message}. Upload it again.` });
        throw error;
      }
      if (problem) {
        await this.end(row.id, 'failed', { error: problem });
        throw new DumpRejectedError(problem);
      }
      const work = this.run(row.id, upload);
      this.running.add(work);
      void work.finally(() => this.running.delete(work));
      return toRun(row);
    } catch (error) {
      await rm(upload.path, { force: true });
      throw error;
    }
  }

  /** Waits for this process's imports to end (tests; shutting down lets them be marked interrupted instead). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  async onModuleDestroy(): Promise<void> {
    // The import cannot outlive the pool; the next start (or another process) marks it interrupted.
    this.stopping = true;
  }
  private stopping = false;

  private async firstProblem(upload: { path: string; fileName: string }): Promise<string | null> {
    try {
      // The first item is the <siteinfo>: enough to know the file is a MediaWiki export.
      for await (const item of readDump(upload.path)) {
        void item;
        break;
      }
      return null;
    } catch (error) {
      if (error instanceof DumpError) return this.named(error.message, upload);
      throw error;
    }
  }

  /** The import's lines name the file as the administrator knows it, not where it is kept. */
  private named(line: string, upload: { path: string; fileName: string }): string {
    return line.split(upload.path).join(upload.fileName);
  }

  private async run(id: number, upload: { path: string; fileName: string }): Promise<void> {
    const beat = setInterval(() => {
      void this.dataSource.query("UPDATE mediawiki_import_runs SET heartbeat_at = now() WHERE id = $1 AND state = 'running'", [id]).catch(() => undefined);
    }, HEARTBEAT_MS);
    beat.unref();
    try {
      const result = await this.imports.importDump(upload.path, {
        pages: async (done, total) => {
          if (this.stopping) throw new Error('The server is stopping.');
          await this.dataSource.query('UPDATE mediawiki_import_runs SET pages_done = $2, pages_total = $3, heartbeat_at = now() WHERE id = $1', [id, done, total]);
        },
      });
      await this.end(id, 'finished', { report: result.report });
    } catch (error) {
      const line = this.stopping ? INTERRUPTED : error instanceof MediawikiImportError ? this.named(error.message, upload) : `The import stopped: ${(error as Error).message}. Upload the same dump again to continue.`;
      await this.end(id, this.stopping ? 'interrupted' : 'failed', { error: line }).catch(() => undefined);
    } finally {
      clearInterval(beat);
      await rm(upload.path, { force: true });
    }
  }

  private async end(id: number, state: RunState, what: { error?: string; report?: string }): Promise<void> {
    await this.dataSource.query('UPDATE mediawiki_import_runs SET state = $2, error = $3, report = $4, finished_at = now() WHERE id = $1', [id, state, what.error ?? null, what.report ?? null]);
  }

  /** Runs whose process stopped beating: it died, so they will not finish by themselves. */
  private async markLost(): Promise<void> {
    await this.dataSource.query(
      `UPDATE mediawiki_import_runs SET state = 'interrupted', finished_at = now(),
         error = $2
       WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1)`,
      [HEARTBEAT_TIMEOUT_S, INTERRUPTED],
    );
  }
}
