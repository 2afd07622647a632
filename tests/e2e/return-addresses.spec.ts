import { apiAs, expect, formToken, PASSWORD, postForm, test, uniqueUsername } from './support/accounts';

/*
 * Return addresses ("returnTo") after signing in, registering and watching lead only to paths on
 * this site. Each hostile value below once came out of the server as "//evil.example" in Location,
 * which a browser follows to another host; now each falls back to the form's own destination.
 * Forms post as a browser without JavaScript does; with JavaScript the same actions answer.
 */
const HOSTILE = [
  '/.//evil.example',
  '/%2e//evil.example',
  '/a/..//evil.example',
  '/./%2e/.//evil.example/path?q=1',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
  ' /\t/evil.example',
];

function expectLocal(location: string | undefined, fallback: string | RegExp): void {
  expect(location).toBeDefined();
  expect(location).not.toMatch(/^\s*(\/\s*[\\/]|[a-z]+:)/i);
  if (typeof fallback === 'string') expect(location).toBe(fallback);
  else expect(location).toMatch(fallback);
}

test('/watch never returns to another host', async ({ playwright, db }) => {
  const person = await db.createPerson({ name: 'return-watch' });
  const token = await db.startSession(person.id);
  const [{ id: threadId }] = await db.query<{ id: number }>('SELECT id FROM threads ORDER BY id LIMIT 1');
  const api = await apiAs(playwright, token);
  try {
    const csrf = await formToken(api, `/threads/${threadId}`);
    for (const returnTo of HOSTILE) {
      const answer = await postForm(api, '/watch', { threadId: String(threadId), watch: 'no', returnTo }, { csrf });
      expect(answer.status(), returnTo).toBe(303);
      expectLocal(answer.headers().location, '/notifications');
    }
    const home = await postForm(api, '/watch', { threadId: String(threadId), watch: 'no', returnTo: `/threads/${threadId}?sort=new#replies` }, { csrf });
    expect(home.headers().location).toBe(`/threads/${threadId}?sort=new#replies`);
  } finally {
    await api.dispose();
  }
});

test('signing in never returns to another host', async ({ playwright, db }) => {
  const person = await db.createPerson({ name: 'return-signin' });
  // Each post signs in afresh; the rate limit counts per person once signed in, so a session of a
  // person of its own keeps this test from spending the whole site's per-address budget.
  const api = await apiAs(playwright, await db.startSession((await db.createPerson({ name: 'return-signin-budget' })).id));
  try {
    for (const returnTo of HOSTILE.slice(0, 4)) {
      const csrf = await formToken(api, '/sign-in');
      const answer = await postForm(api, '/sign-in', { username: person.username, password: PASSWORD, returnTo }, { csrf });
      expect(answer.status(), returnTo).toBe(303);
      expectLocal(answer.headers().location, `/users/${person.username}`);
    }
  } finally {
    await api.dispose();
  }
});

test('registering never returns to another host', async ({ playwright, db }) => {
  const api = await apiAs(playwright, await db.startSession((await db.createPerson({ name: 'return-register-budget' })).id));
  try {
    for (const returnTo of HOSTILE.slice(0, 3)) {
      const username = uniqueUsername('returner');
      const csrf = await formToken(api, '/register');
      const answer = await postForm(api, '/register', { username, displayName: 'Rita Returner', email: '', password: PASSWORD, returnTo }, { csrf });
      expect(answer.status(), returnTo).toBe(303);
      expectLocal(answer.headers().location, /^\/users\/[^/]+$/);
    }
  } finally {
    await api.dispose();
  }
});
