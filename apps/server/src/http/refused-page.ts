import type { Response } from 'express';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small, complete page for requests refused before the web client runs (cross-site posts,
 * oversized bodies). Plain HTML, same language and shape as the site's own error pages.
 */
export function refusedPage(res: Response, status: number, title: string, paragraphs: string[]): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escape(title)} – Commonplace</title></head><body><main id="main-content"><h1>${escape(title)}</h1>` +
        paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('') +
        `<p><a href="/">Go to the home page</a></p></main></body></html>`,
    );
}
