import { DateTime } from '../components/DateTime';
import { COARSE_DIFF, InlineDiff } from '../components/WordDiff';
import { count, formatDateTime } from '../format';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';
import type { Route } from './+types/reply-versions';
import { graphql, type ResultOf } from '../graphql';

const REPLY_VERSIONS = graphql(`
  query ReplyVersions($id: Int!) {
    reply(id: $id) {
      id
      createdAt
      author { username displayName }
      thread { id subject }
      versions { number writtenAt current wordsAdded wordsRemoved wordByWord changes { kind text } }
    }
  }
`);

type ReplyVersionsView = NonNullable<ResultOf<typeof REPLY_VERSIONS>['reply']>;

export async function loader({ params, context }: Route.LoaderArgs) {
  const id = Number(params.id);
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? '') || id > 2_147_483_647) notFound();
  const { reply } = await query(context, REPLY_VERSIONS, { id });
  // A reply without texts to show (deleted, or imported without its text) has no versions page.
  if (!reply || reply.versions.length === 0) notFound();
  return { reply };
}

const replyName = (reply: ReplyVersionsView) => `${reply.author.displayName}’s reply of ${formatDateTime(reply.createdAt)}`;

export const meta: Route.MetaFunction = ({ loaderData: data }) => pageTitle(data ? `Earlier texts of ${replyName(data.reply)}` : 'Page not found');

/**
 * Every text a reply has had, newest first, each with what its edit changed: how readers check an
 * "edited 2 times" reply.
 */
export default function ReplyVersions({ loaderData }: Route.ComponentProps) {
  const { reply } = loaderData;
  const edits = reply.versions.length - 1;
  return (
    <>
      <p className="context-link">
        Reply in the thread <a href={`/threads/${reply.thread.id}`}>{reply.thread.subject}</a>
      </p>
      <h1>Earlier texts of {replyName(reply)}</h1>
      <p className="lede">
        {edits === 0 ? 'This reply has not been edited.' : `Edited ${edits === 1 ? 'once' : `${edits} times`}. The newest text is first; each shows what its edit changed.`}
      </p>
      <p>Removed words are struck through and marked “removed”; added words are underlined and marked “added”.</p>
      {[...reply.versions].reverse().map((version) => {
        const heading = version.number === 1 ? 'As first posted' : `Edit ${version.number - 1}`;
        const id = `version-${version.number}`;
        return (
          <section key={version.number} aria-labelledby={id} className="reply-version">
            <h2 id={id}>
              {heading}
              {version.current ? ' (the text shown now)' : ''}
            </h2>
            <p>
              <DateTime iso={version.writtenAt} />
              {version.number > 1 ? ` — ${count(version.wordsAdded, 'word', 'words')} added, ${count(version.wordsRemoved, 'word', 'words')} removed` : ''}
            </p>
            {version.wordByWord ? null : <p className="inset-text">{COARSE_DIFF}</p>}
            <InlineDiff parts={version.changes} label={`${heading}: the text${version.number > 1 ? ', with its changes' : ''}`} />
          </section>
        );
      })}
      <p>
        <a href={`/threads/${reply.thread.id}#reply-${reply.id}`}>
          Back to {replyName(reply)}
        </a>
      </p>
    </>
  );
}
