import { redirect } from 'react-router';
import { DateTime } from '../components/DateTime';
import { profilePath } from '../components/UserLink';
import { count } from '../format';
import { roleName } from '../forms';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';
import type { Route } from './+types/user';
import { graphql } from '../graphql';

const PROFILE_QUERY = graphql(`
  query Profile($username: String!) {
    user(username: $username) {
      username
      displayName
      role
      createdAt
      recentRevisions(limit: 10) { id createdAt summary wordsAdded wordsRemoved page { slug title } }
      recentPosts(limit: 10) { kind createdAt replyId thread { id subject } }
    }
  }
`);

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const username = params.username ?? '';
  // Usernames are letters, digits, ".", "-" and "_"; anything else cannot name anyone.
  if (!/^[A-Za-z0-9._-]{1,60}$/.test(username)) notFound();
  const { user } = await query(context, PROFILE_QUERY, { username }, { cacheable: false, request });
  if (!user) notFound();
  // Usernames match whatever their case; the profile has one address.
  if (user.username !== username) throw redirect(profilePath(user.username), 301);
  return { user };
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => pageTitle(data ? `${data.user.displayName} (profile)` : 'Page not found');

function changeWords(added: number, removed: number): string {
  if (added === 0 && removed === 0) return 'no words changed';
  if (removed === 0) return `${count(added, 'word', 'words')} added`;
  if (added === 0) return `${count(removed, 'word', 'words')} removed`;
  return `${count(added, 'word', 'words')} added, ${removed} removed`;
}

export default function Profile({ loaderData }: Route.ComponentProps) {
  const { user } = loaderData;
  return (
    <>
      <h1>{user.displayName}</h1>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Username</dt>
          <dd>{user.username}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Role</dt>
          <dd>{roleName(user.role)}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Joined</dt>
          <dd>
            <DateTime iso={user.createdAt} dateOnly />
          </dd>
        </div>
      </dl>

      <section aria-labelledby="edits-heading">
        <h2 id="edits-heading">Recent edits</h2>
        {user.recentRevisions.length === 0 ? (
          <p>{user.displayName} has not edited any pages yet.</p>
        ) : (
          <ul className="link-list activity-list">
            {user.recentRevisions.map((revision) => (
              <li key={revision.id}>
                <a href={`/wiki/${revision.page.slug}`}>{revision.page.title}</a>
                {revision.summary ? <>: {revision.summary}</> : null}{' '}
                <span className="hint">
                  ({changeWords(revision.wordsAdded, revision.wordsRemoved)}), <DateTime iso={revision.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading">Recent posts</h2>
        {user.recentPosts.length === 0 ? (
          <p>{user.displayName} has not posted in any threads yet.</p>
        ) : (
          <ul className="link-list activity-list">
            {user.recentPosts.map((post) => (
              <li key={`${post.kind}-${post.thread.id}-${post.replyId ?? 0}`}>
                {post.kind === 'Thread' ? (
                  <>
                    Started the thread <a href={`/threads/${post.thread.id}`}>{post.thread.subject}</a>
                  </>
                ) : (
                  <>
                    Replied in <a href={`/threads/${post.thread.id}${post.replyId ? `#reply-${post.replyId}` : ''}`}>{post.thread.subject}</a>
                  </>
                )}
                , <DateTime iso={post.createdAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
