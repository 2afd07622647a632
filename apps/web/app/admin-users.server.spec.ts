import { describe, expect, it } from '@jest/globals';
import { type Person, peopleAction, peopleConfirmation } from './admin-users.server';
import { contextAnswering, formOf } from './testing/graphql-stand-in';

const request = new Request('https://commonplace.example/admin/users', { method: 'POST' });

function location(answer: unknown): string | null {
  return answer instanceof Response ? answer.headers.get('Location') : null;
}

describe('the People page’s forms', () => {
  it('changes a person’s role and goes back to the page naming them', async () => {
    const { context, sent } = contextAnswering({ data: { changeUserRole: { user: { username: 'ada' }, errors: [] } } });
    const answer = await peopleAction(context, request, formOf({ intent: 'changeRole', username: 'ada', role: 'Moderator' }));
    expect(location(answer)).toBe('/admin/users?done=changeRole&username=ada');
    expect(sent.map((one) => one.variables)).toEqual([{ input: { username: 'ada', role: 'Moderator' } }]);
  });

  it('suspends with the reason, restores, and sets a password, each for the row’s person', async () => {
    const suspended = contextAnswering({ data: { suspendUser: { user: { username: 'bob smith' }, errors: [] } } });
    expect(location(await peopleAction(suspended.context, request, formOf({ intent: 'suspend', username: 'bob smith', reason: 'Spam' })))).toBe(
      '/admin/users?done=suspend&username=bob%20smith',
    );
    expect(suspended.sent[0].variables).toEqual({ input: { username: 'bob smith', reason: 'Spam' } });

    const restored = contextAnswering({ data: { restoreUser: { user: { username: 'bob' }, errors: [] } } });
    await peopleAction(restored.context, request, formOf({ intent: 'restore', username: 'bob' }));
    expect(restored.sent[0].variables).toEqual({ input: { username: 'bob' } });

    const password = contextAnswering({ data: { setUserPassword: { user: { username: 'bob' }, errors: [] } } });
    await peopleAction(password.context, request, formOf({ intent: 'setPassword', username: 'bob', newPassword: 'correct horse battery' }));
    expect(password.sent[0].variables).toEqual({ input: { username: 'bob', newPassword: 'correct horse battery' } });
  });

  it('gives the server’s problems back to the row, refilling what was typed but never the password', async () => {
    const { context } = contextAnswering({ data: { setUserPassword: { user: null, errors: [{ field: 'newPassword', message: 'Too short', code: 'TOO_SHORT' }] } } });
    const answer = await peopleAction(context, request, formOf({ intent: 'setPassword', username: 'bob', newPassword: 'abc' }));
    expect(answer).toMatchObject({ data: { errors: [{ field: 'newPassword', message: 'Too short' }], values: { intent: 'setPassword', username: 'bob' } }, init: { status: 400 } });
    expect(JSON.stringify(answer)).not.toContain('abc');
  });

  it('refuses, without asking the server, an unknown role, an unknown intent or a row naming nobody', async () => {
    const { context, sent } = contextAnswering({ data: {} });
    expect(await peopleAction(context, request, formOf({ intent: 'changeRole', username: 'ada', role: 'Emperor' }))).toMatchObject({
      data: { errors: [{ field: 'role', message: 'Choose a role' }], values: { role: 'Emperor' } },
      init: { status: 400 },
    });
    const forms: Record<string, string>[] = [{ intent: 'toString', username: 'ada' }, { intent: 'restore' }, {}];
    for (const fields of forms) {
      expect(await peopleAction(context, request, formOf(fields))).toMatchObject({
        data: { errors: [{ field: null, message: 'Choose what to change, using the buttons in the table' }] },
      });
    }
    expect(sent).toHaveLength(0);
  });
});

describe('what the People page says after a change', () => {
  const person = (fields: Partial<Person>): Person => ({
    id: 1,
    username: 'ada',
    displayName: 'Ada L',
    role: 'Participant',
    suspended: false,
    suspendedReason: null,
    twoStepEnabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    hasPassword: true,
    ...fields,
  });

  it('names the person and what they are now', () => {
    expect(peopleConfirmation('changeRole', 'ada', [person({ role: 'Admin' })])).toBe('Ada L (ada) is now an administrator.');
    expect(peopleConfirmation('suspend', 'ada', [person({ suspended: true })])).toBe('Ada L (ada) is suspended. They can still read everything, but cannot post or edit.');
    expect(peopleConfirmation('restore', 'ada', [person({})])).toBe('Ada L (ada) is restored. They can post and edit again.');
  });

  it('says nothing when the change did not hold, the person is not listed or the word is unknown', () => {
    expect(peopleConfirmation('suspend', 'ada', [person({ suspended: false })])).toBeNull();
    expect(peopleConfirmation('setPassword', 'grace', [person({})])).toBeNull();
    expect(peopleConfirmation('constructor', 'ada', [person({})])).toBeNull();
    expect(peopleConfirmation(null, null, [person({})])).toBeNull();
  });
});
