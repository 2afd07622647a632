import type { LoaderFunctionArgs } from 'react-router';
import { exportFilename, loadExport } from '../areas-export.server';

/** /areas.json: every area and recommendation with its stars, as structured data. */
export async function loader({ request, context }: LoaderFunctionArgs) {
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
