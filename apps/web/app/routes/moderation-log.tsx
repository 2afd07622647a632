import { redirect } from 'react-router';
import { Pagination } from '../components/Pagination';
import { DateTime } from '../components/DateTime';
import { PersonName } from '../components/UserLink';
import { canCurate } from '../curation';
import { forbidden, query, signInPath } from '../load-context';
import type { Route } from './+types/moderation-log';
import { ViewerFields } from '../fragments';
import { graphql, type ResultOf } from '../graphql';

const PAGE_SIZE = 50;

const VIEWER = graphql(`
  query LogViewer { viewer { ...ViewerFields } }
`, [ViewerFields]);

const LOG = graphql(`
  query AuditLog($first: Int, $after: String) {
    auditLog(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id action subjectType subjectId subjectPath before after reason createdAt actor { username displayName } } }
    }
  }
`);

type Entry = ResultOf<typeof LOG>['auditLog']['edges'][number]['node'];

export async function loader({ request, context }: Route.LoaderArgs) {
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  if (!viewer) throw redirect(signInPath(request), 303);
  if (!canCurate(viewer)) throw forbidden();
  const after = new URL(request.url).searchParams.get('after');
  const { auditLog } = await query(
    context,
    LOG,
    { first: PAGE_SIZE, after },
    { cacheable: false, request },
  );
  return { log: auditLog, newest: !after };
}

/** "recommendation.moved" → "Recommendation moved". */
function describeAction(action: string): string {
  const [subject, verb] = action.split('.');
  const text = `${subject} ${(verb ?? '').replace(/-/g, ' ')}`.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A JSON value as short readable text: `title: "Old"; position: 3`. */
function describeValue(json: string | null): string {
  if (json === null) return '—';
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>)
        .map(([key, inner]) => `${key}: ${JSON.stringify(inner)}`)
        .join('; ');
    }
    return JSON.stringify(value);
  } catch {
    return json;
  }
}

function subjectLink(entry: Entry) {
  const name = `${entry.subjectType} ${entry.subjectId}`;
  return entry.subjectPath ? <a href={entry.subjectPath}>{name}</a> : <>{name}</>;
}

export default function ModerationLog({ loaderData }: Route.ComponentProps) {
  const { log, newest } = loaderData;
  const entries = log.edges.map((edge) => edge.node);
  return (
    <>
      <title>Moderation log – Commonplace</title>
      <h1>Moderation log</h1>
      <p>Every moderator act, newest first: who did what, to which thing, what it was before and after, and why. Entries cannot be changed or removed.</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="log-caption">
        <table className="table audit-table">
          <caption id="log-caption">
            {log.totalCount === 1 ? '1 entry' : `${log.totalCount} entries`}
            {newest ? ', newest first' : ', continued'}
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Before → after</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <DateTime iso={entry.createdAt} />
                </td>
                <td>
                  <PersonName person={entry.actor} />
                </td>
                <td>
                  {describeAction(entry.action)}: {subjectLink(entry)}
                </td>
                <td className="audit-value">
                  {describeValue(entry.before)} → {describeValue(entry.after)}
                </td>
                <td>{entry.reason || <span className="hint">none given</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === 0 ? <p>Nothing has been logged yet.</p> : null}
      <Pagination
        label="Moderation log pages"
        items={[
          !newest && { href: '/moderation/log', text: 'Newest entries' },
          log.pageInfo.hasNextPage && log.pageInfo.endCursor && { href: `/moderation/log?after=${encodeURIComponent(log.pageInfo.endCursor)}`, text: 'Older entries' },
        ]}
      />
    </>
  );
}
