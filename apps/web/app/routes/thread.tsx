import type { LoaderFunctionArgs, MetaFunction } from 'react-router';
import { useLoaderData } from 'react-router';
import { DateTime } from '../components/DateTime';
import { PersonName, type PersonSummary } from '../components/UserLink';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';

const THREAD_QUERY = /* GraphQL */ `
  query ThreadPage($id: Int!) {
    thread(id: $id) {
      id
      subject
      tags
      createdAt
      bodyHtml
      starter { username displayName }
      page { slug title }
      replies {
        id
        createdAt
        bodyHtml
        textNotKept
        author { username displayName }
        inReplyTo { replyId createdAt author { username displayName } }
      }
    }
  }
`;

interface ReplyView {
  id: number;
  createdAt: string;
  bodyHtml: string | null;
  textNotKept: boolean;
  author: PersonSummary;
  inReplyTo: { replyId: number | null; createdAt: string; author: PersonSummary };
}

interface ThreadData {
  thread: {
    id: number;
    subject: string;
    tags: string[];
    createdAt: string;
    bodyHtml: string;
    starter: PersonSummary;
    page: { slug: string; title: string };
    replies: ReplyView[];
  } | null;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = Number(params.id);
  // Thread ids are positive whole numbers; anything else cannot name a thread.
  if (!/^[1-9][0-9]{0,9}$/.test(params.id ?? '') || id > 2_147_483_647) notFound();
  const { thread } = await query<ThreadData>(context, THREAD_QUERY, { id });
  if (!thread) notFound();
  return { thread };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `${data.thread.subject} (thread)` : 'Page not found');

export default function ThreadPage() {
  const { thread } = useLoaderData<typeof loader>();
  const total = thread.replies.length;
  return (
    <article className="thread">
      <p className="context-link">
        Thread on the page <a href={`/wiki/${thread.page.slug}`}>{thread.page.title}</a>
      </p>
      <h1>{thread.subject}</h1>
      <section aria-labelledby="opening-post" className="post post--opening">
        <h2 id="opening-post" className="post__heading">
          Opening post, by <PersonName person={thread.starter} />
        </h2>
        <p className="post__byline">
          Thread started by <PersonName person={thread.starter} /> on <DateTime iso={thread.createdAt} />
        </p>
        <div className="prose" dangerouslySetInnerHTML={{ __html: thread.bodyHtml }} />
        <p>
          Keyword tags: {thread.tags.length > 0 ? thread.tags.join(', ') : 'none'}
        </p>
      </section>
      <section aria-labelledby="replies-heading" className="replies">
        <h2 id="replies-heading">{total === 0 ? 'No replies yet' : total === 1 ? '1 reply' : `${total} replies`}</h2>
        {total > 0 ? (
          <ol className="reply-list">
            {thread.replies.map((reply, index) => (
              <li key={reply.id} id={`reply-${reply.id}`} className="post post--reply">
                <h3 className="post__heading">
                  Reply {index + 1} of {total}, by <PersonName person={reply.author} />
                </h3>
                <p className="post__byline">
                  <PersonName person={reply.author} /> replied on <DateTime iso={reply.createdAt} />
                </p>
                <p className="post__in-reply-to">
                  {reply.inReplyTo.replyId === null ? (
                    <a href="#opening-post">
                      Reply to {reply.inReplyTo.author.displayName}’s opening post of <DateTime iso={reply.inReplyTo.createdAt} dateOnly />
                    </a>
                  ) : (
                    <a href={`#reply-${reply.inReplyTo.replyId}`}>
                      Reply to {reply.inReplyTo.author.displayName}, <DateTime iso={reply.inReplyTo.createdAt} dateOnly />
                    </a>
                  )}
                </p>
                {reply.textNotKept ? (
                  <p className="post__missing">
                    The text of this reply was not kept when the 2008 wiki was captured, so it cannot be shown. We know only who replied and when.
                  </p>
                ) : (
                  <div className="prose" dangerouslySetInnerHTML={{ __html: reply.bodyHtml ?? '' }} />
                )}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </article>
  );
}
