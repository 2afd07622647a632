import { describe, expect, it } from '@jest/globals';
import { areaAction, areaConfirmation } from './area.server';
import { contextAnswering, formOf } from './testing/graphql-stand-in';

const request = new Request('https://commonplace.example/areas/emerging-issues', { method: 'POST' });

/** Where a redirect goes, or null for any other answer. */
function location(answer: unknown): string | null {
  return answer instanceof Response ? answer.headers.get('Location') : null;
}

describe('the area page’s forms', () => {
  it('renames the area and goes back to it at its new address, saying so', async () => {
    const { context, sent } = contextAnswering({ data: { renameArea: { area: { slug: 'emerging-questions' }, errors: [] } } });
    const answer = await areaAction(context, request, formOf({ intent: 'rename', areaId: '4', title: 'Emerging questions', reason: 'clearer' }), 'emerging-issues');
    expect(location(answer)).toBe('/areas/emerging-questions?done=renamed#area-heading');
    expect(sent.map((one) => one.variables)).toEqual([{ input: { areaId: 4, title: 'Emerging questions', reason: 'clearer' } }]);
  });

  it('goes back to a changed recommendation in the area it is now in, naming it', async () => {
    const { context, sent } = contextAnswering({ data: { moveRecommendationToArea: { recommendation: { id: 12, area: { slug: 'safety' } }, errors: [] } } });
    const answer = await areaAction(context, request, formOf({ intent: 'moveTo', recommendationId: '12', targetAreaId: '9', reason: '' }), 'emerging-issues');
    expect(location(answer)).toBe('/areas/safety?done=moved&r=12#recommendation-12');
    expect(sent[0].variables).toEqual({ input: { recommendationId: 12, areaId: 9, reason: '' } });
  });

  it('opens the page at an archived recommendation in the archived list', async () => {
    const { context } = contextAnswering({ data: { archiveRecommendation: { recommendation: { id: 12, area: { slug: 'emerging-issues' } }, errors: [] } } });
    const answer = await areaAction(context, request, formOf({ intent: 'archive', recommendationId: '12', reason: 'done' }), 'emerging-issues');
    expect(location(answer)).toBe('/areas/emerging-issues?done=archived&r=12#archived-12');
  });

  it('sends the reorder buttons’ direction, and a typed position only when it is a whole number from 1', async () => {
    const up = contextAnswering({ data: { reorderRecommendation: { recommendation: { id: 3, area: { slug: 'a' } }, errors: [] } } });
    expect(location(await areaAction(up.context, request, formOf({ intent: 'down', recommendationId: '3' }), 'a'))).toBe('/areas/a?done=down&r=3#recommendation-3');
    expect(up.sent[0].variables).toEqual({ input: { recommendationId: 3, direction: 'Down' } });

    const typed = contextAnswering({ data: {} });
    const answer = await areaAction(typed.context, request, formOf({ intent: 'position', recommendationId: '3', position: '0' }), 'a');
    expect(answer).toMatchObject({ data: { ok: false, errors: [{ field: 'position', message: 'Enter a position as a whole number, 1 or more' }], values: { position: '0' } }, init: { status: 400 } });
    expect(typed.sent).toHaveLength(0);
  });

  it('gives the server’s problems back to the form, with what was typed', async () => {
    const { context } = contextAnswering({ data: { rewordRecommendation: { recommendation: null, errors: [{ field: 'reason', message: 'Say why', code: 'REQUIRED' }] } } });
    const answer = await areaAction(context, request, formOf({ intent: 'reword', recommendationId: '5', text: 'New words', reason: '' }), 'a');
    expect(answer).toMatchObject({ data: { errors: [{ field: 'reason', message: 'Say why' }], values: { intent: 'reword', recommendationId: '5', text: 'New words' } }, init: { status: 400 } });
  });

  it('refuses, without asking the server, a form naming nothing or no intent it knows', async () => {
    const { context, sent } = contextAnswering({ data: {} });
    const forms: Record<string, string>[] = [{ intent: 'propose', text: 'An idea' }, { intent: 'merge', intoId: '4' }, { intent: 'toString', recommendationId: '4' }, {}];
    for (const fields of forms) {
      const answer = await areaAction(context, request, formOf(fields), 'a');
      expect(answer).toMatchObject({ init: { status: 400 }, data: { errors: [{ field: null }] } });
    }
    expect(sent).toHaveLength(0);
    const propose = await areaAction(context, request, formOf({ intent: 'propose', text: 'An idea' }), 'a');
    expect(propose).toMatchObject({ data: { errors: [{ field: null, message: 'Choose an area' }] } });
  });
});

describe('what the area page says after a change', () => {
  const area = {
    recommendations: [
      { id: 1, text: 'Share the rota' },
      { id: 2, text: 'Ask the patients' },
    ],
    archivedRecommendations: [{ id: 3, text: 'Buy more pagers' }],
  };

  it('names the recommendation and its new place', () => {
    expect(areaConfirmation('up', 2, area)).toBe('“Ask the patients” moved. It is now 2 of 2.');
    expect(areaConfirmation('archived', 3, area)).toBe('“Buy more pagers” has been archived. It no longer appears in the list; its page stays reachable and it can be restored.');
  });

  it('says what happened to the area, and nothing for an unknown word or a recommendation not on the page', () => {
    expect(areaConfirmation('renamed', null, area)).toBe('The area has been renamed.');
    expect(areaConfirmation('seen', 99, area)).toBeNull();
    expect(areaConfirmation('exploded', 1, area)).toBeNull();
    expect(areaConfirmation(null, 1, area)).toBeNull();
  });
});
