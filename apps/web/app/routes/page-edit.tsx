import { data, redirect } from 'react-router';
import { renderMarkdown } from '@commonplace/markdown';
import { DateTime } from '../components/DateTime';
import { PageEditor, type PageEditorValues } from '../components/PageEditor';
import { draftKeys } from '../drafts';
import { forgetDraft, loadDraft } from '../drafts.server';
import { PersonName } from '../components/UserLink';
import { formTitle, type FormError } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { notFound, query, signInPath } from '../load-context';
import { SAVE_PAGE, type EditConflictView } from '../pages.server';
import type { Route } from './+types/page-edit';
import { graphql } from '../graphql';
import { NO_UPLOAD_VALUES, type FileUploadValues } from '../components/FileUploadFields';
import { uploadFromForm, withReferences } from '../uploads.server';

const EDIT_PAGE = graphql(`
  query EditPage($slug: String!) {
    viewer { username suspended }
    page(slug: $slug) { slug title tags deletedAt currentRevision { id body } }
  }
`);

interface EditAnswer {
  errors: FormError[];
  values: PageEditorValues;
  baseRevisionId: number;
  previewHtml: string | null;
  conflict: EditConflictView | null;
  submission: string;
  idempotencyKey: string;
  uploads: FileUploadValues;
  uploaded: string[];
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const { viewer, page } = await query(context, EDIT_PAGE, { slug: params.slug }, { cacheable: false, request });
  if (!page) notFound();
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}/edit`, 301);
  if (!viewer) throw redirect(signInPath(request), 303);
  // One key per opened form: sent again (resubmitted, retried), the save is made once.
  const { draft, restored } = viewer.suspended ? { draft: null, restored: false } : await loadDraft(context, request, draftKeys.pageEdit(page.slug));
  return { page, suspended: viewer.suspended, idempotencyKey: crypto.randomUUID(), draft, restored };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values: PageEditorValues = { title: field(form, 'title'), body: field(form, 'body'), summary: field(form, 'summary'), tags: field(form, 'tags') };
  const baseRevisionId = Number(field(form, 'baseRevisionId'));
  // Kept across previews, problems and conflicts: none of them saved anything under it.
  const idempotencyKey = field(form, 'idempotencyKey') || crypto.randomUUID();
  const answer = (extra: Partial<EditAnswer>, status: number) =>
    data({ errors: [], values, baseRevisionId, previewHtml: null, conflict: null, submission: crypto.randomUUID(), idempotencyKey, uploads: NO_UPLOAD_VALUES, uploaded: [], ...extra } satisfies EditAnswer, { status });
  const intent = field(form, 'intent');
  if (intent === 'preview') return answer({ previewHtml: renderMarkdown(values.body) }, 200);
  // Files chosen are uploaded first (with "Save page" too, so none is forgotten), their lines added
  // to the text; a refused upload saves nothing and keeps everything typed.
  const upload = await uploadFromForm(context, request, form);
  if (upload.errors.length > 0) return answer({ errors: upload.errors, uploads: upload.values }, 400);
  values.body = withReferences(values.body, upload.references);
  if (intent === 'upload') {
    if (!upload.chosen) return answer({ errors: [{ field: 'file1', message: 'Choose a file to upload' }], uploads: upload.values }, 400);
    return answer({ uploaded: upload.references }, 200);
  }
  if (!Number.isInteger(baseRevisionId) || baseRevisionId <= 0) {
    return answer({ errors: [{ field: null, message: 'This form lost track of the version you started from. Your text is below: save it again to merge it with the page as it is now' }] }, 400);
  }
  const saved = await formMutation(context, request, SAVE_PAGE, {
    input: { slug: params.slug, baseRevisionId, body: values.body, summary: values.summary, title: values.title, tags: [values.tags], idempotencyKey },
  });
  const conflict = saved.payload?.outcome === 'Conflict' ? saved.payload.conflict : null;
  if (conflict) {
    // Resolving starts from what is saved now, with the person's own words in the text box.
    return answer({ conflict, baseRevisionId: conflict.currentRevision.id, values: { ...values, body: conflict.mergedText } }, 409);
  }
  if (!saved.ok || !saved.payload.page) return answer({ errors: saved.errors }, 400);
  await forgetDraft(context, request, draftKeys.pageEdit(params.slug), form);
  return redirect(`/wiki/${saved.payload.page.slug}?updated=${saved.payload.outcome.toLowerCase()}`, 303);
}

export default function EditPage({ loaderData, actionData }: Route.ComponentProps) {
  const { page, suspended, idempotencyKey, draft, restored } = loaderData;
  const answer = actionData;
  const errors = answer?.errors;
  const conflict = answer?.conflict ?? null;
  // A restored draft keeps the revision it started from: saving it merges with what others saved since.
  const baseRevisionId = answer?.baseRevisionId ?? (restored && draft?.baseRevisionId ? draft.baseRevisionId : null) ?? page.currentRevision?.id ?? 0;
  if (suspended) {
    // Offering a form whose saving would be refused would only waste the person's words.
    return (
      <>
        <title>{`Editing ${page.title} – Commonplace`}</title>
        <h1>You cannot edit pages while your account is suspended</h1>
        <p>The banner above says why. You can still read every page and its history.</p>
        <p>
          <a href={`/wiki/${page.slug}`}>Back to {page.title}</a>
        </p>
      </>
    );
  }
  if (page.deletedAt) {
    return (
      <>
        <title>{`Editing ${page.title} – Commonplace`}</title>
        <h1>{page.title} has been deleted</h1>
        <p>A moderator deleted this page, so it cannot be edited. A moderator can restore it.</p>
        <p>
          <a href={`/wiki/${page.slug}`}>Back to the page</a>
        </p>
      </>
    );
  }
  return (
    <>
      <title>{conflict ? `Edit conflict: ${page.title} – Commonplace` : formTitle(`Editing ${page.title}`, Boolean(errors?.length))}</title>
      <h1>{conflict ? `Edit conflict: ${page.title}` : `Editing ${page.title}`}</h1>
      {conflict ? <ConflictExplanation conflict={conflict} /> : null}
      <PageEditor
        action={`/wiki/${page.slug}/edit`}
        baseRevisionId={baseRevisionId}
        idempotencyKey={answer?.idempotencyKey ?? idempotencyKey}
        values={answer?.values ?? (restored && draft ? { title: draft.title, body: draft.body, summary: draft.summary, tags: draft.tags } : { title: page.title, body: page.currentRevision?.body ?? '', summary: '', tags: page.tags.join(', ') })}
        errors={errors}
        submission={answer?.submission}
        previewHtml={answer?.previewHtml}
        draftKey={draftKeys.pageEdit(page.slug)}
        draft={answer ? null : draft}
        restored={!answer && restored}
        submitLabel={conflict ? 'Save my resolved text' : 'Save page'}
        uploads={answer?.uploads ?? NO_UPLOAD_VALUES}
        uploaded={answer?.uploaded}
        titleHint="Changing the title renames the page. Its old address will still lead here."
      />
      {conflict ? (
        <details className="details">
          <summary className="details__summary">The whole of both texts</summary>
          <div className="details__text">
            <label className="label" htmlFor="their-text">
              The page as {conflict.currentRevision.author.displayName} saved it (read only)
            </label>
            <textarea id="their-text" className="textarea" readOnly rows={10} defaultValue={conflict.currentRevision.body} />
            <label className="label" htmlFor="your-text">
              Your text as you sent it (read only)
            </label>
            <textarea id="your-text" className="textarea" readOnly rows={10} defaultValue={conflict.yourText} />
          </div>
        </details>
      ) : null}
    </>
  );
}

/** What happened, each conflicting part with both versions, and what to do: nothing has been saved or lost. */
function ConflictExplanation({ conflict }: { conflict: EditConflictView }) {
  const count = conflict.parts.length;
  return (
    <section className="conflict" aria-labelledby="conflict-heading">
      <div className="error-summary" role="alert" aria-labelledby="conflict-heading">
        <h2 className="error-summary__title" id="conflict-heading">
          Someone else changed the same {count === 1 ? 'part' : `${count} parts`} of this page while you were editing
        </h2>
        <p>
          <PersonName person={conflict.currentRevision.author} /> saved a new version on <DateTime iso={conflict.currentRevision.createdAt} />
          {conflict.currentRevision.summary ? <> (about this update: {conflict.currentRevision.summary})</> : null}. Your text has not been saved yet, and
          nothing has been lost.
        </p>
        <p>
          In the text box below, each conflicting part has your version between the lines <code>&lt;&lt;&lt;&lt;&lt;&lt;&lt; your text</code> and{' '}
          <code>=======</code>, then theirs before <code>&gt;&gt;&gt;&gt;&gt;&gt;&gt; saved meanwhile by someone else</code>. Keep the words you want, remove those
          marker lines, and save.
        </p>
      </div>
      <ol className="conflict__parts">
        {conflict.parts.map((part, index) => (
          <li key={index} className="conflict__part">
            <h3>
              Conflict {index + 1} of {count}
            </h3>
            <h4>Your version</h4>
            <blockquote className="conflict__text">{part.mine || '(you removed this part)'}</blockquote>
            <h4>Their version</h4>
            <blockquote className="conflict__text">{part.theirs || '(they removed this part)'}</blockquote>
          </li>
        ))}
      </ol>
    </section>
  );
}
