import { useEffect } from 'react';
import { data, Form, redirect, useLocation } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { PostTextarea } from '../components/PostTextarea';
import { PersonName } from '../components/UserLink';
import { ValuableForm } from '../components/ValuableForm';
import { WatchForm } from '../components/WatchForm';
import { LiveThreadUpdates } from '../live/LiveThreadUpdates';
import { ANSWER_VALUABLE, DELETE_REPLY, discussionMutation, EDIT_REPLY, newReplyKey, POST_REPLY } from '../discussions.server';
import type { FormError } from '../forms';
import { field, readForm } from '../forms.server';
import { formatDate, formatDateTime } from '../format';
import { notFound, query } from '../load-context';
import { useRootData } from '../viewer';
import { canCurate } from '../curation';
import { HiddenPost } from '../components/HiddenPost';
import { moderationFieldId, PostModeration } from '../components/PostModeration';
import { ThreadModeration } from '../components/ThreadModeration';
import { moderationAction } from '../moderation.server';
import type { Route } from './+types/thread';
import { graphql, type ResultOf } from '../graphql';

/** Replies nest visually to this depth; deeper answers are shown at it and say whom they answer. */
const MAX_DEPTH = 4;

const THREAD_QUERY = graphql(`
  query ThreadPage($id: Int!) {
    thread(id: $id) {
      id
      subject
      tags
      createdAt
      bodyHtml
      locked
      pinned
      hidden
      hiddenReason
      valuableCount
      viewerValuable
      viewerWatching
      starter { username displayName }
      page { slug title }
      replies {
        id
        createdAt
        bodyHtml
        body
        textNotKept
        deleted
        hidden
        hiddenReason
        depth
        editCount
        editedAt
        valuableCount
        viewerValuable
        author { username displayName }
        parent { id }
        inReplyTo { replyId createdAt author { username displayName } }
      }
    }
  }
`);

type ThreadData = NonNullable<ResultOf<typeof THREAD_QUERY>['thread']>;
type ReplyView = ThreadData['replies'][number];
/** A thread as anyone who may read it sees it: its subject is shown. */
type ThreadView = ThreadData & { subject: string };

/** What anyone but a moderator is told of a thread a moderator hid. */
type HiddenThreadView = Pick<ThreadData, 'id' | 'hiddenReason' | 'page'>;

/** What a form on this page sends back when it could not do what was asked. */
interface ThreadAnswer {
  /** Which form: `reply:thread`, `reply:<id>`, `edit:<id>`, `delete:<id>`, `valuable`. */
  target: string;
  errors: FormError[];
  body: string;
  submission: string;
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const id = Number(params.id);
  // Thread ids are positive whole numbers; anything else cannot name a thread.
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? '') || id > 2_147_483_647) notFound();
  const { thread } = await query(context, THREAD_QUERY, { id });
  if (!thread) notFound();
  // A hidden thread's words come only to moderators (the subject is null for anyone else): the others
  // get a page saying so, with the reason, as a deleted wiki page is answered (410).
  if (thread.subject === null) {
    const hidden: HiddenThreadView = { id: thread.id, hiddenReason: thread.hiddenReason, page: thread.page };
    return data({ hidden, thread: null, replyKey: null }, { status: 410 });
  }
  return { hidden: null, thread: { ...thread, subject: thread.subject } satisfies ThreadView, replyKey: newReplyKey() };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const threadId = Number(params.id);
  if (!Number.isInteger(threadId) || threadId <= 0) notFound();
  const intent = field(form, 'intent');
  const here = `/threads/${threadId}`;
  const idOf = (name: string) => {
    const value = Number(field(form, name));
    return Number.isInteger(value) && value > 0 ? value : null;
  };
  const body = field(form, 'body');
  const problem = (target: string, errors: FormError[]) => data({ target, errors, body, submission: crypto.randomUUID() } satisfies ThreadAnswer, { status: 400 });

  if (intent === 'reply') {
    const parentReplyId = idOf('parentReplyId');
    const result = await discussionMutation(context, request, POST_REPLY, { threadId, parentReplyId, body, idempotencyKey: field(form, 'idempotencyKey') || null });
    if (result.errors.length > 0 || !result.reply) return problem(`reply:${parentReplyId ?? 'thread'}`, result.errors);
    return redirect(`${here}#reply-${result.reply.id}`, 303);
  }
  if (intent === 'edit' || intent === 'delete') {
    const replyId = idOf('replyId');
    if (replyId === null) notFound();
    const result =
      intent === 'edit'
        ? await discussionMutation(context, request, EDIT_REPLY, { replyId, body })
        : await discussionMutation(context, request, DELETE_REPLY, { replyId });
    if (result.errors.length > 0) return problem(`${intent}:${replyId}`, result.errors);
    return redirect(`${here}#reply-${replyId}`, 303);
  }
  if (intent === 'valuable') {
    const replyId = idOf('replyId');
    const valuable = field(form, 'valuable') === 'yes';
    const input = replyId === null ? { threadId, valuable } : { replyId, valuable };
    const result = await discussionMutation(context, request, ANSWER_VALUABLE, input);
    if (result.errors.length > 0) return problem('valuable', result.errors);
    return redirect(`${here}#${replyId === null ? 'opening-post' : `reply-${replyId}`}`, 303);
  }
  // Reporting, hiding and locking (moderation.server.ts): back to the post, saying so for a report.
  const moderated = await moderationAction(context, request, form, (post, done) => {
    const anchor = post.kind === 'reply' ? `reply-${post.id}` : 'opening-post';
    if (done === 'report') return `${here}?reported=${post.kind}-${post.id}#${anchor}`;
    return post.kind === 'reply' ? `${here}#${anchor}` : here;
  });
  if (moderated) return moderated;
  return problem('reply:thread', [{ field: null, message: 'This form could not be understood. Reload the page and try again' }]);
}

