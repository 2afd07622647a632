import { data, redirect } from 'react-router';
import { renderMarkdown } from '@commonplace/markdown';
import { PageEditor, type PageEditorValues } from '../components/PageEditor';
import { NO_UPLOAD_VALUES, type FileUploadValues } from '../components/FileUploadFields';
import { uploadFromForm, withReferences } from '../uploads.server';
import { draftKeys } from '../drafts';
import { forgetDraft, loadDraft } from '../drafts.server';
import { formTitle, type FormError } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { query, signInPath } from '../load-context';
import { CREATE_PAGE } from '../pages.server';
import type { Route } from './+types/page-new';
import { graphql } from '../graphql';

const NEW_PAGE = graphql(`
  query NewPage { viewer { username suspended } areas { slug title } }
`);

interface NewPageAnswer {
  errors: FormError[];
  values: PageEditorValues;
  uploads: FileUploadValues;
  uploaded: string[];
  previewHtml: string | null;
  submission: string;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer, areas } = await query(context, NEW_PAGE, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  const title = new URL(request.url).searchParams.get('title') ?? '';
  const { draft, restored } = viewer.suspended ? { draft: null, restored: false } : await loadDraft(context, request, draftKeys.pageNew());
  return { areas, title: title.slice(0, 200), suspended: viewer.suspended, draft, restored };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values: PageEditorValues = { title: field(form, 'title'), body: field(form, 'body'), summary: field(form, 'summary'), tags: field(form, 'tags'), areaSlug: field(form, 'areaSlug') };
  const answer = (errors: FormError[], previewHtml: string | null, status: number, uploads: FileUploadValues = NO_UPLOAD_VALUES, uploaded: string[] = []) =>
    data({ errors, values, previewHtml, submission: crypto.randomUUID(), uploads, uploaded } satisfies NewPageAnswer, { status });
  const intent = field(form, 'intent');
  if (intent === 'preview') return answer([], renderMarkdown(values.body), 200);
  // As in the editor: files chosen go first, their lines added to the text; refused, nothing is made.
  const upload = await uploadFromForm(context, request, form);
  if (upload.errors.length > 0) return answer(upload.errors, null, 400, upload.values);
  values.body = withReferences(values.body, upload.references);
  if (intent === 'upload') {
    if (!upload.chosen) return answer([{ field: 'file1', message: 'Choose a file to upload' }], null, 400, upload.values);
    return answer([], null, 200, NO_UPLOAD_VALUES, upload.references);
  }
  const created = await formMutation(context, request, CREATE_PAGE, {
    input: { title: values.title, body: values.body, summary: values.summary, tags: [values.tags], areaSlug: values.areaSlug || null },
  });
  if (!created.ok || !created.payload.page) return answer(created.errors, null, 400);
  await forgetDraft(context, request, draftKeys.pageNew(), form);
  return redirect(`/wiki/${created.payload.page.slug}?updated=created`, 303);
}

export default function NewPage({ loaderData, actionData }: Route.ComponentProps) {
  const { areas, title, suspended, draft, restored } = loaderData;
  const answer = actionData;
  const errors = answer?.errors;
  if (suspended) {
    return (
      <>
        <title>Create a page – Commonplace</title>
        <h1>You cannot create pages while your account is suspended</h1>
        <p>The banner above says why. You can still read every page.</p>
      </>
    );
  }
  return (
    <>
      <title>{formTitle('Create a page', Boolean(errors?.length))}</title>
      <h1>Create a page</h1>
      <PageEditor
        action="/pages/new"
        values={answer?.values ?? (restored && draft ? { title: draft.title, body: draft.body, summary: draft.summary, tags: draft.tags, areaSlug: '' } : { title, body: '', summary: '', tags: '', areaSlug: '' })}
        errors={errors}
        submission={answer?.submission}
        previewHtml={answer?.previewHtml}
        areas={areas}
        draftKey={draftKeys.pageNew()}
        draft={answer ? null : draft}
        restored={!answer && restored}
        submitLabel="Create page"
        uploads={answer?.uploads ?? NO_UPLOAD_VALUES}
        uploaded={answer?.uploaded}
        titleHint="The page’s address is made from its title."
      />
    </>
  );
}
