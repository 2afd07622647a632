import { useRef } from 'react';
import { data, Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { MentionTextarea } from '../components/mentions/MentionTextarea';
import { DraftOffer, DraftSaving } from '../components/ServerDraft';
import { draftKeys } from '../drafts';
import { forgetDraft, loadDraft } from '../drafts.server';
import { TextInput } from '../components/TextInput';
import { START_THREAD } from '../discussions.server';
import { errorFor, formTitle, summaryItems, type FormError } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { notFound, query, signInPath } from '../load-context';
import type { Route } from './+types/thread-new';
import { graphql } from '../graphql';
import { FileUploadFields, NO_UPLOAD_VALUES, type FileUploadValues } from '../components/FileUploadFields';
import { UPLOAD_FIELD_IDS } from '../uploads';
import { uploadFromForm, withReferences } from '../uploads.server';

const NEW_THREAD = graphql(`
  query NewThread($slug: String!, $recommendationId: Int!, $withRecommendation: Boolean!) {
    viewer { username suspended }
    page(slug: $slug) { slug title deletedAt }
    recommendation(id: $recommendationId) @include(if: $withRecommendation) { id text status }
  }
`);

interface NewThreadAnswer {
  errors: FormError[];
  values: { subject: string; body: string; tags: string };
  submission: string;
  uploads: FileUploadValues;
}

/** `?recommendation=<id>`: a thread about one recommendation ("Challenge or discuss this recommendation"). */
function recommendationParam(request: Request): number | null {
  const id = Number(new URL(request.url).searchParams.get('recommendation'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const recommendationId = recommendationParam(request);
  const { viewer, page, recommendation } = await query(
    context,
    NEW_THREAD,
    { slug: params.slug, recommendationId: recommendationId ?? 0, withRecommendation: recommendationId !== null },
    { cacheable: false, request },
  );
  if (!page || page.deletedAt) notFound();
  if (recommendationId !== null && (!recommendation || recommendation.status !== 'Active')) notFound();
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}/threads/new${new URL(request.url).search}`, 301);
  if (!viewer) throw redirect(signInPath(request), 303);
  const { draft, restored } = viewer.suspended ? { draft: null, restored: false } : await loadDraft(context, request, draftKeys.threadNew(page.slug, recommendationId));
  return { page, recommendation: recommendation ?? null, suspended: viewer.suspended, draft, restored };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const values = { subject: field(form, 'subject'), body: field(form, 'body'), tags: field(form, 'tags') };
  const recommendationId = recommendationParam(request);
  // Files attached: uploaded first, their lines added to the opening post; refused, nothing is posted.
  const upload = await uploadFromForm(context, request, form);
  if (upload.errors.length > 0) return data({ errors: upload.errors, values, submission: crypto.randomUUID(), uploads: upload.values } satisfies NewThreadAnswer, { status: 400 });
  values.body = withReferences(values.body, upload.references);
  const started = await formMutation(context, request, START_THREAD, {
    input: { pageSlug: params.slug, recommendationId, subject: values.subject, body: values.body, tags: [values.tags] },
  });
  if (!started.ok || !started.payload.thread) {
    return data({ errors: started.errors, values, submission: crypto.randomUUID(), uploads: NO_UPLOAD_VALUES } satisfies NewThreadAnswer, { status: 400 });
  }
  await forgetDraft(context, request, draftKeys.threadNew(params.slug, recommendationId), form);
  return redirect(`/threads/${started.payload.thread.id}`, 303);
}

export default function NewThread({ loaderData, actionData }: Route.ComponentProps) {
  const { page, recommendation, suspended, draft, restored } = loaderData;
  const form = useRef<HTMLFormElement>(null);
  const heading = recommendation ? 'Challenge or discuss a recommendation' : `Start a thread about ${page.title}`;
  const action = `/wiki/${page.slug}/threads/new${recommendation ? `?recommendation=${recommendation.id}` : ''}`;
  const answer = actionData;
  const errors = answer?.errors;
  const values = answer?.values ?? (restored && draft ? { subject: draft.title, body: draft.body, tags: draft.tags } : undefined);
  if (suspended) {
    return (
      <>
        <title>{`Start a thread about ${page.title} – Commonplace`}</title>
        <h1>You cannot start threads while your account is suspended</h1>
        <p>The banner above says why. You can still read every thread.</p>
        <p>
          <a href={`/wiki/${page.slug}`}>Back to {page.title}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <title>{formTitle(heading, Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, { subject: 'subject', body: 'body', ...UPLOAD_FIELD_IDS, tags: 'tags', pageSlug: 'subject' })} focusKey={answer?.submission} />
      <p className="context-link">
        <a href={`/wiki/${page.slug}`}>{page.title}</a> · <a href={`/wiki/${page.slug}/threads`}>All threads about this page</a>
      </p>
      <h1>{heading}</h1>
      {recommendation ? (
        <p>
          The thread will be about the recommendation <a href={`/recommendations/${recommendation.id}`}>“{recommendation.text}”</a>, and listed with it and on {page.title}.
        </p>
      ) : null}
      {answer ? null : <DraftOffer draft={draft} restored={restored} />}
      <Form method="post" action={action} encType="multipart/form-data" noValidate className="form" key={`${answer?.submission}-${restored}`} ref={form}>
        <CsrfField />
        <TextInput id="subject" name="subject" label="Subject" hint="Up to 200 characters" defaultValue={values?.subject} error={errorFor(errors, 'subject', 'subject')} width="full" required />
        <MentionTextarea id="body" name="body" label="Text" hint="Markdown: *emphasis*, [links](https://example.org), lists; @username mentions someone. Up to 50 KB." defaultValue={values?.body} error={errorFor(errors, 'body')} rows={10} />
        <FileUploadFields errors={errors} values={answer?.uploads ?? NO_UPLOAD_VALUES} noun="opening post" />
        <TextInput id="tags" name="tags" label="Keyword tags (optional)" hint="Separate tags with commas, for example: safety, governance" defaultValue={values?.tags} error={errorFor(errors, 'tags')} width="full" />
        <DraftSaving draftKey={draftKeys.threadNew(page.slug, recommendation?.id ?? null)} form={form} submission={answer?.submission} restored={!answer && restored} />
        <button type="submit" className="button">
          Start thread
        </button>
      </Form>
    </>
  );
}
