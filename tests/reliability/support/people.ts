import { Browser } from './load';

export interface Person {
  index: number;
  username: string;
  id: number;
  browser: Browser;
}

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { user { username } errors { code message } } }`;
const VIEWER = `query { viewer { id username } }`;

/**
 * Registers `count` people through the site, each from an address of their own on the loopback
 * network (`<subnet>.<n>`, e.g. 127.0.1.7), as people come from their own homes. Registration
 * allows 5 accounts an hour per address, so 50 people from one address would be refused: that
 * limit is kept, not switched off. Registering signs the person in; the browser keeps the cookie.
 */
export async function registerPeople(baseUrl: string, subnet: string, count: number, prefix: string, maxSockets = 4, resendOnClosedConnection = true): Promise<Person[]> {
  const people: Person[] = [];
  // A few at a time: each registration hashes a password with argon2, on purpose slow.
  for (let from = 0; from < count; from += 5) {
    const batch = Array.from({ length: Math.min(5, count - from) }, (_, offset) => from + offset);
    people.push(
      ...(await Promise.all(
        batch.map(async (index) => {
          const browser = new Browser(baseUrl, `${subnet}.${index + 1}`, maxSockets, resendOnClosedConnection);
          const username = `${prefix}${index + 1}`;
          const { data } = await browser.graphql<{ register: { user: { username: string } | null; errors: { code: string; message: string }[] } }>(REGISTER, {
            input: { username, displayName: `Load person ${index + 1}`, password: `correct horse battery ${prefix} ${index}` },
          });
          if (!data.register.user) throw new Error(`registering ${username} failed: ${JSON.stringify(data.register.errors)}`);
          const viewer = await browser.graphql<{ viewer: { id: number; username: string } | null }>(VIEWER);
          if (viewer.data.viewer?.username !== username) throw new Error(`${username} is not signed in after registering`);
          // The form token a browser gets with its first page.
          await browser.get('/');
          return { index, username, id: viewer.data.viewer.id, browser };
        }),
      )),
    );
  }
  return people;
}
