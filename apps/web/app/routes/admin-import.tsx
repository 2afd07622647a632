import { renderMarkdown } from '@commonplace/markdown';
import { useEffect, useRef, useState } from 'react';
import { useRevalidator } from 'react-router';
import { requireAdmin } from '../admin-users.server';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormGroup } from '../components/FormGroup';
import { formTitle } from '../forms';
import { graphql } from '../graphql';
import { query } from '../load-context';
import type { Route } from './+types/admin-import';

const MEDIAWIKI_IMPORT = graphql(`
  query MediawikiImport { mediawikiImport { id fileName state pagesDone pagesTotal startedAt finishedAt error report } }
`);

/** The upload limit (the server's UPLOAD_MAX_BYTES, apps/server/src/mediawiki/mediawiki-import-runs.service.ts). */
const UPLOAD_MAX_MB = 100;
/** How often the page asks for progress while an import runs (with JavaScript). */
const POLL_MS = 3000;

/** What the upload (POST /admin/import/upload, a server controller) sends back as ?error=…. */
const PROBLEMS: Record<string, string> = {
  'no-file': 'Choose a MediaWiki dump (.xml or .xml.gz) to upload',
  'too-large': `The file must be ${UPLOAD_MAX_MB} MB or smaller: import a larger dump with the terminal command`,
  busy: 'An import is already running: wait for it to finish, then upload the next dump',
};

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  const { mediawikiImport: run } = await query(context, MEDIAWIKI_IMPORT, {}, { cacheable: false, request });
  const code = new URL(request.url).searchParams.get('error');
  const error = code === 'not-a-dump' ? (run?.error ?? 'The file is not a MediaWiki export') : code ? (PROBLEMS[code] ?? null) : null;
  // The renderer makes a text's top heading an h2; the report sits under "Latest import" (h2), so one level further down.
  const reportHtml =
    run?.state === 'Finished' && run.report ? renderMarkdown(run.report).replace(/<(\/?)h([2-5])\b/g, (_tag, close: string, level: string) => `<${close}h${Number(level) + 1}`) : null;
  return { run, error, reportHtml };
}

const percent = (done: number, total: number | null) => (total ? Math.floor((done / total) * 100) : 0);

function progressLine(run: { fileName: string; pagesDone: number; pagesTotal: number | null }): string {
  if (run.pagesTotal === null) return `Checking ${run.fileName}: the whole dump is read once before anything is imported.`;
  return `Imported ${run.pagesDone} of ${run.pagesTotal} pages (${percent(run.pagesDone, run.pagesTotal)}%) from ${run.fileName}.`;
}

/**
 * While an import runs (with JavaScript): asks for progress every few seconds, and says it in a
 * polite live region only at each tenth and at the end, so a screen reader is not interrupted by
 * every tick. Without JavaScript, the "Refresh progress" link does the asking.
 */
function useProgressAnnouncements(run: { id: number; state: string; pagesDone: number; pagesTotal: number | null } | null) {
  const revalidator = useRevalidator();
  const [announcement, setAnnouncement] = useState('');
  const told = useRef<{ id: number; tenth: number; state: string } | null>(null);
  const running = run?.state === 'Running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') void revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  useEffect(() => {
    if (!run) return;
    const tenth = Math.floor(percent(run.pagesDone, run.pagesTotal) / 10);
    const before = told.current;
    told.current = { id: run.id, tenth, state: run.state };
    // Nothing is said on arriving at the page: only changes seen while it is open.
    if (!before || before.id !== run.id) return;
    if (before.state === 'Running' && run.state === 'Finished') setAnnouncement('The import has finished. Its report is below.');
    else if (before.state === 'Running' && run.state !== 'Running') setAnnouncement('The import has stopped. The page says why.');
    else if (run.state === 'Running' && tenth > before.tenth) setAnnouncement(`Imported ${tenth * 10}% of the pages.`);
  }, [run]);
  return announcement;
}

