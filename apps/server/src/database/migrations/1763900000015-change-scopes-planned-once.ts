import { MigrationInterface, QueryRunner } from 'typeorm';
import { PAGES_CONCERNED } from './1763900000013-scoped-data-changes';

/** More pages than this in one statement and the change is announced as site-wide instead (as in ScopedDataChanges). */
const MOST_PAGES_NAMED = 200;

/** Tables whose rows concern the page they name in `page_id` (ScopedDataChanges: `SELECT page_id FROM changed`). */
const BY_PAGE_ID = ['revisions', 'changes', 'threads'];

/**
 * The pages a change to `pages` concerns (ScopedDataChanges), worked out more cheaply; every save
 * of an edit updates its page, so this ran on every save and was most of its database time (about
 * 7 ms of a 9 ms statement, measured with EXPLAIN ANALYZE on the seeded wiki):
 *
 * - The generic function builds its queries as text and EXECUTEs them, so PostgreSQL planned the
 *   four-way union below afresh on every save. Here they are static PL/pgSQL, planned once per
 *   connection and kept.
 * - It copied whole rows (search vectors included) out of the transition tables; only id and slug
 *   are needed.
 * - An update that keeps every page's slug, title and deletion (a save, tags, featuring) changes
 *   nothing other pages show of it: pages linking to it render the link by whether it exists,
 *   pages it links to list its title among their backlinks. Such an update concerns only the pages
 *   updated, which needs no look-up at all. Any other update takes the whole query, as before.
 *
 * Revisions, changes and threads (every save adds a revision and a change) concern the pages in
 * their `page_id`, worked out by a second static function.
 *
 * The payloads are unchanged (`table:id,…`; `table` for more than 200 pages, a row with no page or
 * a TRUNCATE).
 */
export class ChangeScopesPlannedOnce1763900000015 implements MigrationInterface {
  name = 'ChangeScopesPlannedOnce1763900000015';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The pages whose views show something of pages with these ids and slugs: the same query as
      -- ScopedDataChanges' for pages, over arrays instead of the transition tables.
      CREATE FUNCTION commonplace_pages_concerned(changed_ids integer[], changed_slugs text[]) RETURNS integer[]
      LANGUAGE plpgsql AS $$
      DECLARE
        page_ids integer[];
      BEGIN
        SELECT array_agg(DISTINCT page_id) INTO page_ids FROM (
          SELECT unnest(changed_ids)
          UNION SELECT l.from_page_id FROM page_links l
            WHERE l.to_slug IN (SELECT unnest(changed_slugs) UNION SELECT r.slug FROM page_redirects r WHERE r.page_id = ANY (changed_ids))
          UNION SELECT p.id FROM page_links l JOIN pages p ON p.slug = l.to_slug WHERE l.from_page_id = ANY (changed_ids)
          UNION SELECT r.page_id FROM page_links l JOIN page_redirects r ON r.slug = l.to_slug WHERE l.from_page_id = ANY (changed_ids)
        ) concerned (page_id);
        RETURN page_ids;
      END $$;

      CREATE FUNCTION commonplace_notify_pages_table_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids integer[];
        slugs text[];
        page_ids integer[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
          RETURN NULL;
        END IF;
        -- Each branch names only the transition tables its trigger has.
        IF TG_OP = 'UPDATE' THEN
          IF NOT EXISTS (
            SELECT 1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
            WHERE n.id IS NULL OR (n.slug, n.title, n.deleted_at) IS DISTINCT FROM (o.slug, o.title, o.deleted_at)
          ) THEN
            SELECT array_agg(id) INTO page_ids FROM new_rows;
          ELSE
            SELECT array_agg(id), array_agg(slug) INTO ids, slugs FROM (SELECT id, slug FROM new_rows UNION ALL SELECT id, slug FROM old_rows) changed;
            page_ids := commonplace_pages_concerned(ids, slugs);
          END IF;
        ELSIF TG_OP = 'INSERT' THEN
          SELECT array_agg(id), array_agg(slug) INTO ids, slugs FROM new_rows;
          IF ids IS NOT NULL THEN page_ids := commonplace_pages_concerned(ids, slugs); END IF;
        ELSE
          SELECT array_agg(id), array_agg(slug) INTO ids, slugs FROM old_rows;
          IF ids IS NOT NULL THEN page_ids := commonplace_pages_concerned(ids, slugs); END IF;
        END IF;
        -- No rows changed: nothing to announce.
        IF page_ids IS NULL THEN RETURN NULL; END IF;
        IF cardinality(page_ids) > ${MOST_PAGES_NAMED} THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
        ELSE
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME || ':' || array_to_string(page_ids, ','));
        END IF;
        RETURN NULL;
      END $$;


      -- The pages named in page_id of the rows changed; any row without one makes it site-wide.
      CREATE FUNCTION commonplace_notify_rows_by_page_id() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        page_ids integer[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
          RETURN NULL;
        END IF;
        -- Each branch names only the transition tables its trigger has.
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT page_id) INTO page_ids FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT page_id) INTO page_ids FROM old_rows;
        ELSE
          SELECT array_agg(DISTINCT page_id) INTO page_ids FROM (SELECT page_id FROM new_rows UNION ALL SELECT page_id FROM old_rows) changed;
        END IF;
        -- No rows changed: nothing to announce.
        IF page_ids IS NULL THEN RETURN NULL; END IF;
        IF array_position(page_ids, NULL) IS NOT NULL OR cardinality(page_ids) > ${MOST_PAGES_NAMED} THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
        ELSE
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME || ':' || array_to_string(page_ids, ','));
        END IF;
        RETURN NULL;
      END $$;
    `);
    await this.replaceTriggers(db, 'pages', 'commonplace_notify_pages_table_changed()');
    for (const table of BY_PAGE_ID) await this.replaceTriggers(db, table, 'commonplace_notify_rows_by_page_id()');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['pages', ...BY_PAGE_ID]) await this.replaceTriggers(db, table, `commonplace_notify_pages_changed('${PAGES_CONCERNED[table]!.replace(/'/g, "''")}')`);
    await db.query(`
      DROP FUNCTION commonplace_notify_rows_by_page_id();
      DROP FUNCTION commonplace_notify_pages_table_changed();
      DROP FUNCTION commonplace_pages_concerned(integer[], text[]);
    `);
  }

  /** The table's four change triggers (as ScopedDataChanges names them), calling `call`. */
  private async replaceTriggers(db: QueryRunner, table: string, call: string): Promise<void> {
    await db.query(`
      DROP TRIGGER ${table}_inserted ON ${table}; DROP TRIGGER ${table}_updated ON ${table};
      DROP TRIGGER ${table}_deleted ON ${table}; DROP TRIGGER ${table}_truncated ON ${table};
      CREATE TRIGGER ${table}_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${call};
      CREATE TRIGGER ${table}_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${call};
      CREATE TRIGGER ${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${call};
      CREATE TRIGGER ${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${call};
    `);
  }
}
