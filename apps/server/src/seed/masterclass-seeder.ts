import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { extractWikiLinks } from '@commonplace/markdown';
import { countWordChanges } from '@commonplace/word-diff';
import { DataSource, EntityManager } from 'typeorm';
import { User, UserRole } from '../accounts/user.entity';
import { Reply } from '../discussions/reply.entity';
import { Thread } from '../discussions/thread.entity';
import { Change, ChangeKind } from '../changes/change.entity';
import { Page } from '../pages/page.entity';
import { Revision } from '../pages/revision.entity';
import { Area } from '../recommendations/area.entity';
import { Recommendation } from '../recommendations/recommendation.entity';
import { Star } from '../recommendations/star.entity';
import {
  AREAS,
  EMERGING_ISSUES,
  EMERGING_ISSUES_ORIGINAL_BODY,
  HOME_PAGE,
  IMPORT_USER,
  READING_LIST_PAGE,
  SEED_USERS,
  STAR_UPDATE,
  THREADS,
  type SeedPage,
} from './masterclass-content';

/** The capture does not say who wrote the original list, nor when: this stands in, before the first thread (7 Nov 2008). */
export const ORIGINAL_LIST_TIME = new Date('2008-11-07T00:00:00.000Z');
export const ORIGINAL_LIST_SUMMARY =
  'The recommendations as the masterclass delegates raised them. Imported from the 2008 capture, which kept neither ' +
  'the author nor the time of this version: the date shown is a stand-in, before the first thread of 7 November 2008.';

/** Who wrote the pages that are new in Commonplace (Home, Reading list). */
export const TEAM_USER = { username: 'commonplace-team', displayName: 'Commonplace team', role: UserRole.Participant };

/** Loads the 2008 masterclass wiki into an empty database, once. */
@Injectable()
export class MasterclassSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Seeds when there are no pages yet; returns whether it did. Safe to call on every start. */
  async seedIfEmpty(): Promise<boolean> {
    return this.dataSource.transaction(async (db) => {
      const [{ exists }] = await db.query('SELECT EXISTS (SELECT 1 FROM pages) AS exists');
      if (exists) return false;
      await this.seed(db);
      return true;
    });
  }

  private async seed(db: EntityManager): Promise<void> {
    const users = new Map<string, User>();
    for (const person of [IMPORT_USER, ...SEED_USERS, TEAM_USER]) {
      const user = await db.save(db.create(User, { username: person.username, displayName: person.displayName, role: person.role as UserRole }));
      users.set(user.username, user);
    }
    const userId = (username: string) => users.get(username)!.id;

    const starred: Recommendation[] = [];
    for (const [areaIndex, seedArea] of AREAS.entries()) {
      const area = await db.save(
        db.create(Area, { slug: seedArea.slug, title: seedArea.title, description: seedArea.description, position: areaIndex + 1, createdAt: ORIGINAL_LIST_TIME }),
      );
      for (const [index, seedRecommendation] of seedArea.recommendations.entries()) {
        const recommendation = await db.save(
          db.create(Recommendation, { areaId: area.id, position: index + 1, text: seedRecommendation.text, createdAt: ORIGINAL_LIST_TIME }),
        );
        if (seedRecommendation.starred) starred.push(recommendation);
      }
    }

    const emergingIssues = await this.createPage(db, { ...EMERGING_ISSUES, body: EMERGING_ISSUES_ORIGINAL_BODY }, userId(IMPORT_USER.username), ORIGINAL_LIST_TIME, ORIGINAL_LIST_SUMMARY);

    const starTime = new Date(STAR_UPDATE.at);
    const davemiller = userId(STAR_UPDATE.username);
    await db.save(starred.map((recommendation) => db.create(Star, { recommendationId: recommendation.id, userId: davemiller, reason: STAR_UPDATE.reason, createdAt: starTime })));
    await db.save(
      db.create(Change, {
        pageId: emergingIssues.id,
        kind: ChangeKind.Stars,
        actorId: davemiller,
        note: STAR_UPDATE.note,
        details: { recommendationIds: starred.map((recommendation) => recommendation.id) },
        createdAt: starTime,
      }),
    );

    const now = new Date();
    const team = userId(TEAM_USER.username);
    for (const page of [HOME_PAGE, READING_LIST_PAGE]) {
      await this.createPage(db, page, team, now, 'Written for Commonplace.');
    }

    for (const seedThread of THREADS) {
      const thread = await db.save(
        db.create(Thread, {
          pageId: emergingIssues.id,
          subject: seedThread.subject,
          body: seedThread.body,
          starterId: userId(seedThread.starterUsername),
          tags: seedThread.tags,
          createdAt: new Date(seedThread.createdAt),
        }),
      );
      const saved: Reply[] = [];
      for (const seedReply of seedThread.replies) {
        saved.push(
          await db.save(
            db.create(Reply, {
              threadId: thread.id,
              parentReplyId: seedReply.parentIndex === null ? null : saved[seedReply.parentIndex].id,
              authorId: userId(seedReply.authorUsername),
              body: seedReply.body,
              createdAt: new Date(seedReply.createdAt),
            }),
          ),
        );
      }
    }
  }

  private async createPage(db: EntityManager, seedPage: SeedPage, authorId: number, at: Date, summary: string): Promise<Page> {
    const area = seedPage.areaSlug ? await db.findOneByOrFail(Area, { slug: seedPage.areaSlug }) : null;
    const page = await db.save(
      db.create(Page, { slug: seedPage.slug, title: seedPage.title, featured: seedPage.featured, tags: seedPage.tags, areaId: area?.id ?? null, createdAt: at, updatedAt: at }),
    );
    const { added, removed } = countWordChanges('', seedPage.body);
    const revision = await db.save(
      db.create(Revision, { pageId: page.id, body: seedPage.body, authorId, summary, wordsAdded: added, wordsRemoved: removed, createdAt: at }),
    );
    await db.update(Page, { id: page.id }, { currentRevisionId: revision.id, updatedAt: at });
    await db.save(db.create(Change, { pageId: page.id, kind: ChangeKind.Created, actorId: authorId, note: summary, revisionId: revision.id, createdAt: at }));
    const links = extractWikiLinks(seedPage.body);
    if (links.length > 0) {
      await db.query('INSERT INTO page_links (from_page_id, to_slug) SELECT $1, unnest($2::text[])', [page.id, links.map((link) => link.slug)]);
    }
    page.currentRevisionId = revision.id;
    return page;
  }
}
