import type { TadaDocumentNode } from 'gql.tada';
import { data, redirect, type AppLoadContext } from 'react-router';
import { firstParagraphExcerpt } from '@commonplace/markdown';
import { asBlockQuote, QUOTE_LIMIT } from './components/thread/quote';
import { graphql, type ResultOf } from './graphql';
import { draftKeys } from './drafts';
import { forgetDraft } from './drafts.server';
import { ANSWER_VALUABLE, DELETE_REPLY, EDIT_REPLY, POST_REPLY } from './discussions.server';
import type { FormError } from './forms';
import { field, formMutation, type MutationPayload } from './forms.server';
import { documentSource, notFound } from './load-context';
import { type ModerationAnswer, moderationAction } from './moderation.server';

/**
 * The forms of a thread's page (/threads/:id), one entry per `intent` they send: which form it is
 * (the answer's `target`, so its problems are shown there), the mutation and its input from the
 * form's fields, and the post the page opens at once it is done. Reporting, hiding and locking
 * are moderation.server.ts's.
 */

export const THREAD_QUERY = graphql(`
  query ThreadPage($id: Int!) {
    thread(id: $id) {
      id
      subject
      tags
      createdAt
      body
      bodyHtml
      locked
      pinned
      hidden
      hiddenReason
      valuableCount
      viewerValuable
      viewerWatching
      viewerUnreadCount
      viewerFoldedReplyIds
      starter {
        username
        displayName
      }
      page {
        slug
        title
      }
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
        viewerUnread
        author {
          username
          displayName
        }
        parent {
          id
        }
        inReplyTo {
          replyId
          createdAt
          excerpt
          author {
            username
            displayName
          }
        }
      }
    }
  }
`);

export type ThreadData = NonNullable<ResultOf<typeof THREAD_QUERY>['thread']>;
export type ReplyView = ThreadData['replies'][number];
/** A thread as anyone who may read it sees it: its subject is shown. */
export type ThreadView = ThreadData & { subject: string };

/** What anyone but a moderator is told of a thread a moderator hid. */
export type HiddenThreadView = Pick<ThreadData, 'id' | 'hiddenReason' | 'page'>;

/** What a form on the thread page sends back when it could not do what was asked. */
export type ThreadAnswer = ModerationAnswer;

interface Entry<Payload extends MutationPayload, Input> {
  document: TadaDocumentNode<{ [name: string]: Payload | null }, { input: Input }>;
  /** Which form (`reply:thread`, `reply:<id>`, `edit:<id>`, `delete:<id>`, `valuable`), and its mutation's input. */
  read: (form: FormData, threadId: number) => { target: string; input: Input };
  /** The post to open the page at once done (`reply-<id>` or `opening-post`), or null if it was not made. */
  opens: (payload: Payload, input: Input) => string | null;
}

interface ThreadIntent {
  run(context: AppLoadContext, request: Request, form: FormData, threadId: number): Promise<{ target: string; errors: FormError[]; opens: string | null }>;
}

function intent<Payload extends MutationPayload, Input>({ document, read, opens }: Entry<Payload, Input>): ThreadIntent {
  return {
    async run(context, request, form, threadId) {
      const { target, input } = read(form, threadId);
      const done = await formMutation(context, request, document, { input });
      return { target, errors: done.errors, opens: done.ok ? opens(done.payload, input) : null };
    },
  };
}

