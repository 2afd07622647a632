import { Form } from 'react-router';
import type { ReactNode } from 'react';
import type { ReplyView, ThreadAnswer } from '../../thread.server';
import { CsrfField } from '../CsrfField';
import { DateTime } from '../DateTime';
import { HiddenPost } from '../HiddenPost';
import { PersonName } from '../UserLink';
import { ValuableForm } from '../ValuableForm';
import { FoldControl } from './FoldControl';
import { QuoteControl } from './QuoteControl';
import { EditReplyForm } from './EditReplyForm';
import { ReplyForm } from './ReplyForm';
import type { OfferedDraft } from '../../drafts.server';
import { draftKeys } from '../../drafts';
import { replyName } from './thread-view';

/** What every reply in the thread's tree is drawn with. */
export interface ReplyContext {
  /** The thread's address, where its forms post. */
  here: string;
  tree: Map<number | null, ReplyView[]>;
  /** Each reply's place in the whole thread (from 1), and how many there are. */
  position: Map<number, number>;
  total: number;
  viewer: { username: string; suspended: boolean | null } | null;
  moderator: boolean;
  /** Replies and edits may be posted (signed in, not suspended, the thread neither locked nor hidden). */
  canPost: boolean;
  thread: { locked: boolean; hidden: boolean };
  replyKey: string;
  answer: ThreadAnswer | undefined;
  /** The viewer's reply drafts in this thread, by key, and whether this view restores them. */
  drafts: { threadId: number; byKey: Record<string, OfferedDraft>; restored: boolean };
  /** See ThreadPage: how many of the viewer's own replies answer a post. */
  ownAnswers: (parentId: number | null) => number;
  /** A post's report, hide and unhide forms. */
  moderation: (kind: 'reply' | 'thread', id: number, authorUsername: string, hidden: boolean, postName: string) => ReactNode;
  /** Folding sub-threads: see FoldControl. */
  folding: {
    isFolded: (replyId: number) => boolean;
    toggle: (replyId: number, folded: boolean) => void;
    /** How many replies (and of them unread) are under each reply in the tree. */
    under: Map<number, { count: number; unread: number }>;
    /** This page with a sub-thread folded or shown, by address. */
    addressHref: (replyId: number, folded: boolean) => string;
    hydrated: boolean;
  };
  /** `?quote=`: the reply form it fills, and the quote (see quoteOf). */
  quote: { target: 'thread' | number; text: string } | null;
  hydrated: boolean;
}

