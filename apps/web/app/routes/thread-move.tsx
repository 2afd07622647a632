import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { FormGroup } from '../components/FormGroup';
import { PostTextarea } from '../components/PostTextarea';
import { canCurate, shortText } from '../curation';
import { MOVE_THREAD } from '../curation-documents';
import { errorFor, summaryItems } from '../forms';
import { field, formMutation, keep, problem, readForm } from '../forms.server';
import { forbidden, notFound, query, signInPath } from '../load-context';
import type { Route } from './+types/thread-move';
import { ViewerFields } from '../fragments';
import { graphql } from '../graphql';

const VIEWER = graphql(`
  query MoveViewer { viewer { ...ViewerFields } }
`, [ViewerFields]);

const TARGETS = graphql(`
  query MoveTargets($id: Int!) {
    thread(id: $id) { id subject page { slug title } }
    threadMoveTargets { pages { slug title } recommendations { id text areaTitle } }
  }
`);

function threadId(raw: string | undefined): number {
  if (!/^[1-9][0-9]{0,9}$/.test(raw ?? '') || Number(raw) > 2_147_483_647) notFound();
  return Number(raw);
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const id = threadId(params.id);
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  if (!canCurate(viewer)) throw forbidden();
  const found = await query(context, TARGETS, { id }, { cacheable: false, request });
  if (!found.thread) notFound();
  return { thread: found.thread, targets: found.threadMoveTargets };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const id = threadId(params.id);
  const form = await readForm(request, context);
  const to = field(form, 'to');
  const reason = field(form, 'reason');
  const target = to.startsWith('page:') ? { pageSlug: to.slice(5) } : to.startsWith('recommendation:') ? { recommendationId: Number(to.slice(15)) || 0 } : {};
  const { errors } = await formMutation(context, request, MOVE_THREAD, { input: { threadId: id, reason, ...target } });
  if (errors.length > 0) {
    // Both target fields are one select here.
    return problem(errors.map((error) => (error.field === 'pageSlug' || error.field === 'recommendationId' ? { ...error, field: 'to' } : error)), keep(form, ['to', 'reason']));
  }
  return redirect(`/threads/${id}`, 303);
}

export default function MoveThread({ loaderData, actionData }: Route.ComponentProps) {
  const { thread, targets } = loaderData;
  const answer = actionData;
  const errors = answer?.errors;
  const items = summaryItems(errors, { to: 'move-to', reason: 'move-reason' });
  const toError = errorFor(errors, 'to', 'to');
  return (
    <>
      <title>{`${items.length ? 'Error: ' : ''}Move the thread “${thread.subject}” – Commonplace`}</title>
      <ErrorSummary items={items} focusKey={answer?.submission} />
      <p className="context-link">
        <a href={`/threads/${thread.id}`}>Back to the thread</a>
      </p>
      <h1>Move the thread “{thread.subject}”</h1>
      <p>
        It is now on the page <a href={`/wiki/${thread.page.slug}`}>{thread.page.title}</a>. Moving it keeps its replies, and is written to the moderation log.
      </p>
      <Form method="post" noValidate className="form" key={answer?.submission}>
        <CsrfField />
        <FormGroup id="move-to" label="Move it to" hint="A page, or a recommendation (the thread then lists under that recommendation, on the page that shows the recommendations)." error={toError}>
          {(describedBy) => (
            <select className={`select${toError ? ' select--error' : ''}`} id="move-to" name="to" defaultValue={answer?.values.to ?? ''} aria-describedby={describedBy} aria-invalid={toError ? true : undefined}>
              <option value="">Choose a page or recommendation</option>
              <optgroup label="Pages">
                {targets.pages.map((page) => (
                  <option key={page.slug} value={`page:${page.slug}`}>
                    {page.title}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Recommendations">
                {targets.recommendations.map((recommendation) => (
                  <option key={recommendation.id} value={`recommendation:${recommendation.id}`}>
                    {recommendation.areaTitle}: {shortText(recommendation.text, 80)}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </FormGroup>
        <PostTextarea id="move-reason" name="reason" rows={2} label="Reason" hint="For the moderation log. Up to 1,000 characters." error={errorFor(errors, 'reason')} defaultValue={answer?.values.reason} />
        <button type="submit" className="button">
          Move the thread
        </button>
      </Form>
    </>
  );
}
