import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { Pagination } from './Pagination';

describe('Pagination', () => {
  it('is one labelled navigation list of the links there are, in order, with their rel and any text between', () => {
    const html = renderToStaticMarkup(
      <Pagination
        label="Pages of threads"
        listClassName="pagination__list"
        items={[false, 'Page 1 of 3', { href: '/wiki/a/threads?page=2', text: 'Next page', rel: 'next' }, null]}
      />,
    );
    expect(html).toBe(
      '<nav aria-label="Pages of threads" class="pagination"><ul class="pagination__list"><li>Page 1 of 3</li><li><a href="/wiki/a/threads?page=2" rel="next">Next page</a></li></ul></nav>',
    );
  });

  it('shows nothing when there is no other page to go to', () => {
    expect(renderToStaticMarkup(<Pagination label="More changes" items={[false, 'Page 1 of 1', '']} />)).toBe('');
  });
});
