import type { MetaFunction } from 'react-router';
import { query } from '../load-context';
import { pageTitle } from '../site';
import type { Route } from './+types/tags';
import { graphql } from '../graphql';

const TAGS_QUERY = graphql(`
  query Tags {
    tags { name pageCount threadCount }
  }
`);

/** The path of a tag's listing. */
function tagPath(name: string): string {
  return `/tags/${encodeURIComponent(name)}`;
}

export async function loader({ context }: Route.LoaderArgs) {
  return query(context, TAGS_QUERY);
}

export const meta: MetaFunction = () => pageTitle('Tags');

export default function Tags({ loaderData }: Route.ComponentProps) {
  const { tags } = loaderData;
  return (
    <>
      <h1>Tags</h1>
      <p>Keyword tags on pages and threads. Choose a tag to see what carries it.</p>
      {tags.length === 0 ? (
        <p>No pages or threads have tags yet.</p>
      ) : (
        <table className="table tags-table">
          <caption>Every tag, with how many pages and threads carry it</caption>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col" className="table__number">
                Pages
              </th>
              <th scope="col" className="table__number">
                Threads
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((tag) => (
              <tr key={tag.name}>
                <th scope="row">
                  <a href={tagPath(tag.name)}>{tag.name}</a>
                </th>
                <td className="table__number">{tag.pageCount}</td>
                <td className="table__number">{tag.threadCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
