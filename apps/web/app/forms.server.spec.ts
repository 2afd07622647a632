import { describe, expect, it, jest } from '@jest/globals';
import { RENAME_AREA } from './curation-documents';
import { formMutation } from './forms.server';
import { contextAnswering, thrownBy } from './testing/graphql-stand-in';

const request = new Request('https://commonplace.example/areas/emerging-issues?tab=1', { method: 'POST' });
const input = { areaId: 7, title: 'Emerging questions', reason: 'clearer' };

describe('formMutation', () => {
  it('sends the document with its input, never from the read cache, and answers the payload when done', async () => {
    const { context, sent } = contextAnswering({ data: { renameArea: { area: { slug: 'emerging-questions' }, errors: [] } } });
    const done = await formMutation(context, request, RENAME_AREA, { input });
    expect(done).toEqual({ ok: true, payload: { area: { slug: 'emerging-questions' }, errors: [] }, errors: [], retryAfterSeconds: null });
    expect(sent).toHaveLength(1);
    expect(sent[0].query).toContain('renameArea(input: $input)');
    expect(sent[0].variables).toEqual({ input });
    expect(sent[0].options).toEqual({ cacheable: false });
  });

  it('answers the problems with what was sent by field, a blank field being the whole form', async () => {
    const { context } = contextAnswering({
      data: {
        renameArea: {
          area: null,
          errors: [
            { field: 'title', message: 'Enter a title', code: 'REQUIRED' },
            { field: '', message: 'This area has been archived', code: 'ARCHIVED' },
            { field: null, message: 'Try again', code: null },
          ],
        },
      },
    });
    const done = await formMutation(context, request, RENAME_AREA, { input });
    expect(done.ok).toBe(false);
    expect(done.errors).toEqual([
      { field: 'title', message: 'Enter a title' },
      { field: null, message: 'This area has been archived' },
      { field: null, message: 'Try again' },
    ]);
    expect(done.payload).toEqual({ area: null, errors: expect.any(Array) });
    expect(done.retryAfterSeconds).toBeNull();
  });

  it('answers a rate limit as a form-wide problem saying when to try again, so the form keeps what was typed', async () => {
    const { context } = contextAnswering({ errors: [{ message: 'Too many requests', extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 150 } }] });
    const done = await formMutation(context, request, RENAME_AREA, { input });
    expect(done).toEqual({ ok: false, payload: null, errors: [{ field: null, message: 'Too many attempts. Try again in 3 minutes.' }], retryAfterSeconds: 150 });
  });

  it('says "1 minute" for a short rate limit, and assumes a minute when the server gives no time', async () => {
    const short = await formMutation(contextAnswering({ errors: [{ message: 'Too many', extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 5 } }] }).context, request, RENAME_AREA, { input });
    expect(short.errors).toEqual([{ field: null, message: 'Too many attempts. Try again in 1 minute.' }]);
    const unsaid = await formMutation(contextAnswering({ errors: [{ message: 'Too many', extensions: { code: 'TOO_MANY_REQUESTS' } }] }).context, request, RENAME_AREA, { input });
    expect(unsaid.retryAfterSeconds).toBe(60);
  });

  it('sends someone signed out to sign in, and back to the page the form was on', async () => {
    const { context } = contextAnswering({ errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] });
    const thrown = await thrownBy(formMutation(context, request, RENAME_AREA, { input }));
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(303);
    expect((thrown as Response).headers.get('Location')).toBe(`/sign-in?returnTo=${encodeURIComponent('/areas/emerging-issues?tab=1')}`);
  });

  it('refuses a suspended account with the 403 page giving the reason', async () => {
    const { context } = contextAnswering({ errors: [{ message: 'Your account is suspended: spam', extensions: { code: 'ACCOUNT_SUSPENDED' } }] });
    const thrown = await thrownBy(formMutation(context, request, RENAME_AREA, { input }));
    expect(thrown).toMatchObject({ data: { reason: 'suspended', message: 'Your account is suspended: spam' }, init: { status: 403 } });
  });

  it('refuses what the person may not do with the 403 page', async () => {
    const { context } = contextAnswering({ errors: [{ message: 'Moderators only', extensions: { code: 'FORBIDDEN' } }] });
    const thrown = await thrownBy(formMutation(context, request, RENAME_AREA, { input }));
    expect(thrown).toMatchObject({ data: { reason: 'forbidden' }, init: { status: 403 } });
  });

  it('answers any other GraphQL error, or no payload at all, with the 500 page rather than a form problem', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const broken = await thrownBy(formMutation(contextAnswering({ errors: [{ message: 'Cannot query field' }] }).context, request, RENAME_AREA, { input }));
      expect(broken).toMatchObject({ init: { status: 500 } });
      const empty = await thrownBy(formMutation(contextAnswering({ data: { renameArea: null } }).context, request, RENAME_AREA, { input }));
      expect(empty).toMatchObject({ init: { status: 500 } });
      expect(quiet).toHaveBeenCalledTimes(2);
    } finally {
      quiet.mockRestore();
    }
  });
});
