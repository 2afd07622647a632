import type { AppLoadContext } from 'react-router';
import { query } from './load-context';
import { graphql } from './graphql';

/*
 * /areas.csv and /areas.json: every area (archived ones flagged) and every recommendation in it,
 * whatever its status, with its stars: what a moderator hands to a programme board.
 */

const EXPORT_QUERY = graphql(`
  query RecommendationExport {
    recommendationExport {
      id slug title description position archivedAt
      exportRecommendations {
        id position text status createdAt starCount
        mergedInto { id }
        stars { reason createdAt user { username displayName } }
      }
    }
  }
`);

export interface ExportedStar {
  username: string;
  displayName: string;
  reason: string;
  createdAt: string;
}

export interface ExportedRecommendation {
  id: number;
  position: number;
  text: string;
  status: 'active' | 'archived' | 'merged';
  mergedIntoId: number | null;
  createdAt: string;
  starCount: number;
  permalink: string;
  stars: ExportedStar[];
}

export interface ExportedArea {
  id: number;
  slug: string;
  title: string;
  description: string;
  position: number;
  archived: boolean;
  archivedAt: string | null;
  url: string;
  recommendations: ExportedRecommendation[];
}

/** Every area and recommendation, with absolute links on this site's origin. */
export async function loadExport(context: AppLoadContext, request: Request): Promise<ExportedArea[]> {
  const origin = new URL(request.url).origin;
  const { recommendationExport } = await query(context, EXPORT_QUERY);
  return recommendationExport.map((area) => ({
    id: area.id,
    slug: area.slug,
    title: area.title,
    description: area.description,
    position: area.position,
    archived: area.archivedAt !== null,
    archivedAt: area.archivedAt,
    url: `${origin}/areas/${area.slug}`,
    recommendations: area.exportRecommendations.map((recommendation) => ({
      id: recommendation.id,
      position: recommendation.position,
      text: recommendation.text,
      status: recommendation.status.toLowerCase() as ExportedRecommendation['status'],
      mergedIntoId: recommendation.mergedInto?.id ?? null,
      createdAt: recommendation.createdAt,
      starCount: recommendation.starCount,
      permalink: `${origin}/recommendations/${recommendation.id}`,
      stars: recommendation.stars.map((star) => ({ username: star.user.username, displayName: star.user.displayName, reason: star.reason, createdAt: star.createdAt })),
    })),
  }));
}

export const CSV_COLUMNS = [
  'area_position',
  'area',
  'area_slug',
  'area_archived',
  'recommendation_id',
  'position',
  'text',
  'status',
  'merged_into_id',
  'star_count',
  'starred_by',
  'reasons',
  'permalink',
] as const;

/**
 * A spreadsheet would run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula: such cells get a leading apostrophe, which spreadsheets show as text.
 */
export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? '' : typeof value === 'string' ? defuse(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A header row, then one row per recommendation (areas with none get a row with the recommendation
 * columns empty, so every area is listed). Starrers are usernames joined by "; "; reasons are one
 * line per star, "username: reason", in the order of the starrers. Lines end with CRLF.
 */
export function toCsv(areas: ExportedArea[]): string {
  const rows: (string | number | boolean | null)[][] = [[...CSV_COLUMNS]];
  for (const area of areas) {
    const areaCells = [area.position, area.title, area.slug, area.archived ? 'yes' : 'no'];
    if (area.recommendations.length === 0) rows.push([...areaCells, null, null, null, null, null, null, null, null, null]);
    for (const recommendation of area.recommendations) {
      rows.push([
        ...areaCells,
        recommendation.id,
        recommendation.position,
        recommendation.text,
        recommendation.status,
        recommendation.mergedIntoId,
        recommendation.starCount,
        recommendation.stars.map((star) => star.username).join('; '),
        recommendation.stars.map((star) => `${star.username}: ${star.reason}`).join('\n'),
        recommendation.permalink,
      ]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** "commonplace-recommendations-2026-12-02" */
export function exportFilename(extension: 'csv' | 'json'): string {
  return `commonplace-recommendations-${new Date().toISOString().slice(0, 10)}.${extension}`;
}
