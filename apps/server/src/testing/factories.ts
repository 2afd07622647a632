import { randomBytes } from 'node:crypto';
import { SessionsService } from '../accounts/sessions.service';
import type { User, UserRole } from '../accounts/user.entity';
import type { Reply } from '../discussions/reply.entity';
import type { Thread } from '../discussions/thread.entity';
import { SESSION_COOKIE } from '../http/cookies';
import type { Page } from '../pages/page.entity';
import type { Revision } from '../pages/revision.entity';
import type { Area } from '../recommendations/area.entity';
import type { Recommendation, RecommendationStatus } from '../recommendations/recommendation.entity';
import type { Star } from '../recommendations/star.entity';
import type { TestApp } from './test-app';

/*
 * Rows for tests: each factory makes one valid row with sensible defaults, and takes overrides for
 * what the test is about. They write through the entity's repository (one typed INSERT ... RETURNING),
 * not the services: a test of reading a thread needs a thread, not the rules, rate limits and live
 * events of starting one (posting.spec.ts and its kin test those through GraphQL).
 * Repositories are looked up by table name and the entities imported as types only: loading entity
 * modules from here, ahead of the app's own order, leaves GraphQL decorators with undefined types.
 */

/** A short suffix that keeps made-up names unique within a test database. */
const unique = () => randomBytes(3).toString('hex');

/** A row someone passed in, or its id. */
type Ref = number | { id: number };
const idOf = (ref: Ref) => (typeof ref === 'number' ? ref : ref.id);

export interface PersonOverrides {
  username?: string;
  displayName?: string;
  role?: UserRole;
  /** Suspended now, with this reason. */
  suspendedReason?: string;
}

/** A person, signed in: `cookie` is the Cookie header that acts as them. */
export interface MadePerson {
  id: number;
  username: string;
  cookie: string;
}

export async function makePerson(t: TestApp, overrides: PersonOverrides = {}): Promise<MadePerson> {
  const username = overrides.username ?? `person-${unique()}`;
  const suspended = overrides.suspendedReason !== undefined;
  const { identifiers } = await t.dataSource.getRepository<User>('users').insert({
    username,
    displayName: overrides.displayName ?? username,
    role: overrides.role ?? ('participant' as UserRole),
    suspendedAt: suspended ? new Date() : null,
    suspendedReason: suspended ? overrides.suspendedReason : null,
  });
  const id = identifiers[0].id as number;
  const token = await t.app.get(SessionsService).start(id);
  return { id, username, cookie: `${SESSION_COOKIE}=${token}` };
}

export interface PageOverrides {
  slug?: string;
  title?: string;
  tags?: string[];
}

/** A page with no revisions yet: its body reads as empty, as for a page made but never edited. */
export async function makePage(t: TestApp, overrides: PageOverrides = {}): Promise<{ id: number; slug: string }> {
  const slug = overrides.slug ?? `page-${unique()}`;
  const { identifiers } = await t.dataSource.getRepository<Page>('pages').insert({ slug, title: overrides.title ?? slug, tags: overrides.tags ?? [] });
  return { id: identifiers[0].id as number, slug };
}

export interface RevisionOverrides {
  body?: string;
  /** Who wrote it; a new participant if not given. */
  author?: Ref;
  /** Whether it becomes the page's current text (the default), as a save would make it. */
  current?: boolean;
}

/** A revision of a page, with no word counts or change-log entry (saving through the service makes those). */
export async function makeRevision(t: TestApp, page: Ref, overrides: RevisionOverrides = {}): Promise<{ id: number }> {
  const { identifiers } = await t.dataSource.getRepository<Revision>('revisions').insert({
    pageId: idOf(page),
    body: overrides.body ?? 'Some text',
    authorId: overrides.author === undefined ? (await makePerson(t)).id : idOf(overrides.author),
  });
  const id = identifiers[0].id as number;
  // Plain SQL: the repository's update would also move the page's updated_at, which a save does not.
  if (overrides.current ?? true) await t.dataSource.query('UPDATE pages SET current_revision_id = $1 WHERE id = $2', [id, idOf(page)]);
  return { id };
}

