import { describe, expect, it } from '@jest/globals';
import { contextAnswering, formOf, thrownBy } from './testing/graphql-stand-in';
import { foldsOf, markShownRead, threadAction } from './thread.server';

const request = new Request('https://commonplace.example/threads/5', { method: 'POST' });

function location(answer: unknown): string | null {
  return answer instanceof Response ? answer.headers.get('Location') : null;
}

describe('the thread page’s forms', () => {
  it('posts a reply to the thread and opens the page at it', async () => {
    const { context, sent } = contextAnswering({ data: { postReply: { reply: { id: 40 }, thread: { id: 5 }, errors: [] } } });
    const answer = await threadAction(context, request, formOf({ intent: 'reply', body: 'Agreed.', idempotencyKey: 'k-thread' }), 5);
    expect(location(answer)).toBe('/threads/5#reply-40');
    expect(sent[0].variables).toEqual({ input: { threadId: 5, parentReplyId: null, body: 'Agreed.', idempotencyKey: 'k-thread' } });
  });

  it('gives a refused reply back to the form it came from, with its text', async () => {
    const { context } = contextAnswering({ data: { postReply: { reply: null, thread: null, errors: [{ field: 'body', message: 'Enter your reply', code: 'REQUIRED' }] } } });
    const answer = await threadAction(context, request, formOf({ intent: 'reply', parentReplyId: '31', body: '  ' }), 5);
    expect(answer).toMatchObject({ data: { target: 'reply:31', errors: [{ field: 'body', message: 'Enter your reply' }], body: '  ' }, init: { status: 400 } });
  });

  it('says a rate limit at the form, keeping the text', async () => {
    const { context } = contextAnswering({ errors: [{ message: 'Too many', extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 120 } }] });
    const answer = await threadAction(context, request, formOf({ intent: 'edit', replyId: '31', body: 'Better words' }), 5);
    expect(answer).toMatchObject({ data: { target: 'edit:31', errors: [{ field: null, message: 'Too many attempts. Try again in 2 minutes.' }], body: 'Better words' } });
  });

  it('edits and deletes a reply named by the form, and answers 404 for a form naming none', async () => {
    const edited = contextAnswering({ data: { editReply: { reply: { id: 31 }, errors: [] } } });
    expect(location(await threadAction(edited.context, request, formOf({ intent: 'edit', replyId: '31', body: 'Better' }), 5))).toBe('/threads/5#reply-31');
    expect(edited.sent[0].variables).toEqual({ input: { replyId: 31, body: 'Better' } });

    const deleted = contextAnswering({ data: { deleteReply: { reply: { id: 31 }, errors: [] } } });
    expect(location(await threadAction(deleted.context, request, formOf({ intent: 'delete', replyId: '31' }), 5))).toBe('/threads/5#reply-31');

    const nameless = contextAnswering({ data: {} });
    expect(await thrownBy(threadAction(nameless.context, request, formOf({ intent: 'delete', replyId: 'x' }), 5))).toMatchObject({ init: { status: 404 } });
    expect(nameless.sent).toHaveLength(0);
  });

  it('answers "valuable?" for a reply or the opening post, and stays at that post', async () => {
    const reply = contextAnswering({ data: { answerValuable: { thread: null, reply: { id: 31 }, errors: [] } } });
    expect(location(await threadAction(reply.context, request, formOf({ intent: 'valuable', replyId: '31', valuable: 'yes' }), 5))).toBe('/threads/5#reply-31');
    expect(reply.sent[0].variables).toEqual({ input: { replyId: 31, valuable: true } });

    const opening = contextAnswering({ data: { answerValuable: { thread: { id: 5 }, reply: null, errors: [] } } });
    expect(location(await threadAction(opening.context, request, formOf({ intent: 'valuable', valuable: 'no' }), 5))).toBe('/threads/5#opening-post');
    expect(opening.sent[0].variables).toEqual({ input: { threadId: 5, valuable: false } });
  });

  it('goes back to a reported post saying so', async () => {
    const { context } = contextAnswering({ data: { flagPost: { flag: { id: 1 }, errors: [] } } });
    const answer = await threadAction(context, request, formOf({ intent: 'report', replyId: '31', threadId: '5', reason: 'Rude' }), 5);
    expect(location(answer)).toBe('/threads/5?reported=reply-31#reply-31');
  });

  it('answers a form it does not know at the reply form, without asking the server', async () => {
    const { context, sent } = contextAnswering({ data: {} });
    const answer = await threadAction(context, request, formOf({ intent: 'constructor', body: 'kept' }), 5);
    expect(answer).toMatchObject({
      data: { target: 'reply:thread', errors: [{ field: null, message: 'This form could not be understood. Reload the page and try again' }], body: 'kept' },
      init: { status: 400 },
    });
    expect(sent).toHaveLength(0);
  });
});

describe('reading a thread', () => {
  const replies = [{ id: 3 }, { id: 9 }, { id: 7 }] as Parameters<typeof markShownRead>[1]['replies'];

  it('marks what the page shows read, up to its newest reply, only when something was unread', async () => {
    const unread = contextAnswering({ data: { markThreadRead: { markedCount: 1, errors: [] } } });
    await markShownRead(unread.context, { id: 5, viewerUnreadCount: 2, replies });
    expect(unread.sent[0].variables).toEqual({ input: { threadId: 5, upToReplyId: 9 } });

    const nothing = contextAnswering({ data: {} });
    await markShownRead(nothing.context, { id: 5, viewerUnreadCount: 0, replies });
    await markShownRead(nothing.context, { id: 5, viewerUnreadCount: null, replies });
    expect(nothing.sent).toEqual([]);
  });

  it('still shows the page when marking fails', async () => {
    const refused = contextAnswering({ errors: [{ message: 'Too many', extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 } }] });
    await expect(markShownRead(refused.context, { id: 5, viewerUnreadCount: 1, replies })).resolves.toBeUndefined();
  });

  it('folds by address only sub-threads named by whole numbers, at most 100', () => {
    expect(foldsOf(new URL('https://commonplace.example/threads/5?fold=12,x,-3,40,1.5,99999999999'))).toEqual([12, 40]);
    expect(foldsOf(new URL('https://commonplace.example/threads/5'))).toEqual([]);
    const many = Array.from({ length: 150 }, (_, index) => index + 1).join(',');
    expect(foldsOf(new URL(`https://commonplace.example/threads/5?fold=${many}`))).toHaveLength(100);
  });
});
