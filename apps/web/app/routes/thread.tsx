import { useEffect, useState } from 'react';
import { data, type ShouldRevalidateFunctionArgs, useLocation } from 'react-router';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { isUploadField, UPLOAD_FIELD_IDS } from '../uploads';
import { HiddenPost } from '../components/HiddenPost';
import { PostModeration } from '../components/PostModeration';
import { HiddenThreadPage } from '../components/thread/HiddenThreadPage';
import { QuoteControl } from '../components/thread/QuoteControl';
import { ReplyForm } from '../components/thread/ReplyForm';
import { type ReplyContext, ReplyList } from '../components/thread/ReplyList';
import { answerFieldId, displayTree } from '../components/thread/thread-view';
import { ThreadModeration } from '../components/ThreadModeration';
import { PersonName } from '../components/UserLink';
import { ValuableForm } from '../components/ValuableForm';
import { WatchForm } from '../components/WatchForm';
import { canCurate } from '../curation';
import { newReplyKey } from '../discussions.server';
import { loadReplyDrafts, type OfferedDraft } from '../drafts.server';
import { formatDate } from '../format';
import { readForm } from '../forms.server';
import { LiveThreadUpdates } from '../live/LiveThreadUpdates';
import { notFound, query } from '../load-context';
import { foldsOf, type HiddenThreadView, markShownRead, quoteOf, THREAD_QUERY, threadAction, type ThreadAnswer, type ThreadView } from '../thread.server';
import { useRootData } from '../viewer';
import type { Route } from './+types/thread';

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const id = Number(params.id);
  // Thread ids are positive whole numbers; anything else cannot name a thread.
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? '') || id > 2_147_483_647) notFound();
  const { thread } = await query(context, THREAD_QUERY, { id });
  if (!thread) notFound();
  // A hidden thread's words come only to moderators (the subject is null for anyone else): the others
  // get a page saying so, with the reason, as a deleted wiki page is answered (410).
  if (thread.subject === null) {
    const hidden: HiddenThreadView = { id: thread.id, hiddenReason: thread.hiddenReason, page: thread.page };
    return data({ hidden, thread: null, replyKey: null, addressFolds: [], drafts: {}, restored: false, quote: null }, { status: 410 });
  }
  // On view: what this page shows is marked read now, after it was read with its unread markers
  // (README, "Unread replies").
  await markShownRead(context, thread);
  const { drafts, restored } = await loadReplyDrafts(context, request, id);
  const url = new URL(request.url);
  // The opening post's markdown is read only to quote it here: the page does not carry it.
  return { hidden: null, thread: { ...thread, body: null, subject: thread.subject } satisfies ThreadView, replyKey: newReplyKey(), addressFolds: foldsOf(url), drafts, restored, quote: quoteOf(url, thread) };
}

