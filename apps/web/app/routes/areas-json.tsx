import { exportFilename, loadExport } from '../areas-export.server';
import type { Route } from './+types/areas-json';

/** /areas.json: every area and recommendation with its stars, as structured data. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const areas = await loadExport(context, request);
  const body = { generatedAt: new Date().toISOString(), areas };
  return new Response(JSON.stringify(body, null, 2) + '\n', {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFilename('json')}"`,
      'Cache-Control': 'no-cache',
    },
  });
}
