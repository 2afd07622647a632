import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { offsetCursor, readOffsetCursor } from '../common/connection';
import { SearchConnection, SearchKind, SearchResult } from './search.models';

export interface SearchOptions {
  kind?: SearchKind | null;
  areaSlug?: string | null;
  first?: number;
  after?: string | null;
}

/** Longer queries are cut here: enough for any real question, and it bounds the work. */
const MAX_QUERY_LENGTH = 256;
const MAX_FIRST = 50;
/** Words of the query that title prefix matching uses, at most. */
const MAX_PREFIX_WORDS = 8;

/**
 * Matches in snippets are wrapped in these private-use characters by ts_headline, then the
 * snippet is HTML-escaped and they become <mark>…</mark>. The text has them removed first
 * (translate, below), so it cannot forge a mark.
 */
const MARK_START = '\uE000';
const MARK_END = '\uE001';
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=30, MinWords=12, ShortWord=3, FragmentDelimiter=" … "`;

/**
 * The query as full-text words and as title prefixes, each computed once per search (an InitPlan)
 * rather than once per row, and still usable by the GIN indexes.
 */
const WORDS = `(SELECT words FROM q)`;
const PREFIX = `(SELECT prefix FROM q)`;
const LEXEMES = `(SELECT lexemes FROM q)`;
/** Characters of a text given to ts_headline at most, and how many of them come before the first match. */
const EXCERPT = 1000;
const EXCERPT_BEFORE = 200;
/** A title that matches by prefix outranks any text match (ts_rank with normalisation 1 stays well below 1). */
const TITLE_BONUS = 1;
/** The area filter, when there is one: OR stops at the first true, so without a filter this costs nothing. */
const IN_AREA = (areaId: string) => `($4::text IS NULL OR ${areaId} = (SELECT id FROM areas WHERE slug = $4))`;

/*
 * One statement: every match with its rank (pages not deleted; threads and replies only on such
 * pages, and not hidden by a moderator; replies not deleted by their authors, whose text is cleared
 * on deletion anyway; active recommendations), filtered by kind and area, then the total and one slice in rank
 * order, with titles, areas and snippets for that slice only (ts_headline is the costly part).
 * A thread's area is its recommendation's, else its page's; a reply's is its thread's.
 *
 * It runs as a named prepared statement, so each connection reuses one plan (PostgreSQL settles on
 * a generic plan after five runs): planning this statement costs more than running it for most
 * queries. Nothing in the plan needs the values: the query words are InitPlans and the kind
 * filter turns whole branches off at run time.
 */
const SEARCH_SQL = `
WITH q AS MATERIALIZED (
  SELECT websearch_to_tsquery('english', $1) AS words, to_tsquery('simple', $2) AS prefix,
         -- The query's words, stemmed and as typed, to find where in a text the snippet should come from.
         tsvector_to_array(to_tsvector('english', $1)) || tsvector_to_array(to_tsvector('simple', $1)) AS lexemes
),
matches AS (
  SELECT 1 AS kind_order, p.id,
         ts_rank(p.search_vector, ${WORDS}, 1) + CASE WHEN p.title_words @@ ${PREFIX} THEN ${TITLE_BONUS} ELSE 0 END AS rank
    FROM pages p
   WHERE coalesce($3, 'PAGE') = 'PAGE' AND p.deleted_at IS NULL
     AND (p.search_vector @@ ${WORDS} OR p.title_words @@ ${PREFIX})
     AND ${IN_AREA('p.area_id')}
  UNION ALL
  SELECT 2, r.id, ts_rank(r.search_vector, ${WORDS}, 1)
    FROM recommendations r
   WHERE coalesce($3, 'RECOMMENDATION') = 'RECOMMENDATION' AND r.status = 'active'
     AND r.search_vector @@ ${WORDS}
     AND ${IN_AREA('r.area_id')}
  UNION ALL
  SELECT 3, t.id, ts_rank(t.search_vector, ${WORDS}, 1) + CASE WHEN t.subject_words @@ ${PREFIX} THEN ${TITLE_BONUS} ELSE 0 END
    FROM threads t
    JOIN pages tp ON tp.id = t.page_id AND tp.deleted_at IS NULL
   WHERE coalesce($3, 'THREAD') = 'THREAD' AND t.hidden_at IS NULL
     AND (t.search_vector @@ ${WORDS} OR t.subject_words @@ ${PREFIX})
     AND ${IN_AREA('coalesce((SELECT area_id FROM recommendations WHERE id = t.recommendation_id), tp.area_id)')}
  UNION ALL
  SELECT 4, r.id, ts_rank(r.search_vector, ${WORDS}, 1)
    FROM replies r
    JOIN threads t ON t.id = r.thread_id
    JOIN pages tp ON tp.id = t.page_id AND tp.deleted_at IS NULL
   WHERE coalesce($3, 'REPLY') = 'REPLY' AND r.hidden_at IS NULL AND r.deleted_at IS NULL AND t.hidden_at IS NULL
     AND r.search_vector @@ ${WORDS}
     AND ${IN_AREA('coalesce((SELECT area_id FROM recommendations WHERE id = t.recommendation_id), tp.area_id)')}
),
slice AS (
  SELECT * FROM matches ORDER BY rank DESC, kind_order, id LIMIT $5 OFFSET $6
)
SELECT (SELECT count(*) FROM matches)::int AS total,
       s.kind_order, s.id, s.rank,
       a.title AS area_title,
       coalesce(p.title, rec.text, t.subject, rt.subject) AS title,
       p.slug AS page_slug,
       r.thread_id AS reply_thread_id,
       ts_headline('english', excerpt.text, coalesce(${WORDS} || ${PREFIX}, ${WORDS}), $7) AS snippet
  FROM (SELECT 1) one
  LEFT JOIN slice s ON true
  LEFT JOIN pages p ON s.kind_order = 1 AND p.id = s.id
  LEFT JOIN revisions rev ON rev.id = p.current_revision_id
  LEFT JOIN recommendations rec ON s.kind_order = 2 AND rec.id = s.id
  LEFT JOIN threads t ON s.kind_order = 3 AND t.id = s.id
  LEFT JOIN replies r ON s.kind_order = 4 AND r.id = s.id
  LEFT JOIN threads rt ON rt.id = r.thread_id
  LEFT JOIN pages tp ON tp.id = coalesce(t.page_id, rt.page_id)
  LEFT JOIN recommendations tr ON tr.id = coalesce(t.recommendation_id, rt.recommendation_id)
  LEFT JOIN areas a ON a.id = coalesce(p.area_id, rec.area_id, tr.area_id, tp.area_id)
  -- OFFSET 0 keeps each step computed once, rather than inlined into every use.
  CROSS JOIN LATERAL (SELECT coalesce(rev.body, rec.text, t.body, r.body) AS text OFFSET 0) doc
  -- ts_headline reads all of the text it is given, so a long text is cut to an excerpt from just
  -- before the first place a word of the query appears (a stem or a word as typed, in lower,
  -- initial or upper case); when none is found it gets the whole text.
  CROSS JOIN LATERAL (
    SELECT CASE WHEN length(doc.text) > ${EXCERPT} THEN (
             SELECT min(nullif(strpos(doc.text, form), 0))
               FROM unnest(${LEXEMES}) lexeme, LATERAL (VALUES (lexeme), (initcap(lexeme)), (upper(lexeme))) forms (form)
           ) END AS at
    OFFSET 0
  ) first
  CROSS JOIN LATERAL (
    SELECT translate(CASE WHEN first.at IS NULL THEN doc.text ELSE substr(doc.text, greatest(1, first.at - ${EXCERPT_BEFORE}), ${EXCERPT}) END,
                     '${MARK_START}${MARK_END}', '') AS text
  ) excerpt
 ORDER BY s.rank DESC, s.kind_order, s.id`;

interface Row {
  total: number;
  kind_order: number | null;
  id: number | null;
  rank: number;
  area_title: string | null;
  title: string;
  page_slug: string | null;
  reply_thread_id: number | null;
  snippet: string | null;
}

const KINDS: Record<number, SearchKind> = {
  1: SearchKind.PAGE,
  2: SearchKind.RECOMMENDATION,
  3: SearchKind.THREAD,
  4: SearchKind.REPLY,
};

/** Full-text search over pages, recommendations, threads and replies (PostgreSQL, English stemming). */
@Injectable()
export class SearchService {
  constructor(private readonly dataSource: DataSource) {}

  async search(text: string, options: SearchOptions = {}): Promise<SearchConnection> {
    // PostgreSQL refuses NUL in text; control characters mean nothing in a query either.
    // Cut before normalising (the result is cut to MAX_QUERY_LENGTH anyway): NFKC over a huge
    // variable, reused by many aliases, would hold the server's one thread.
    const query = text
      .slice(0, MAX_QUERY_LENGTH * 4)
      .normalize('NFKC')
      .replace(/[\s\p{Cc}]+/gu, ' ')
      .trim()
      .slice(0, MAX_QUERY_LENGTH);
    const first = Math.min(Math.max(Math.trunc(options.first ?? 20), 0), MAX_FIRST);
    const offset = parseCursor(options.after);
    if (query === '') return connection([], offset, 0);

    // TypeORM cannot name a statement; its pg pool can (each connection then prepares it once).
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<Row>({
      name: 'commonplace_search',
      text: SEARCH_SQL,
      values: [query, prefixQuery(query), options.kind ?? null, options.areaSlug || null, first, offset, HEADLINE_OPTIONS],
    });
    const total = rows[0]?.total ?? 0;
    const results = rows.filter((row) => row.id !== null).map(toResult);
    return connection(results, offset, total);
  }
}

/**
 * The query's words as prefixes for titles ("emer iss" → emer:* & iss:*), or null. Only letters
 * and digits reach to_tsquery, so nothing in it can be an operator. Queries using websearch
 * syntax (quotes, `-word`, `or`) are left to the full-text match, whose meaning they would change.
 */
export function prefixQuery(query: string): string | null {
  if (/["“”]|(^|\s)-|(^|\s)or(\s|$)/i.test(query)) return null;
  const words = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length >= 2).slice(0, MAX_PREFIX_WORDS);
  return words.length === 0 ? null : words.map((word) => `${word}:*`).join(' & ');
}

/**
 * The snippet as HTML: markdown syntax left out (ts_headline gets the text as written: cleaning
 * every result's whole text in SQL cost more than the headline itself), the text escaped, then
 * the match markers turned into <mark> elements (only in pairs).
 */
export function snippetHtml(headline: string): string {
  const escaped = headline
    .replace(/\{\{[a-z]+\}\}/g, ' ') // where a page shows the recommendations
    .replace(/\]\([^)\s]*\)?/g, ' ') // link targets
    .replace(/^[ \t]*(?:>[ \t]*)*(?:(?:[-+]|\d+[.)])[ \t]+)?/gm, '') // quote and list markers
    .replace(/[[\]*_#`|~]+/g, ' ') // emphasis, headings, wiki links, code, tables
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  return escaped.replace(new RegExp(`${MARK_START}([^${MARK_START}${MARK_END}]*)${MARK_END}`, 'g'), '<mark>$1</mark>').replace(/[\uE000\uE001]/g, '');
}

function toResult(row: Row): SearchResult {
  const kind = KINDS[row.kind_order!];
  const id = row.id!;
  const url =
    kind === SearchKind.PAGE
      ? `/wiki/${encodeURIComponent(row.page_slug!)}`
      : kind === SearchKind.RECOMMENDATION
        ? `/recommendations/${id}`
        : kind === SearchKind.THREAD
          ? `/threads/${id}`
          : `/threads/${row.reply_thread_id}#reply-${id}`;
  return {
    kind,
    id,
    title: row.title,
    url,
    snippet: snippetHtml(row.snippet ?? ''),
    areaTitle: row.area_title,
    rank: row.rank,
  };
}

/** A cursor we did not make starts from the beginning rather than failing: search never errors on input. */
function parseCursor(after: string | null | undefined): number {
  const position = after ? readOffsetCursor('search', after) : null;
  return position === null ? 0 : position + 1;
}

function connection(results: SearchResult[], offset: number, total: number): SearchConnection {
  const edges = results.map((node, index) => ({
    cursor: offsetCursor('search', offset + index),
    node,
  }));
  return {
    edges,
    totalCount: total,
    pageInfo: {
      hasNextPage: offset + results.length < total,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
