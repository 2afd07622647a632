import { data, Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/TextInput';
import { PersonName } from '../components/UserLink';
import { errorFor, summaryItems } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { formatDateTime } from '../format';
import { notFound, query } from '../load-context';
import { REVERT_PAGE } from '../pages.server';
import { useRootData } from '../viewer';
import type { Route } from './+types/page-revision';
import { graphql } from '../graphql';

const REVISION = graphql(`
  query PageRevision($slug: String!, $id: Int!) {
    page(slug: $slug) { id slug title deletedAt currentRevision { id } }
    revision(id: $id) { id createdAt summary wordsAdded wordsRemoved author { username displayName } page { id } parts { kind html } }
  }
`);

export async function loader({ params, context }: Route.LoaderArgs) {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const { page, revision } = await query(context, REVISION, { slug: params.slug, id });
  if (!page || !revision || revision.page.id !== page.id) notFound();
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}/revisions/${id}`, 301);
  return { page, revision };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const summary = field(form, 'summary');
  const reverted = await formMutation(context, request, REVERT_PAGE, { input: { slug: params.slug, revisionId: Number(params.id), summary } });
  if (!reverted.ok || !reverted.payload.page) {
    return data({ errors: reverted.errors, values: { summary }, submission: crypto.randomUUID() }, { status: 400 });
  }
  return redirect(`/wiki/${reverted.payload.page.slug}?updated=reverted`, 303);
}

export default function PageRevision({ loaderData, actionData }: Route.ComponentProps) {
  const { page, revision } = loaderData;
  const answer = actionData;
  const viewer = useRootData()?.viewer;
  const current = page.currentRevision?.id === revision.id;
  const when = formatDateTime(revision.createdAt);
  return (
    <>
      <title>{`${answer?.errors.length ? 'Error: ' : ''}${page.title} as of ${when} – Commonplace`}</title>
      <ErrorSummary items={summaryItems(answer?.errors, { summary: 'summary' })} focusKey={answer?.submission} />
      <h1>
        {page.title} <span className="caption">as of {when}</span>
      </h1>
      <div className="notification-banner" role="region" aria-labelledby="old-revision-title">
        <div className="notification-banner__header">
          <h2 className="notification-banner__title" id="old-revision-title">
            {current ? 'This is the current text' : 'This is an old revision'}
          </h2>
        </div>
        <div className="notification-banner__content">
          <p>
            Saved by <PersonName person={revision.author} /> on <DateTime iso={revision.createdAt} />
            {revision.summary ? ` (about this update: ${revision.summary})` : ''}.
          </p>
          <p>
            <a href={`/wiki/${page.slug}`}>Read the page as it is now</a>
            {!current && page.currentRevision ? (
              <>
                {' · '}
                <a href={`/wiki/${page.slug}/compare?from=${revision.id}&to=${page.currentRevision.id}`}>Compare this revision with the current text</a>
              </>
            ) : null}
            {' · '}
            <a href={`/wiki/${page.slug}/history`}>Complete history</a>
          </p>
        </div>
      </div>
      {revision.parts.map((part, index) =>
        part.kind === 'Recommendations' ? (
          <p key={index} className="hint">
            [The recommendation areas are shown here, as they are now.]
          </p>
        ) : (
          <div key={index} className="prose" dangerouslySetInnerHTML={{ __html: part.html ?? '' }} />
        ),
      )}
      {!current && viewer && !page.deletedAt ? (
        <section aria-labelledby="revert-heading" className="revert">
          <h2 id="revert-heading">Bring this revision back</h2>
          <p>Reverting saves this revision’s text as a new revision. Nothing in the history is lost, and it can be undone the same way.</p>
          <Form method="post" action={`/wiki/${page.slug}/revisions/${revision.id}`} noValidate key={answer?.submission} className="form">
            <CsrfField />
            <TextInput
              id="summary"
              name="summary"
              label="Why are you reverting? (optional)"
              hint="Shown in the page’s history"
              defaultValue={answer?.values.summary}
              error={errorFor(answer?.errors, 'summary', 'summary')}
              width="full"
            />
            <button type="submit" className="button">
              Revert to this revision
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