/** "hadleyac’s reply of 17 November 2008, 12:10": names each post uniquely for its actions. */
function replyName(reply: ReplyView, own: boolean): string {
  return `${own ? 'your' : `${reply.author.displayName}’s`} reply of ${formatDateTime(reply.createdAt)}`;
}

/** The replies as a tree for display: children in order, nothing deeper than MAX_DEPTH. */
function displayTree(replies: ReplyView[]): Map<number | null, ReplyView[]> {
  const byId = new Map(replies.map((reply) => [reply.id, reply]));
  const children = new Map<number | null, ReplyView[]>();
  for (const reply of replies) {
    // A reply deeper than MAX_DEPTH is shown beside its ancestor at MAX_DEPTH, saying whom it answers.
    let parent = reply.parent ? (byId.get(reply.parent.id) ?? null) : null;
    while (parent && parent.depth >= MAX_DEPTH) parent = parent.parent ? (byId.get(parent.parent.id) ?? null) : null;
    const key = parent?.id ?? null;
    children.set(key, [...(children.get(key) ?? []), reply]);
  }
  return children;
}

export default function ThreadRoute({ loaderData, actionData }: Route.ComponentProps) {
  const loaded = loaderData;
  return loaded.hidden ? <HiddenThreadPage thread={loaded.hidden} /> : <ThreadPage thread={loaded.thread!} replyKey={loaded.replyKey!} answer={actionData} />;
}

/** A thread a moderator hid, for anyone who may not read it: why it is gone, and where to go. */
function HiddenThreadPage({ thread }: { thread: HiddenThreadView }) {
  return (
    <article className="thread">
      <title>This thread was hidden by a moderator – Commonplace</title>
      <p className="context-link">
        Thread on the page <a href={`/wiki/${thread.page.slug}`}>{thread.page.title}</a>
      </p>
      <h1>This thread was hidden by a moderator</h1>
      <p className="post__missing">
        <strong>Hidden by a moderator: {thread.hiddenReason}</strong>
      </p>
      <p>Its opening post and its replies are shown only to moderators.</p>
      <p>
        <a href={`/wiki/${thread.page.slug}/threads`}>Other threads about {thread.page.title}</a>
      </p>
    </article>
  );
}

