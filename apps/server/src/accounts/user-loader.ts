import type { RequestContext } from '../graphql/request-context';
import type { AccountsService } from './accounts.service';
import type { User } from './user.entity';

/** The one way resolvers fetch a person by id: batched per request. */
export function loadUser(context: RequestContext, accounts: AccountsService, id: number): Promise<User | null> {
  return context.loaders.get<number, User | null>('usersById', (ids) => accounts.usersByIds(ids)).load(id);
}

/** Whether a person has a password set: batched per request (the administrators' list asks for a page of people at once). */
export function loadHasPassword(context: RequestContext, accounts: AccountsService, id: number): Promise<boolean> {
  return context.loaders.get<number, boolean>('hasPasswordById', (ids) => accounts.hasPasswordByIds(ids)).load(id);
}

/** People read along with something else (a page's author, a thread's starter): their loads run no statement. */
export function primeUsers(context: RequestContext, users: Iterable<User | null>): void {
  const found: [number, User][] = [];
  for (const user of users) if (user) found.push([user.id, user]);
  context.loaders.prime('usersById', found);
}