/** A seeded or made page's id, by its slug. */
async function pageId(t: TestApp, page: Ref | string): Promise<number> {
  if (typeof page !== 'string') return idOf(page);
  return (await t.dataSource.getRepository<Page>('pages').findOneByOrFail({ slug: page })).id;
}

export interface ThreadOverrides {
  /** A page, its id or its slug; the seeded "emerging-issues" page if not given. */
  page?: Ref | string;
  /** Who started it; a new participant if not given. */
  starter?: Ref;
  subject?: string;
  body?: string;
  tags?: string[];
  recommendation?: Ref;
  createdAt?: Date;
}

export async function makeThread(t: TestApp, overrides: ThreadOverrides = {}): Promise<{ id: number }> {
  const { identifiers } = await t.dataSource.getRepository<Thread>('threads').insert({
    pageId: await pageId(t, overrides.page ?? 'emerging-issues'),
    starterId: overrides.starter === undefined ? (await makePerson(t)).id : idOf(overrides.starter),
    subject: overrides.subject ?? `Thread ${unique()}`,
    body: overrides.body ?? 'Opening post',
    tags: overrides.tags ?? [],
    recommendationId: overrides.recommendation === undefined ? null : idOf(overrides.recommendation),
    ...(overrides.createdAt && { createdAt: overrides.createdAt }),
  });
  return { id: identifiers[0].id as number };
}

export interface ReplyOverrides {
  /** Who wrote it; a new participant if not given. */
  author?: Ref;
  /** The reply it answers (its depth follows from it); the opening post if not given. */
  parent?: Ref;
  body?: string;
  /** Deleted by its author at this moment. */
  deletedAt?: Date;
}

export async function makeReply(t: TestApp, thread: Ref, overrides: ReplyOverrides = {}): Promise<{ id: number }> {
  const { identifiers } = await t.dataSource.getRepository<Reply>('replies').insert({
    threadId: idOf(thread),
    authorId: overrides.author === undefined ? (await makePerson(t)).id : idOf(overrides.author),
    parentReplyId: overrides.parent === undefined ? null : idOf(overrides.parent),
    body: overrides.body ?? 'A reply',
    deletedAt: overrides.deletedAt ?? null,
  });
  return { id: identifiers[0].id as number };
}

export interface AreaOverrides {
  slug?: string;
  title?: string;
  /** After the seeded areas if not given. */
  position?: number;
  archivedAt?: Date;
}

export async function makeArea(t: TestApp, overrides: AreaOverrides = {}): Promise<{ id: number; slug: string }> {
  const slug = overrides.slug ?? `area-${unique()}`;
  const { identifiers } = await t.dataSource.getRepository<Area>('areas').insert({
    slug,
    title: overrides.title ?? slug,
    position: overrides.position ?? 1000,
    archivedAt: overrides.archivedAt ?? null,
  });
  return { id: identifiers[0].id as number, slug };
}

export interface RecommendationOverrides {
  text?: string;
  /** At the end of the area's list if not given. */
  position?: number;
  status?: RecommendationStatus | `${RecommendationStatus}`;
  mergedInto?: Ref | null;
}

export async function makeRecommendation(t: TestApp, area: Ref, overrides: RecommendationOverrides = {}): Promise<{ id: number }> {
  const { identifiers } = await t.dataSource.getRepository<Recommendation>('recommendations').insert({
    areaId: idOf(area),
    position: overrides.position ?? 999,
    text: overrides.text ?? `Recommendation ${unique()}`,
    status: (overrides.status ?? 'active') as RecommendationStatus,
    mergedIntoId: overrides.mergedInto ? idOf(overrides.mergedInto) : null,
  });
  return { id: identifiers[0].id as number };
}

/** A star (a mark that a recommendation is realistic) by `person`, with no change-log entry. */
export async function makeStar(t: TestApp, recommendation: Ref, person: Ref, reason = 'Realistic'): Promise<{ id: number }> {
  const { identifiers } = await t.dataSource.getRepository<Star>('stars').insert({ recommendationId: idOf(recommendation), userId: idOf(person), reason });
  return { id: identifiers[0].id as number };
}
