import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For each table pages show: the wiki pages whose views a change to some of its rows can alter,
 * as a query over `changed` (the statement's changed rows, old and new). Null for tables whose rows
 * show on pages all over the site (people's names, recommendation areas, stars, the audit log):
 * a change to them concerns every page.
 *
 * A page's view shows its own rows, its revisions, the latest change to it, its threads (with their
 * reply counts and last posters), who watches it, and its backlinks (the titles of pages linking to
 * it); its text's wiki links render by whether their target exists. So a change to page P also
 * concerns the pages P links to (their backlinks show P's title) and the pages linking to P's slugs
 * (their links to P turn from missing to existing, or back).
 */
export const PAGES_CONCERNED: Record<string, string | null> = {
  users: null,
  areas: null,
  recommendations: null,
  stars: null,
  audit_entries: null,
  pages: `
    SELECT id FROM changed
    UNION SELECT l.from_page_id FROM page_links l
      WHERE l.to_slug IN (SELECT slug FROM changed UNION SELECT r.slug FROM page_redirects r WHERE r.page_id IN (SELECT id FROM changed))
    UNION SELECT p.id FROM page_links l JOIN pages p ON p.slug = l.to_slug WHERE l.from_page_id IN (SELECT id FROM changed)
    UNION SELECT r.page_id FROM page_links l JOIN page_redirects r ON r.slug = l.to_slug WHERE l.from_page_id IN (SELECT id FROM changed)`,
  page_redirects: `
    SELECT page_id FROM changed
    UNION SELECT l.from_page_id FROM page_links l WHERE l.to_slug IN (SELECT slug FROM changed)`,
  page_links: `
    SELECT from_page_id FROM changed
    UNION SELECT p.id FROM pages p WHERE p.slug IN (SELECT to_slug FROM changed)
    UNION SELECT r.page_id FROM page_redirects r WHERE r.slug IN (SELECT to_slug FROM changed)`,
  revisions: 'SELECT page_id FROM changed',
  // A change with no page (to a recommendation area) shows in lists everywhere: null makes it site-wide.
  changes: 'SELECT page_id FROM changed',
  threads: 'SELECT page_id FROM changed',
  replies: 'SELECT t.page_id FROM threads t WHERE t.id IN (SELECT thread_id FROM changed)',
  reply_edits: 'SELECT t.page_id FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.id IN (SELECT reply_id FROM changed)',
  valuable_votes: `SELECT t.page_id FROM threads t
    WHERE t.id IN (SELECT thread_id FROM changed UNION SELECT r.thread_id FROM replies r WHERE r.id IN (SELECT reply_id FROM changed))`,
  flags: `SELECT t.page_id FROM threads t
    WHERE t.id IN (SELECT thread_id FROM changed UNION SELECT r.thread_id FROM replies r WHERE r.id IN (SELECT reply_id FROM changed))`,
  // An area watch has neither: null, site-wide.
  watches: 'SELECT coalesce(w.page_id, t.page_id) FROM changed w LEFT JOIN threads t ON t.id = w.thread_id',
};

/** More pages than this in one statement and the change is announced as site-wide instead. */
const MOST_PAGES_NAMED = 200;

/**
 * The change notifications name the pages a change concerns, so each server process drops only what
 * those pages show instead of its whole read cache (DataVersion). The payload is `table` for a change
 * that concerns every page, or `table:id,id,…` for one that concerns only those pages. Statement
 * triggers with transition tables: one notification per statement, whatever the number of rows, and
 * none for a statement that changed nothing. Whenever the pages cannot be worked out (rows whose
 * thread is already gone, too many pages, TRUNCATE) the change is announced as site-wide, so a
 * mistake here costs cache hits, never a stale page.
 */
export class ScopedDataChanges1763900000013 implements MigrationInterface {
  name = 'ScopedDataChanges1763900000013';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION commonplace_notify_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed_count bigint;
        page_ids integer[];
        rows_sql text := CASE WHEN TG_OP = 'UPDATE' THEN 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows'
                              WHEN TG_OP = 'INSERT' THEN 'SELECT * FROM new_rows' ELSE 'SELECT * FROM old_rows' END;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
          RETURN NULL;
        END IF;
        EXECUTE 'WITH changed AS (' || rows_sql || ') SELECT count(*) FROM changed' INTO changed_count;
        IF changed_count = 0 THEN RETURN NULL; END IF;
        IF TG_NARGS = 0 THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
          RETURN NULL;
        END IF;
        EXECUTE 'WITH changed AS (' || rows_sql || ') SELECT array_agg(DISTINCT page_id) FROM (' || TG_ARGV[0] || ') concerned (page_id)' INTO page_ids;
        IF page_ids IS NULL OR array_position(page_ids, NULL) IS NOT NULL OR cardinality(page_ids) > ${MOST_PAGES_NAMED} THEN
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
        ELSE
          PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME || ':' || array_to_string(page_ids, ','));
        END IF;
        RETURN NULL;
      END $$;
    `);
    for (const [table, concerned] of Object.entries(PAGES_CONCERNED)) {
      await db.query(`DROP TRIGGER ${table}_data_changed ON ${table}`);
      const call = concerned === null ? 'commonplace_notify_pages_changed()' : `commonplace_notify_pages_changed(${quote(concerned)})`;
      await db.query(`
        CREATE TRIGGER ${table}_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${call};
        CREATE TRIGGER ${table}_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${call};
        CREATE TRIGGER ${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${call};
        CREATE TRIGGER ${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${call};
      `);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of Object.keys(PAGES_CONCERNED)) {
      await db.query(`
        DROP TRIGGER ${table}_inserted ON ${table}; DROP TRIGGER ${table}_updated ON ${table};
        DROP TRIGGER ${table}_deleted ON ${table}; DROP TRIGGER ${table}_truncated ON ${table};
        CREATE TRIGGER ${table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_data_changed();
      `);
    }
    await db.query('DROP FUNCTION commonplace_notify_pages_changed()');
  }
}

/** A trigger argument: a string literal. */
function quote(sql: string): string {
  return `'${sql.replace(/'/g, "''")}'`;
}
