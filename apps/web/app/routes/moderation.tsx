import { Form, redirect, useLocation } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { moderationFieldId } from '../components/PostModeration';
import { PostTextarea } from '../components/PostTextarea';
import { PersonName } from '../components/UserLink';
import { canCurate } from '../curation';
import { formatDateTime } from '../format';
import { readForm } from '../forms.server';
import { forbidden, query, signInPath } from '../load-context';
import { moderationAction } from '../moderation.server';
import type { Route } from './+types/moderation';
import { ViewerFields } from '../fragments';
import { graphql, type ResultOf } from '../graphql';

const VIEWER = graphql(`
  query ModerationViewer { viewer { ...ViewerFields } }
`, [ViewerFields]);

const QUEUE = graphql(`
  query ModerationQueue {
    moderationQueue {
      excerpt
      flagCount
      firstFlaggedAt
      thread { id subject createdAt hidden starter { username displayName } }
      reply { id createdAt hidden author { username displayName } }
      flags { id reason createdAt reporter { username displayName } }
    }
  }
`);

type QueueEntry = ResultOf<typeof QUEUE>['moderationQueue'][number];

const DONE: Record<string, string> = {
  hidden: 'The post was hidden, and its reports were closed. Readers see “Hidden by a moderator” and your reason in its place.',
  dismissed: 'The reports were dismissed; the post is shown as before.',
};

async function moderatorOnly(request: Request, context: Route.LoaderArgs['context']) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  if (!canCurate(viewer)) throw forbidden();
}

export async function loader({ request, context }: Route.LoaderArgs) {
  await moderatorOnly(request, context);
  const { moderationQueue } = await query(context, QUEUE, {}, { cacheable: false, request });
  const done = new URL(request.url).searchParams.get('done');
  return { queue: moderationQueue, done: done && DONE[done] ? done : null };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const answer = await moderationAction(context, request, form, (_post, intent) => `/moderation?done=${intent === 'hide' ? 'hidden' : 'dismissed'}`);
  if (answer) return answer;
  throw forbidden();
}

/** "Bea’s reply of 17 November 2008, 12:10" or "Sam’s opening post of “Subject”". */
function postName(entry: QueueEntry): string {
  return entry.reply
    ? `${entry.reply.author.displayName}’s reply of ${formatDateTime(entry.reply.createdAt)}`
    : `${entry.thread.starter.displayName}’s opening post of “${entry.thread.subject}”`;
}

export default function ModerationQueue({ loaderData, actionData }: Route.ComponentProps) {
  const { queue, done } = loaderData;
  const answer = actionData;
  const location = useLocation();
  const errorItems = answer ? answer.errors.map((error) => ({ fieldId: moderationFieldId(answer.target), message: error.message })) : [];
  return (
    <>
      <title>{`${errorItems.length ? 'Error: ' : ''}Moderation – Commonplace`}</title>
      <ErrorSummary items={errorItems} focusKey={answer?.submission} />
      {done && !answer ? (
        <NotificationBanner id="moderation-done" title="Success" success key={location.key}>
          <p>{DONE[done]}</p>
        </NotificationBanner>
      ) : null}
      <h1>Moderation</h1>
      <p>
        Posts people have reported, the one reported longest ago first. Hide a post (your reason is shown in its place) or dismiss its reports. Every act is written to the{' '}
        <a href="/moderation/log">moderation log</a>.
      </p>
      <h2 id="queue-heading">{queue.length === 0 ? 'No open reports' : queue.length === 1 ? '1 reported post' : `${queue.length} reported posts`}</h2>
      {queue.length === 0 ? <p>Nobody has reported anything that is waiting for a moderator.</p> : null}
      {queue.length > 0 ? (
        <ol className="moderation-queue" aria-labelledby="queue-heading">
          {queue.map((entry) => {
            const key = entry.reply ? `reply:${entry.reply.id}` : `thread:${entry.thread.id}`;
            const kind = entry.reply ? 'reply' : 'thread';
            const id = entry.reply?.id ?? entry.thread.id;
            const name = postName(entry);
            const href = entry.reply ? `/threads/${entry.thread.id}#reply-${entry.reply.id}` : `/threads/${entry.thread.id}#opening-post`;
            const hideAnswer = answer?.target === `hide-${kind}:${id}` ? answer : undefined;
            const dismissAnswer = answer?.target === `dismiss-${kind}:${id}` ? answer : undefined;
            const idInput = entry.reply ? <input type="hidden" name="replyId" value={entry.reply.id} /> : <input type="hidden" name="threadId" value={entry.thread.id} />;
            return (
              <li key={key} className="moderation-queue__item">
                <h3>
                  <a href={href}>{name[0].toUpperCase() + name.slice(1)}</a>
                </h3>
                <p className="hint">
                  In the thread “{entry.thread.subject}”. First reported <DateTime iso={entry.firstFlaggedAt} />.
                </p>
                <blockquote className="moderation-queue__excerpt">{entry.excerpt || 'No text'}</blockquote>
                <h4>
                  {entry.flagCount === 1 ? '1 report' : `${entry.flagCount} reports`}
                  <span className="visually-hidden"> about {name}</span>
                </h4>
                <ul className="moderation-queue__reports">
                  {entry.flags.map((flag) => (
                    <li key={flag.id}>
                      <PersonName person={flag.reporter} />, <DateTime iso={flag.createdAt} />: {flag.reason}
                    </li>
                  ))}
                </ul>
                <div className="moderation-queue__actions">
                  <Form method="post" noValidate className="form">
                    <CsrfField />
                    <input type="hidden" name="intent" value="hide" />
                    {idInput}
                    <PostTextarea
                      id={moderationFieldId(`hide-${kind}:${id}`)}
                      name="reason"
                      rows={2}
                      label={`Reason for hiding ${name}`}
                      hint="Shown to everyone in the post’s place: “Hidden by a moderator: …”. Up to 1,000 characters."
                      error={hideAnswer?.errors[0]?.message}
                      defaultValue={hideAnswer?.body}
                    />
                    <button type="submit" className="button button--warning">
                      Hide<span className="visually-hidden"> {name}</span>
                    </button>
                  </Form>
                  <Form method="post" noValidate className="form">
                    <CsrfField />
                    <input type="hidden" name="intent" value="dismiss" />
                    {idInput}
                    {dismissAnswer ? <p className="error-message">{dismissAnswer.errors[0]?.message}</p> : null}
                    <input type="hidden" name="reason" value="" />
                    <button type="submit" className="button button--secondary" id={moderationFieldId(`dismiss-${kind}:${id}`)}>
                      Dismiss the reports<span className="visually-hidden"> about {name}</span>
                    </button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      <p>
        <a href="/moderation/log">Moderation log: every moderator act</a>
      </p>
    </>
  );
}
