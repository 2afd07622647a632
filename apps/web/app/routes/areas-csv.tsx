import { exportFilename, loadExport, toCsv } from '../areas-export.server';
import type { Route } from './+types/areas-csv';

/** /areas.csv: every area and recommendation with its stars, one row per recommendation (RFC 4180). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const csv = toCsv(await loadExport(context, request));
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${exportFilename('csv')}"`,
      'Cache-Control': 'no-cache',
    },
  });
}