/**
 * /admin/import: an administrator uploads a MediaWiki dump (a plain multipart form to the server's
 * POST /admin/import/upload, so it works without JavaScript), follows its progress, and reads the
 * import report when it has finished. The import runs in the server; its progress is in the database.
 */
export default function ImportPage({ loaderData }: Route.ComponentProps) {
  const { run, error, reportHtml } = loaderData;
  const announcement = useProgressAnnouncements(run);
  return (
    <>
      <title>{formTitle('Import from MediaWiki', Boolean(error))}</title>
      <ErrorSummary items={error ? [{ fieldId: 'dump', message: error }] : []} />
      <h1>Import from MediaWiki</h1>
      <p>
        Bring a MediaWiki wiki into this one from its XML dump (made with <code>dumpBackup.php --full</code> or Special:Export, with every revision): pages with
        their history, authors and edit summaries, talk pages as discussions, and redirects. Wikitext is converted to Markdown; what cannot be converted is
        kept as code and listed in the import report.
      </p>
      <p>
        People who edited the old wiki get accounts here without passwords. Pages whose address is already taken here are not imported; the report says
        which.
      </p>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {run ? <LatestImport run={run} reportHtml={reportHtml} /> : null}
      <h2>Upload a dump</h2>
      <form method="post" action="/admin/import/upload" encType="multipart/form-data" noValidate>
        <CsrfField />
        <FormGroup
          id="dump"
          label="MediaWiki dump"
          hint={`An .xml file, or .xml.gz as dumpBackup.php writes it, up to ${UPLOAD_MAX_MB} MB. Uploading the same dump again continues an import that stopped, and adds nothing twice.`}
          error={error ?? undefined}
        >
          {(describedBy) => (
            <input type="file" id="dump" name="dump" accept=".xml,.gz,application/xml,text/xml,application/gzip" className={`file-upload${error ? ' file-upload--error' : ''}`} aria-describedby={describedBy} />
          )}
        </FormGroup>
        <button type="submit" className="button">
          Upload and import
        </button>
      </form>
      <h2>Larger dumps</h2>
      <p>
        A dump over {UPLOAD_MAX_MB} MB is imported on the server with <code>npm run admin -- import-mediawiki &lt;dump.xml.gz&gt;</code> (see “Importing from
        MediaWiki” in the README).
      </p>
    </>
  );
}

interface Run {
  fileName: string;
  state: 'Running' | 'Finished' | 'Failed' | 'Interrupted';
  pagesDone: number;
  pagesTotal: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

function LatestImport({ run, reportHtml }: { run: Run; reportHtml: string | null }) {
  return (
    <section aria-labelledby="latest-import">
      <h2 id="latest-import">Latest import</h2>
      {run.state === 'Running' ? (
        <>
          <p id="import-progress">{progressLine(run)}</p>
          {run.pagesTotal !== null ? <progress max={run.pagesTotal} value={run.pagesDone} aria-labelledby="import-progress" /> : null}
          <p>
            Started <DateTime iso={run.startedAt} />. You can leave this page: the import carries on.{' '}
            <a href="/admin/import">Refresh progress</a>
          </p>
        </>
      ) : run.state === 'Finished' ? (
        <>
          <p>
            Finished importing {run.fileName}
            {run.finishedAt ? (
              <>
                {' '}
                on <DateTime iso={run.finishedAt} />
              </>
            ) : null}
            : {run.pagesDone} of {run.pagesTotal ?? run.pagesDone} pages of the dump read.
          </p>
          <p>
            <a href="/admin/import/report.md" download>
              Download the import report (Markdown)
            </a>
          </p>
          {reportHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: reportHtml }} /> : null}
        </>
      ) : (
        <p>
          The import of {run.fileName} {run.state === 'Interrupted' ? 'was interrupted' : 'stopped'}
          {run.pagesTotal ? ` after ${run.pagesDone} of ${run.pagesTotal} pages` : ''}: {run.error}
        </p>
      )}
    </section>
  );
}
