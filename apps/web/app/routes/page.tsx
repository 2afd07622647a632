import type { LoaderFunctionArgs, MetaFunction } from 'react-router';
import { useLoaderData } from 'react-router';
import { LatestUpdate, type ChangeView } from '../components/LatestUpdate';
import { RecommendationAreas, type AreaView } from '../components/RecommendationAreas';
import { ThreadTable, type ThreadRow } from '../components/ThreadTable';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';

const PAGE_QUERY = /* GraphQL */ `
  query WikiPage($slug: String!) {
    page(slug: $slug) {
      id
      slug
      title
      featured
      tags
      area { slug title }
      parts { kind html }
      recommendationAreas {
        id slug title description
        recommendations { id text stars { id reason createdAt user { username displayName } } }
      }
      latestChange {
        kind note createdAt recommendationCount
        actor { username displayName }
        revision { wordsAdded wordsRemoved }
      }
      threads(limit: 3) {
        totalCount
        threads { id subject replyCount lastPostAt starter { username displayName } lastPostBy { username displayName } }
      }
    }
  }
`;

interface PageData {
  page: {
    id: number;
    slug: string;
    title: string;
    featured: boolean;
    tags: string[];
    area: { slug: string; title: string } | null;
    parts: { kind: 'Html' | 'Recommendations'; html: string | null }[];
    recommendationAreas: AreaView[];
    latestChange: ChangeView | null;
    threads: { totalCount: number; threads: ThreadRow[] };
  } | null;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { page } = await query<PageData>(context, PAGE_QUERY, { slug: params.slug });
  if (!page) notFound();
  return { page };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.page.title ?? 'Page not found');

export default function WikiPage() {
  const { page } = useLoaderData<typeof loader>();
  return (
    <article className="wiki-page">
      <h1>{page.title}</h1>
      {page.featured ? <p className="tag tag--featured">This is a featured page</p> : null}
      {page.parts.map((part, index) =>
        part.kind === 'Recommendations' ? (
          <RecommendationAreas key={index} areas={page.recommendationAreas} />
        ) : (
          <div key={index} className="prose" dangerouslySetInnerHTML={{ __html: part.html ?? '' }} />
        ),
      )}
      <aside className="page-meta" aria-label="About this page">
        {page.latestChange ? <LatestUpdate change={page.latestChange} /> : null}
        <p>
          Keyword tags:{' '}
          {page.tags.length > 0 ? (
            <span className="tags">
              {page.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </span>
          ) : (
            'none'
          )}
        </p>
      </aside>
      <section aria-labelledby="discussion-heading" className="discussion">
        <h2 id="discussion-heading">Discussion</h2>
        <ThreadTable threads={page.threads.threads} totalCount={page.threads.totalCount} pageTitle={page.title} />
      </section>
    </article>
  );
}
