import type { EntityManager } from 'typeorm';

/**
 * The page whose text shows the recommendation areas (its markdown has `{{recommendations}}`;
 * "Emerging issues" in the seed): curation and stars join its timeline, and threads about a
 * recommendation are started on it. The oldest such page, if several do.
 */
export async function recommendationsPageId(db: Pick<EntityManager, 'query'>): Promise<number | null> {
  const rows: { id: number }[] = await db.query(
    `SELECT p.id FROM pages p JOIN revisions r ON r.id = p.current_revision_id
     WHERE p.deleted_at IS NULL AND r.body LIKE '%{{recommendations}}%' ORDER BY p.id LIMIT 1`,
  );
  return rows[0]?.id ?? null;
}
