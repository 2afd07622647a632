import { apiAs, expect, formToken, type PersonOptions, postForm, test, titleAndHeading } from './support/accounts';
import { type ActionId, FORM_ACTIONS } from './support/form-actions';

/*
 * Who may use each HTML form action: every action as every kind of person, each post with a valid
 * form token (the `commonplace_csrf` cookie and the `_csrf` field of a page that person opened).
 * The rules are the README's ("Accounts and security"): register and sign in for anyone, sign out
 * for anyone signed in (suspended too), change password for anyone signed in and not suspended,
 * the administrators' forms for administrators only (and not while suspended); change email as
 * change password; delete your account for anyone signed in, suspended too (their right to erasure); a password reset or email confirmation link for anyone who holds it.
 *
 *   allowed    the action does what it says: 303 to where its form leads, and the database shows it.
 *              Register is the one exception: the rate limit allows 5 an hour from one address, so
 *              here it asks for a taken username and must get the form's own answer (400, "That
 *              username is taken"), which only the registration itself gives; the account journeys
 *              register for real.
 *   sign in    303 to /sign-in?returnTo=<the form's page>, which shows the sign-in form; nothing changed.
 *   forbidden  403 "You cannot do this"; nothing changed.
 *   suspended  403 "Your account is suspended", with the reason; nothing changed.
 */

type Persona = 'anonymous' | 'participant' | 'suspended participant' | 'moderator' | 'administrator' | 'suspended administrator';
type Outcome = 'allowed' | 'sign in' | 'forbidden' | 'suspended';

const PERSONAS: Persona[] = ['anonymous', 'participant', 'suspended participant', 'moderator', 'administrator', 'suspended administrator'];

// prettier-ignore
const RULES: Record<ActionId, Outcome[]> = {
  //               anonymous   participant  suspended p.  moderator    administrator  suspended admin.
  register:       ['allowed',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
  signIn:         ['allowed',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
  signOut:        ['sign in',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
  changePassword: ['sign in',  'allowed',   'suspended',  'allowed',   'allowed',     'suspended'],
  changeEmail:    ['sign in',  'allowed',   'suspended',  'allowed',   'allowed',     'suspended'],
  deleteAccount:  ['sign in',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
  resetPassword:  ['allowed',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
  confirmEmail:   ['allowed',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
  changeRole:     ['sign in',  'forbidden', 'forbidden',  'forbidden', 'allowed',     'suspended'],
  suspend:        ['sign in',  'forbidden', 'forbidden',  'forbidden', 'allowed',     'suspended'],
  restore:        ['sign in',  'forbidden', 'forbidden',  'forbidden', 'allowed',     'suspended'],
  setPassword:    ['sign in',  'forbidden', 'forbidden',  'forbidden', 'allowed',     'suspended'],
};

const SUSPENSION_REASON = 'Testing who may do what';

const PERSON: Record<Exclude<Persona, 'anonymous'>, PersonOptions> = {
  participant: { role: 'participant' },
  'suspended participant': { role: 'participant', suspendedReason: SUSPENSION_REASON },
  moderator: { role: 'moderator' },
  administrator: { role: 'admin' },
  'suspended administrator': { role: 'admin', suspendedReason: SUSPENSION_REASON },
};

test.describe('who may use each form', () => {
  for (const action of FORM_ACTIONS) {
    PERSONAS.forEach((persona, column) => {
      const outcome = RULES[action.id][column];
      test(`${action.label} as ${persona === 'anonymous' ? 'someone signed out' : `a ${persona}`}: ${outcome}`, async ({ db, playwright }) => {
        const person = persona === 'anonymous' ? null : await db.createPerson({ name: persona.replace(/[^a-z]+/g, '-'), ...PERSON[persona] });
        const token = person ? await db.startSession(person.id) : undefined;
        const api = await apiAs(playwright, token);
        try {
          const csrf = await formToken(api);
          const post = await action.prepare(db, person && token ? { person, token } : null);
          if (action.id === 'register' && outcome === 'allowed') post.fields.username = 'davemiller';

          const response = await postForm(api, action.path, post.fields, { csrf });
          const answer = await titleAndHeading(response);
          const said = `${response.status()} "${answer.title}"`;
          switch (outcome) {
            case 'allowed':
              if (action.id === 'register') {
                expect(response.status(), said).toBe(400);
                expect(answer.title).toBe('Error: Create an account – Commonplace');
                expect(answer.text).toContain('That username is taken: choose another');
                break;
              }
              expect(response.status(), said).toBe(303);
              expect(response.headers().location).toMatch(action.success);
              expect(await post.changed(), 'it did what it says').toBe(true);
              break;
            case 'sign in': {
              expect(response.status(), said).toBe(303);
              const location = response.headers().location;
              expect(location).toBe(`/sign-in?returnTo=${encodeURIComponent(action.path)}`);
              const signIn = await titleAndHeading(await api.get(location));
              expect(signIn.h1).toBe('Sign in');
              expect(await post.changed(), 'nothing changed').toBe(false);
              break;
            }
            case 'forbidden':
              expect(response.status(), said).toBe(403);
              expect(answer.title).toBe('You cannot do this – Commonplace');
              expect(answer.h1).toBe('You cannot do this');
              expect(await post.changed(), 'nothing changed').toBe(false);
              break;
            case 'suspended':
              expect(response.status(), said).toBe(403);
              expect(answer.title).toBe('Your account is suspended – Commonplace');
              expect(answer.text).toContain(SUSPENSION_REASON);
              expect(answer.text).toContain('Nothing was changed.');
              expect(await post.changed(), 'nothing changed').toBe(false);
              break;
          }
          // A refusal never signs anyone out.
          if (token && outcome !== 'allowed') expect(await db.sessionExists(token), 'still signed in').toBe(true);
        } finally {
          await api.dispose();
        }
      });
    });
  }
});

test.describe('who may open the account pages', () => {
  // prettier-ignore
  const PAGES: Record<string, Outcome[]> = {
    //                    anonymous   participant  suspended p.  moderator    administrator  suspended admin.
    '/account/password': ['sign in',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
    '/account/data':     ['sign in',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
    '/account/delete':   ['sign in',  'allowed',   'allowed',    'allowed',   'allowed',     'allowed'],
    '/admin/users':      ['sign in',  'forbidden', 'forbidden',  'forbidden', 'allowed',     'suspended'],
  };
  for (const [path, outcomes] of Object.entries(PAGES)) {
    test(`${path}`, async ({ db, playwright }) => {
      for (const [column, persona] of PERSONAS.entries()) {
        const outcome = outcomes[column];
        const person = persona === 'anonymous' ? null : await db.createPerson({ name: 'opens-page', ...PERSON[persona] });
        const api = await apiAs(playwright, person ? await db.startSession(person.id) : undefined);
        try {
          const response = await api.get(path, { maxRedirects: 0 });
          const answer = await titleAndHeading(response);
          const what = `GET ${path} as ${persona}: ${response.status()} "${answer.title}"`;
          if (outcome === 'allowed') expect(response.status(), what).toBe(200);
          if (outcome === 'sign in') {
            expect(response.status(), what).toBe(303);
            expect(response.headers().location, what).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
          }
          if (outcome === 'forbidden') {
            expect(response.status(), what).toBe(403);
            expect(answer.h1, what).toBe('You cannot do this');
          }
          if (outcome === 'suspended') {
            expect(response.status(), what).toBe(403);
            expect(answer.h1, what).toBe('Your account is suspended');
          }
        } finally {
          await api.dispose();
        }
      }
    });
  }
});
