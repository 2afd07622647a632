import { describe, expect, it } from '@jest/globals';
import { recommendationAction } from './recommendation.server';
import { contextAnswering, formOf } from './testing/graphql-stand-in';

const request = new Request('https://commonplace.example/recommendations/7', { method: 'POST' });

function location(answer: unknown): string | null {
  return answer instanceof Response ? answer.headers.get('Location') : null;
}

describe('the recommendation page’s star forms', () => {
  it('marks the recommendation with the reason given and goes back to its marks, saying so', async () => {
    const { context, sent } = contextAnswering({ data: { markRealistic: { errors: [] } } });
    const answer = await recommendationAction(context, request, formOf({ intent: 'star', reason: 'Cheap and quick' }), 7);
    expect(location(answer)).toBe('/recommendations/7?updated=starred#stars');
    expect(sent.map((one) => one.variables)).toEqual([{ input: { recommendationId: 7, reason: 'Cheap and quick' } }]);
  });

  it('withdraws my mark, and removes a named mark with the moderator’s reason', async () => {
    const withdrawn = contextAnswering({ data: { withdrawStar: { errors: [] } } });
    expect(location(await recommendationAction(withdrawn.context, request, formOf({ intent: 'withdraw' }), 7))).toBe('/recommendations/7?updated=withdrawn#stars');
    expect(withdrawn.sent[0].variables).toEqual({ input: { recommendationId: 7 } });

    const removed = contextAnswering({ data: { removeStar: { errors: [] } } });
    expect(location(await recommendationAction(removed.context, request, formOf({ intent: 'remove', starId: '3', reason: 'Spam' }), 7))).toBe('/recommendations/7?updated=removed#stars');
    expect(removed.sent[0].variables).toEqual({ input: { starId: 3, reason: 'Spam' } });
  });

  it('gives the server’s problem back to the form it came from, with the reason typed', async () => {
    const star = contextAnswering({ data: { markRealistic: { errors: [{ field: 'reason', message: 'Say why it is realistic', code: 'REQUIRED' }] } } });
    const answer = await recommendationAction(star.context, request, formOf({ intent: 'star', reason: ' ' }), 7);
    expect(answer).toMatchObject({ data: { form: 'star', errors: [{ field: 'reason', message: 'Say why it is realistic' }], values: { reason: ' ' } }, init: { status: 400 } });

    const remove = contextAnswering({ data: { removeStar: { errors: [{ field: 'reason', message: 'Give a reason', code: 'REQUIRED' }] } } });
    expect(await recommendationAction(remove.context, request, formOf({ intent: 'remove', starId: '12', reason: '' }), 7)).toMatchObject({
      data: { form: 'remove-12', errors: [{ field: 'reason', message: 'Give a reason' }] },
    });
  });

  it('says a rate limit at the form', async () => {
    const { context } = contextAnswering({ errors: [{ message: 'Too many', extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 } }] });
    const answer = await recommendationAction(context, request, formOf({ intent: 'star', reason: 'Again' }), 7);
    expect(answer).toMatchObject({ data: { form: 'star', errors: [{ field: null, message: 'Too many attempts. Try again in 1 minute.' }], values: { reason: 'Again' } } });
  });

  it('refuses, without asking the server, an intent it does not know or a removal naming no mark', async () => {
    const { context, sent } = contextAnswering({ data: {} });
    const forms: Record<string, string>[] = [{ intent: 'constructor' }, { intent: 'remove', starId: 'x', reason: 'Spam' }, {}];
    for (const fields of forms) {
      const answer = await recommendationAction(context, request, formOf(fields), 7);
      expect(answer).toMatchObject({ data: { errors: [{ field: null, message: 'That is not something this page can do' }] }, init: { status: 400 } });
    }
    expect(sent).toHaveLength(0);
  });
});