/** The replies to one post (or, for null, to the opening post), each with the replies to it. */
export function ReplyList({ parentId, context }: { parentId: number | null; context: ReplyContext }) {
  const { here, tree, position, total, viewer, moderator, canPost, thread, replyKey, answer, ownAnswers, moderation, folding, drafts, quote, hydrated } = context;
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
        const under = folding.under.get(reply.id);
        const folded = under ? folding.isFolded(reply.id) : false;
        return (
          <li key={reply.id} id={`reply-${reply.id}`} className="post post--reply" tabIndex={-1}>
            <h3 className="post__heading">
              Reply {position.get(reply.id)} of {total}, by <PersonName person={reply.author} />
              {reply.viewerUnread ? (
                <>
                  {' – '}
                  <strong className="tag tag--unread">Unread</strong>
                </>
              ) : null}
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
                      (
                      <a href={`/replies/${reply.id}/versions`}>
                        edited {reply.editCount === 1 ? 'once' : `${reply.editCount} times`}
                        <span className="visually-hidden">: earlier texts of {name}</span>
                      </a>
                      )
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
              {reply.inReplyTo.excerpt ? <span className="post__excerpt">: “{reply.inReplyTo.excerpt}”</span> : null}
            </p>
            {reply.deleted ? (
              <p className="post__missing">This reply was deleted by its author.</p>
            ) : reply.hidden ? (
              <HiddenPost kind="reply" reason={reply.hiddenReason} html={moderator ? reply.bodyHtml : null} />
            ) : reply.textNotKept ? (
              <p className="post__missing">The text of this reply was not kept when the 2008 wiki was captured, so it cannot be shown. We know only who replied and when.</p>
            ) : (
              <div className="prose" id={`reply-text-${reply.id}`} dangerouslySetInnerHTML={{ __html: reply.bodyHtml ?? '' }} />
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
                    <details className="post-action" open={replyAnswer || quote?.target === reply.id || drafts.byKey[`reply:${drafts.threadId}:${reply.id}`] ? true : undefined} key={`reply-${reply.id}-${ownAnswers(reply.id)}`}>
                      <summary className="post-action__summary">Reply to {ownName}</summary>
                      <ReplyForm
                        action={here}
                        id={`reply-body-${reply.id}`}
                        label={`Your reply to ${ownName}`}
                        threadId={drafts.threadId}
                        parentReplyId={reply.id}
                        idempotencyKey={`${replyKey}-${reply.id}`}
                        answer={replyAnswer}
                        draft={drafts.byKey[`reply:${drafts.threadId}:${reply.id}`] ?? null}
                        restored={drafts.restored}
                        quote={quote?.target === reply.id ? quote.text : undefined}
                      />
                    </details>
                  ) : null}
                  {canPost && !reply.hidden && reply.bodyHtml ? (
                    <QuoteControl textId={`reply-text-${reply.id}`} boxId={`reply-body-${reply.id}`} href={`${here}?quote=${reply.id}#reply-body-${reply.id}`} postName={name} hydrated={hydrated} />
                  ) : null}
                  {own && !viewer?.suspended && !thread.locked && !reply.hidden && reply.body !== null ? (
                    <>
                      {/* In a hidden thread the author may still delete, but not edit (THREAD_HIDDEN). */}
                      {!thread.hidden ? (
                        <details className="post-action" open={editAnswer || drafts.byKey[draftKeys.replyEdit(drafts.threadId, reply.id)] ? true : undefined} key={`edit-${reply.id}-${reply.editCount}`}>
                          <summary className="post-action__summary">Edit {ownName}</summary>
                          <EditReplyForm
                            action={here}
                            threadId={drafts.threadId}
                            replyId={reply.id}
                            name={ownName}
                            body={reply.body}
                            answer={editAnswer}
                            draft={drafts.byKey[draftKeys.replyEdit(drafts.threadId, reply.id)] ?? null}
                            restored={drafts.restored}
                          />
                        </details>
                      ) : null}
                      <details className="post-action" open={mine(`delete:${reply.id}`) ? true : undefined}>
                        <summary className="post-action__summary">Delete {ownName}</summary>
                        <Form method="post" action={here} className="form post-form">
                          <CsrfField />
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="replyId" value={reply.id} />
                          <p>Its place in the thread is kept, saying it was deleted by its author, so the replies to it still make sense. This cannot be undone.</p>
                          <button type="submit" className="button button--warning">
                            Yes, delete my reply
                          </button>
                        </Form>
                      </details>
                    </>
                  ) : null}
                  {moderation('reply', reply.id, reply.author.username, reply.hidden, name)}
                </div>
              </>
            ) : null}
            {under ? (
              <>
                <FoldControl
                  replyId={reply.id}
                  label={`${folded ? 'Show' : 'Hide'} ${under.count === 1 ? 'the reply' : `the ${under.count} replies`} to ${ownName}${folded && under.unread > 0 ? ` (${under.unread} unread)` : ''}`}
                  folded={folded}
                  controls={`answers-${reply.id}`}
                  here={here}
                  signedIn={viewer !== null}
                  hydrated={folding.hydrated}
                  addressHref={folding.addressHref(reply.id, !folded)}
                  onToggle={(next) => folding.toggle(reply.id, next)}
                />
                <div id={`answers-${reply.id}`} hidden={folded}>
                  <ReplyList parentId={reply.id} context={context} />
                </div>
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
