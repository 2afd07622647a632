import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search (English stemming) over pages (title and current text), recommendations,
 * threads (subject and opening post) and replies, plus word-prefix matching on page titles and
 * thread subjects ("emer" finds "Emerging issues"). Titles weigh more than text ('A' over 'B').
 *
 * Page text lives in revisions, so a page's vector is kept by a trigger that reads its current
 * revision whenever the title or the current revision changes (every save sets
 * current_revision_id). The other tables' vectors are generated columns. Every vector has a GIN
 * index. No new table is added, so the data-changed notifications need nothing new.
 */
export class Search1763900000004 implements MigrationInterface {
  name = 'Search1763900000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Markdown to the words worth indexing: drops the recommendations marker and link targets
      -- (the text parser skips markup characters by itself).
      CREATE FUNCTION commonplace_search_text(markdown text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN regexp_replace(coalesce(markdown, ''), '\\{\\{[a-z]+\\}\\}|\\]\\([^)\\s]*\\)', ' ', 'g');

      ALTER TABLE pages
        ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN title_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED;

      CREATE FUNCTION commonplace_page_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('english', NEW.title), 'A') ||
          setweight(to_tsvector('english', commonplace_search_text((SELECT body FROM revisions WHERE id = NEW.current_revision_id))), 'B');
        RETURN NEW;
      END $$;
      CREATE TRIGGER pages_search_vector BEFORE INSERT OR UPDATE OF title, current_revision_id ON pages
        FOR EACH ROW EXECUTE FUNCTION commonplace_page_search_vector();
      -- Backfill: naming the column in SET fires the trigger for every existing page.
      UPDATE pages SET title = title;

      ALTER TABLE recommendations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (setweight(to_tsvector('english', commonplace_search_text(text)), 'A')) STORED;

      ALTER TABLE threads
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
          (setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', commonplace_search_text(body)), 'B')) STORED,
        ADD COLUMN subject_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', subject)) STORED;

      ALTER TABLE replies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (setweight(to_tsvector('english', commonplace_search_text(body)), 'B')) STORED;

      -- fastupdate off: a write updates the index at once instead of queueing in a pending list
      -- that every search must scan until vacuum merges it. Reads far outnumber writes here.
      CREATE INDEX pages_search_idx ON pages USING gin (search_vector) WITH (fastupdate = off);
      CREATE INDEX pages_title_words_idx ON pages USING gin (title_words) WITH (fastupdate = off);
      CREATE INDEX recommendations_search_idx ON recommendations USING gin (search_vector) WITH (fastupdate = off);
      CREATE INDEX threads_search_idx ON threads USING gin (search_vector) WITH (fastupdate = off);
      CREATE INDEX threads_subject_words_idx ON threads USING gin (subject_words) WITH (fastupdate = off);
      CREATE INDEX replies_search_idx ON replies USING gin (search_vector) WITH (fastupdate = off);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE replies DROP COLUMN search_vector;
      ALTER TABLE threads DROP COLUMN subject_words, DROP COLUMN search_vector;
      ALTER TABLE recommendations DROP COLUMN search_vector;
      DROP TRIGGER pages_search_vector ON pages;
      DROP FUNCTION commonplace_page_search_vector();
      ALTER TABLE pages DROP COLUMN title_words, DROP COLUMN search_vector;
      DROP FUNCTION commonplace_search_text(text);
    `);
  }
}