/** Folding a sub-thread with scripts changes nothing else on the page: no need to read it again. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (formData?.get('intent') === 'fold') return false;
  return defaultShouldRevalidate;
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const threadId = Number(params.id);
  if (!Number.isInteger(threadId) || threadId <= 0) notFound();
  // Each form sends an `intent`: its mutation, and where to go after, are in thread.server.ts.
  return threadAction(context, request, form, threadId);
}

export default function ThreadRoute({ loaderData, actionData }: Route.ComponentProps) {
  const loaded = loaderData;
  return loaded.hidden ? (
    <HiddenThreadPage thread={loaded.hidden} />
  ) : (
    <ThreadPage thread={loaded.thread!} replyKey={loaded.replyKey!} answer={actionData} addressFolds={loaded.addressFolds} drafts={loaded.drafts} restored={loaded.restored} quote={loaded.quote} />
  );
}

function ThreadPage({
  thread,
  replyKey,
  answer,
  addressFolds,
  drafts,
  restored,
  quote,
}: {
  thread: ThreadView;
  replyKey: string;
  answer: ThreadAnswer | undefined;
  addressFolds: number[];
  drafts: Record<string, OfferedDraft>;
  restored: boolean;
  /** `?quote=`: the reply form it fills, and the quote (see quoteOf). */
  quote: { target: 'thread' | number; text: string } | null;
}) {
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
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // Folds: the ones remembered for the viewer and the ones in the address, then what was changed on this page.
  const [changedFolds, setChangedFolds] = useState<ReadonlyMap<number, boolean>>(new Map());
  const remembered = new Set([...thread.viewerFoldedReplyIds, ...addressFolds]);
  const isFolded = (id: number) => changedFolds.get(id) ?? remembered.has(id);
  const under = countUnder(tree);
  const unreadCount = thread.viewerUnreadCount ?? 0;
  const firstUnread = firstShownUnread(tree, null, isFolded);
  const folding = {
    isFolded,
    toggle: (id: number, folded: boolean) => setChangedFolds((before) => new Map(before).set(id, folded)),
    under,
    addressHref: (id: number, folded: boolean) => {
      const ids = [...remembered].filter((other) => other !== id && under.has(other));
      if (folded) ids.push(id);
      return `${location.pathname}${ids.length > 0 ? `?fold=${ids.join(',')}` : ''}#reply-${id}`;
    },
    hydrated,
  };
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
    ? answer.errors.map((error) => ({ fieldId: error.field && isUploadField(error.field) ? `reply-${UPLOAD_FIELD_IDS[error.field]}` : answerFieldId(answer.target), message: error.message }))
    : [];

  const replyContext: ReplyContext = { here, tree, position, total, viewer, moderator, canPost, thread, replyKey, answer, ownAnswers, moderation, folding, drafts: { threadId: thread.id, byKey: drafts, restored }, quote, hydrated };

  return (
    <article className="thread">
      <title>{`${answer?.errors.length ? 'Error: ' : ''}${thread.subject} (thread) – Commonplace`}</title>
      <ErrorSummary items={errorItems} focusKey={answer?.submission} />
      <p className="context-link">
        Thread on the page <a href={`/wiki/${thread.page.slug}`}>{thread.page.title}</a>
      </p>
      <h1>{thread.subject}</h1>
      {unreadCount > 0 ? (
        <p className="skip-unread">
          {firstUnread ? (
            <a href={`#reply-${firstUnread}`}>Skip to the first unread reply ({unreadCount} unread)</a>
          ) : (
            <>{unreadCount} unread, all in sub-threads you folded.</>
          )}
        </p>
      ) : null}
      <WatchForm id="watch" target={{ threadId: thread.id }} watching={thread.viewerWatching} name={`the thread ‘${thread.subject}’`} />
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
          <div className="prose" id="opening-post-text" dangerouslySetInnerHTML={{ __html: thread.bodyHtml ?? '' }} />
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
        <div className="post__actions">
          {canPost ? <QuoteControl textId="opening-post-text" boxId="reply-body-thread" href={`${here}?quote=opening#reply-body-thread`} postName={openingName} hydrated={hydrated} /> : null}
          {moderation('thread', thread.id, thread.starter.username, thread.hidden, openingName)}
        </div>
      </section>
      <section aria-labelledby="replies-heading" className="replies">
        <h2 id="replies-heading">
          {total === 0 ? 'No replies yet' : total === 1 ? '1 reply' : `${total} replies`}
          {unreadCount > 0 ? `, ${unreadCount} unread` : ''}
        </h2>
        <LiveThreadUpdates key={thread.id} threadId={thread.id} replies={thread.replies} viewerUsername={viewer?.username ?? null} />
        {newest ? (
          <p>
            <a href={`#reply-${newest.id}`}>Show last reply</a>
          </p>
        ) : null}
        <ReplyList parentId={null} context={replyContext} />
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
            threadId={thread.id}
            parentReplyId={null}
            idempotencyKey={`${replyKey}-thread`}
            answer={answer?.target === 'reply:thread' ? answer : undefined}
            draft={drafts[`reply:${thread.id}`] ?? null}
            restored={restored}
            quote={quote?.target === 'thread' ? quote.text : undefined}
            uploads
          />
        )}
      </section>
      <p className="thread__more">
        <a href={`/wiki/${thread.page.slug}/threads`}>All threads about this page</a>
      </p>
    </article>
  );
}

/** How many replies are under each reply in the display tree, and how many of them are unread. */
function countUnder(tree: Map<number | null, ThreadView['replies']>): Map<number, { count: number; unread: number }> {
  const counts = new Map<number, { count: number; unread: number }>();
  const visit = (id: number): { count: number; unread: number } => {
    let count = 0;
    let unread = 0;
    for (const child of tree.get(id) ?? []) {
      const below = visit(child.id);
      count += 1 + below.count;
      unread += (child.viewerUnread ? 1 : 0) + below.unread;
    }
    if (count > 0) counts.set(id, { count, unread });
    return { count, unread };
  };
  for (const top of tree.get(null) ?? []) visit(top.id);
  return counts;
}

/** The first unread reply in reading order that is not inside a folded sub-thread, or null. */
function firstShownUnread(tree: Map<number | null, ThreadView['replies']>, parent: number | null, isFolded: (id: number) => boolean): number | null {
  for (const reply of tree.get(parent) ?? []) {
    if (reply.viewerUnread) return reply.id;
    if (!isFolded(reply.id)) {
      const below = firstShownUnread(tree, reply.id, isFolded);
      if (below !== null) return below;
    }
  }
  return null;
}