function ThreadPage({ thread, replyKey, answer }: { thread: ThreadView; replyKey: string; answer: ThreadAnswer | undefined }) {
  const viewer = useRootData()?.viewer ?? null;
  const location = useLocation();
  const moderator = canCurate(viewer);
  const reported = new URLSearchParams(location.search).get('reported');
  const moderation = (kind: 'reply' | 'thread', id: number, authorUsername: string, hidden: boolean, postName: string) => (
    <PostModeration
      action={here}
      post={{ kind, id }}
      postName={postName}
      hidden={hidden}
      canReport={viewer !== null && !viewer.suspended && !moderator && viewer.username !== authorUsername}
      canModerate={moderator}
      reported={reported === `${kind}-${id}`}
      answer={answer}
    />
  );
  const total = thread.replies.length;
  const position = new Map(thread.replies.map((reply, index) => [reply.id, index + 1]));
  const tree = displayTree(thread.replies);
  const newest = thread.replies.at(-1);
  // A hidden thread takes no replies or edits either (the server refuses them with THREAD_HIDDEN).
  const canPost = viewer !== null && !viewer.suspended && !thread.locked && !thread.hidden;
  const here = `/threads/${thread.id}`;
  const openingName = `${thread.starter.displayName}’s opening post of ${formatDate(thread.createdAt)}`;
  /**
   * How many of the viewer's own replies answer a post: a form is drawn afresh (emptied) only when
   * this grows, i.e. after its own reply was posted, so text typed in other open forms survives
   * other actions on the page (answering "valuable?", say). After an error the text stays as typed.
   */
  const ownAnswers = (parentId: number | null) =>
    thread.replies.filter((reply) => (reply.parent?.id ?? null) === parentId && reply.author.username === viewer?.username).length;

  // After posting (or following a link to a reply), focus moves to that reply, so a screen reader reads it.
  useEffect(() => {
    const match = /^#(reply-\d+|opening-post)$/.exec(location.hash);
    if (!match) return;
    const target = document.getElementById(match[1]);
    // Answering "valuable?" keeps focus where it is (on the button, inside the post).
    if (target && !target.contains(document.activeElement)) target.focus();
  }, [location.key, location.hash]);

  const errorItems = answer
    ? answer.errors.map((error) => ({ fieldId: answerFieldId(answer.target), message: error.message }))
    : [];

  const renderReplies = (parentId: number | null) => {
    const list = tree.get(parentId) ?? [];
    if (list.length === 0) return null;
    return (
      <ol className="reply-list">
        {list.map((reply) => {
          const own = viewer?.username === reply.author.username;
          const name = replyName(reply, false);
          const ownName = replyName(reply, own);
          const mine = (target: string) => (answer?.target === target ? answer : undefined);
          const replyAnswer = mine(`reply:${reply.id}`);
          const editAnswer = mine(`edit:${reply.id}`);
          return (
            <li key={reply.id} id={`reply-${reply.id}`} className="post post--reply" tabIndex={-1}>
              <h3 className="post__heading">
                Reply {position.get(reply.id)} of {total}, by <PersonName person={reply.author} />
              </h3>
              <p className="post__byline">
                <PersonName person={reply.author} /> replied on <DateTime iso={reply.createdAt} />
                {reply.editCount > 0 && !reply.deleted ? (
                  <>
                    {' '}
                    {reply.hidden && !moderator ? (
                      <>(edited {reply.editCount === 1 ? 'once' : `${reply.editCount} times`})</>
                    ) : (
                      <>
                        (<a href={`/replies/${reply.id}/versions`}>edited {reply.editCount === 1 ? 'once' : `${reply.editCount} times`}<span className="visually-hidden">: earlier texts of {name}</span></a>)
                      </>
                    )}
                  </>
                ) : null}
              </p>
              <p className="post__in-reply-to">
                {reply.inReplyTo.replyId === null ? (
                  <a href="#opening-post">
                    Reply to {reply.inReplyTo.author.displayName}’s opening post of <DateTime iso={reply.inReplyTo.createdAt} dateOnly />
                  </a>
                ) : (
                  <a href={`#reply-${reply.inReplyTo.replyId}`}>
                    Reply to {reply.inReplyTo.author.displayName}, <DateTime iso={reply.inReplyTo.createdAt} dateOnly />
                  </a>
                )}
              </p>
              {reply.deleted ? (
                <p className="post__missing">This reply was deleted by its author.</p>
              ) : reply.hidden ? (
                <HiddenPost kind="reply" reason={reply.hiddenReason} html={moderator ? reply.bodyHtml : null} />
              ) : reply.textNotKept ? (
                <p className="post__missing">
                  The text of this reply was not kept when the 2008 wiki was captured, so it cannot be shown. We know only who replied and when.
                </p>
              ) : (
                <div className="prose" dangerouslySetInnerHTML={{ __html: reply.bodyHtml ?? '' }} />
              )}
              {!reply.deleted ? (
                <>
                  <ValuableForm
                    action={here}
                    target={{ replyId: reply.id }}
                    count={reply.valuableCount}
                    answer={reply.viewerValuable}
                    postName={name}
                    canAnswer={viewer !== null && !viewer.suspended && !own}
                  />
                  <div className="post__actions">
                    {canPost && !reply.hidden ? (
                      <details className="post-action" open={replyAnswer ? true : undefined} key={`reply-${reply.id}-${ownAnswers(reply.id)}`}>
                        <summary className="post-action__summary">Reply to {ownName}</summary>
                        <ReplyForm
                          action={here}
                          id={`reply-body-${reply.id}`}
                          label={`Your reply to ${ownName}`}
                          parentReplyId={reply.id}
                          idempotencyKey={`${replyKey}-${reply.id}`}
                          answer={replyAnswer}
                        />
                      </details>
                    ) : null}
                    {own && !viewer?.suspended && !thread.locked && !reply.hidden && reply.body !== null ? (
                      <>
                        {/* In a hidden thread the author may still delete, but not edit (THREAD_HIDDEN). */}
                        {!thread.hidden ? (
                          <details className="post-action" open={editAnswer ? true : undefined} key={`edit-${reply.id}-${reply.editCount}`}>
                            <summary className="post-action__summary">Edit {ownName}</summary>
                            <Form method="post" action={here} noValidate className="form post-form">
                              <CsrfField />
                              <input type="hidden" name="intent" value="edit" />
                              <input type="hidden" name="replyId" value={reply.id} />
                              <PostTextarea id={`edit-body-${reply.id}`} name="body" label={`New text of ${ownName}`} hint="Markdown. The earlier text is kept, and the reply says how many times it was edited." error={editAnswer?.errors[0]?.message} defaultValue={editAnswer?.body ?? reply.body} />
                              <button type="submit" className="button">Save changes</button>
                            </Form>
                          </details>
                        ) : null}
                        <details className="post-action" open={mine(`delete:${reply.id}`) ? true : undefined}>
                          <summary className="post-action__summary">Delete {ownName}</summary>
                          <Form method="post" action={here} className="form post-form">
                            <CsrfField />
                            <input type="hidden" name="intent" value="delete" />
                            <input type="hidden" name="replyId" value={reply.id} />
                            <p>Its place in the thread is kept, saying it was deleted by its author, so the replies to it still make sense. This cannot be undone.</p>
                            <button type="submit" className="button button--warning">Yes, delete my reply</button>
                          </Form>
                        </details>
                      </>
                    ) : null}
                    {moderation('reply', reply.id, reply.author.username, reply.hidden, name)}
                  </div>
                </>
              ) : null}
              {renderReplies(reply.id)}
            </li>
          );
        })}
      </ol>
    );
  };

  return (
    <article className="thread">
      <title>{`${answer?.errors.length ? 'Error: ' : ''}${thread.subject} (thread) – Commonplace`}</title>
      <ErrorSummary items={errorItems} focusKey={answer?.submission} />
      <p className="context-link">
        Thread on the page <a href={`/wiki/${thread.page.slug}`}>{thread.page.title}</a>
      </p>
      <h1>{thread.subject}</h1>
      <WatchForm target={{ threadId: thread.id }} watching={thread.viewerWatching} name={`the thread ‘${thread.subject}’`} />
      {thread.locked ? (
        <div className="notification-banner" role="region" aria-labelledby="locked-title">
          <div className="notification-banner__header">
            <h2 className="notification-banner__title" id="locked-title">This thread is locked</h2>
          </div>
          <div className="notification-banner__content">
            <p>A moderator locked it: no new replies can be posted.</p>
          </div>
        </div>
      ) : null}
      {moderator ? <ThreadModeration action={here} threadId={thread.id} locked={thread.locked} pinned={thread.pinned} answer={answer?.target.startsWith('thread:') ? answer : undefined} /> : null}
      <section aria-labelledby="opening-post" className="post post--opening" id="opening-post-section">
        <h2 id="opening-post" className="post__heading" tabIndex={-1}>
          Opening post, by <PersonName person={thread.starter} />
        </h2>
        <p className="post__byline">
          Thread started by <PersonName person={thread.starter} /> on <DateTime iso={thread.createdAt} />
        </p>
        {thread.hidden ? (
          <HiddenPost kind="thread" reason={thread.hiddenReason} html={moderator ? thread.bodyHtml : null} />
        ) : (
          <div className="prose" dangerouslySetInnerHTML={{ __html: thread.bodyHtml ?? '' }} />
        )}
        <p>Keyword tags: {thread.tags.length > 0 ? thread.tags.join(', ') : 'none'}</p>
        <ValuableForm
          action={here}
          target={{ threadId: thread.id }}
          count={thread.valuableCount}
          answer={thread.viewerValuable}
          postName={openingName}
          canAnswer={viewer !== null && !viewer.suspended && viewer.username !== thread.starter.username}
        />
        <div className="post__actions">{moderation('thread', thread.id, thread.starter.username, thread.hidden, openingName)}</div>
      </section>
      <section aria-labelledby="replies-heading" className="replies">
        <h2 id="replies-heading">{total === 0 ? 'No replies yet' : total === 1 ? '1 reply' : `${total} replies`}</h2>
        <LiveThreadUpdates key={thread.id} threadId={thread.id} replies={thread.replies} viewerUsername={viewer?.username ?? null} />
        {newest ? (
          <p>
            <a href={`#reply-${newest.id}`}>Show last reply</a>
          </p>
        ) : null}
        {renderReplies(null)}
      </section>
      <section aria-labelledby="reply-form-heading" className="reply-to-thread" id="reply-form">
        <h2 id="reply-form-heading">Reply to the thread</h2>
        {thread.locked ? (
          <p>This thread is locked, so no new replies can be posted.</p>
        ) : thread.hidden ? (
          <p>A moderator hid this thread, so no new replies can be posted.</p>
        ) : !viewer ? (
          <p>
            <a href={`/sign-in?returnTo=${encodeURIComponent(here)}`}>Sign in to reply</a> or to say whether a post is valuable.
          </p>
        ) : viewer.suspended ? (
          <p>You cannot post while your account is suspended.</p>
        ) : (
          <ReplyForm
            key={`thread-${ownAnswers(null)}`}
            action={here}
            id="reply-body-thread"
            label={`Your reply to ${openingName}`}
            parentReplyId={null}
            idempotencyKey={`${replyKey}-thread`}
            answer={answer?.target === 'reply:thread' ? answer : undefined}
          />
        )}
      </section>
      <p className="thread__more">
        <a href={`/wiki/${thread.page.slug}/threads`}>All threads about this page</a>
      </p>
    </article>
  );
}

/** The field an answer's errors are shown at (and the error summary links to). */
function answerFieldId(target: string): string {
  const [kind, id] = target.split(':');
  if (kind === 'reply') return `reply-body-${id}`;
  if (kind === 'edit') return `edit-body-${id}`;
  if (kind === 'thread') return `thread-${id}-reason`;
  if (/^(report|hide|unhide|dismiss)-/.test(kind)) return moderationFieldId(target);
  return 'replies-heading';
}

function ReplyForm({ action, id, label, parentReplyId, idempotencyKey, answer }: { action: string; id: string; label: string; parentReplyId: number | null; idempotencyKey: string; answer?: ThreadAnswer }) {
  return (
    <Form method="post" action={action} noValidate className="form post-form">
      <CsrfField />
      <input type="hidden" name="intent" value="reply" />
      {parentReplyId !== null ? <input type="hidden" name="parentReplyId" value={parentReplyId} /> : null}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <PostTextarea id={id} name="body" label={label} hint="Markdown: *emphasis*, [links](https://example.org), lists. Up to 50 KB." error={answer?.errors[0]?.message} defaultValue={answer?.body} />
      <button type="submit" className="button">
        Post reply
      </button>
    </Form>
  );
}