/** A post's id from a form field: a positive whole number, or null. */
function idOf(form: FormData, name: string): number | null {
  const value = Number(field(form, name));
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** The reply an edit or a deletion names: a form without one names nothing on this page. */
function replyOf(form: FormData): number {
  return idOf(form, 'replyId') ?? notFound();
}

export const THREAD_INTENTS: Record<string, ThreadIntent> = {
  reply: intent({
    document: POST_REPLY,
    read: (form, threadId) => {
      const parentReplyId = idOf(form, 'parentReplyId');
      return {
        target: `reply:${parentReplyId ?? 'thread'}`,
        input: { threadId, parentReplyId, body: field(form, 'body'), idempotencyKey: field(form, 'idempotencyKey') || null },
      };
    },
    opens: ({ reply }) => (reply ? `reply-${reply.id}` : null),
  }),
  edit: intent({
    document: EDIT_REPLY,
    read: (form) => {
      const replyId = replyOf(form);
      return { target: `edit:${replyId}`, input: { replyId, body: field(form, 'body') } };
    },
    opens: (_payload, { replyId }) => `reply-${replyId}`,
  }),
  delete: intent({
    document: DELETE_REPLY,
    read: (form) => {
      const replyId = replyOf(form);
      return { target: `delete:${replyId}`, input: { replyId } };
    },
    opens: (_payload, { replyId }) => `reply-${replyId}`,
  }),
  valuable: intent({
    document: ANSWER_VALUABLE,
    read: (form, threadId) => {
      const replyId = idOf(form, 'replyId');
      const valuable = field(form, 'valuable') === 'yes';
      return { target: 'valuable', input: replyId === null ? { threadId, valuable } : { replyId, valuable } };
    },
    opens: (_payload, input) => ('replyId' in input ? `reply-${input.replyId}` : 'opening-post'),
  }),
};

const MARK_THREAD_READ = graphql(`mutation MarkThreadRead($input: MarkThreadReadInput!) { markThreadRead(input: $input) { markedCount errors { field message code } } }`);
export const FOLD_REPLIES = graphql(`mutation FoldReplies($input: FoldRepliesInput!) { foldReplies(input: $input) { folded errors { field message code } } }`);

/**
 * Reading a thread marks what it showed as read, up to the newest reply on the page (a reply
 * posted while the page was being read stays unread). The page was already read with its unread
 * markers, so it shows them this once. A failure to mark (too many views a minute, the database
 * busy) must not cost the reader the page: it is logged, and the replies stay unread.
 */
export async function markShownRead(context: AppLoadContext, thread: Pick<ThreadData, 'id' | 'viewerUnreadCount' | 'replies'>): Promise<void> {
  if (!thread.viewerUnreadCount) return;
  const upToReplyId = Math.max(...thread.replies.map((reply) => reply.id));
  try {
    const result = await context.graphql(documentSource(MARK_THREAD_READ), { input: { threadId: thread.id, upToReplyId } }, { cacheable: false });
    if (result.errors?.length) console.warn('Could not mark a thread read:', result.errors.map((error) => error.message).join('; '));
  } catch (error) {
    console.warn('Could not mark a thread read:', error instanceof Error ? error.message : String(error));
  }
}

/** The sub-threads folded by address (`?fold=12,40`), for readers without scripts or signed out: at most 100. */
/**
 * "Quote in your reply" without scripts (`?quote=<reply id>` or `?quote=opening`): the reply form
 * that answers that post, and its text box's first words, the post's first paragraph as a block
 * quote. Null for anything else (a post that is not there, deleted, hidden, or whose text was not kept).
 */
export function quoteOf(url: URL, thread: ThreadData): { target: 'thread' | number; text: string } | null {
  const asked = url.searchParams.get('quote');
  if (!asked) return null;
  if (asked === 'opening') {
    return thread.body && !thread.hidden ? { target: 'thread', text: asBlockQuote(firstParagraphExcerpt(thread.body, QUOTE_LIMIT)) } : null;
  }
  const reply = /^[1-9][0-9]{0,9}$/.test(asked) ? thread.replies.find((each) => each.id === Number(asked)) : undefined;
  if (!reply || reply.deleted || reply.hidden || !reply.body) return null;
  return { target: reply.id, text: asBlockQuote(firstParagraphExcerpt(reply.body, QUOTE_LIMIT)) };
}

export function foldsOf(url: URL): number[] {
  return (url.searchParams.get('fold') ?? '')
    .split(',')
    .slice(0, 100)
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647);
}

/** The thread page's action: the intent's mutation, then back to the post it made or changed. */
export async function threadAction(context: AppLoadContext, request: Request, form: FormData, threadId: number) {
  const here = `/threads/${threadId}`;
  const body = field(form, 'body');
  const problem = (target: string, errors: FormError[]) => data({ target, errors, body, submission: crypto.randomUUID() } satisfies ThreadAnswer, { status: 400 });
  const intent = field(form, 'intent');
  if (intent === 'fold') {
    const replyId = replyOf(form);
    const done = await formMutation(context, request, FOLD_REPLIES, { input: { replyId, folded: field(form, 'folded') === 'yes' } });
    if (!done.ok) return problem(`fold:${replyId}`, done.errors);
    // With scripts the page stays as it is (the button already shows the change); without, back to the reply.
    if (field(form, 'enhanced') === 'yes') return { target: `fold:${replyId}`, errors: [], body: '', submission: crypto.randomUUID() } satisfies ThreadAnswer;
    return redirect(`${here}#reply-${replyId}`, 303);
  }
  if (Object.hasOwn(THREAD_INTENTS, intent)) {
    const { target, errors, opens } = await THREAD_INTENTS[intent].run(context, request, form, threadId);
    if (errors.length > 0 || !opens) return problem(target, errors);
    // Posted: its draft kept on the server goes (reply:thread → reply:<thread>, reply:<id> → reply:<thread>:<id>).
    if (intent === 'reply') await forgetDraft(context, request, draftKeys.reply(threadId, idOf(form, 'parentReplyId')), form);
    if (intent === 'edit') await forgetDraft(context, request, draftKeys.replyEdit(threadId, replyOf(form)), form);
    return redirect(`${here}#${opens}`, 303);
  }
  // Reporting, hiding and locking: back to the post, saying so for a report.
  const moderated = await moderationAction(context, request, form, (post, done) => {
    const anchor = post.kind === 'reply' ? `reply-${post.id}` : 'opening-post';
    if (done === 'report') return `${here}?reported=${post.kind}-${post.id}#${anchor}`;
    return post.kind === 'reply' ? `${here}#${anchor}` : here;
  });
  if (moderated) return moderated;
  return problem('reply:thread', [{ field: null, message: 'This form could not be understood. Reload the page and try again' }]);
}
