import { Writable } from 'node:stream';
import type { AppLoadContext, EntryContext } from 'react-router';
import { ServerRouter } from 'react-router';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './viewer';

export const streamTimeout = 5_000;

/**
 * React Router's default Node entry, with two changes: every response waits for `onAllReady`, so
 * everyone (people without JavaScript, screen readers, crawlers) gets the complete page in one
 * piece (sent as one body); and React Router's inline scripts carry this response's CSP nonce from the server.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // https://httpwg.org/specs/rfc9110.html#HEAD
  if (request.method.toUpperCase() === 'HEAD') {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }

  const nonce = loadContext.nonce || undefined;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;

    // Abort the rendering stream after `streamTimeout`, leaving it time to flush rejected boundaries.
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);

    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce ?? ''}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          // The whole page is collected and sent as one body. Piped as it is rendered, it went out
          // in React's small chunks, each one a trip through a web stream, a compression flush
          // (React Router's Express adapter flushes after every chunk) and a socket write: that
          // cost more CPU than rendering it. Nothing is sent before onAllReady anyway.
          const chunks: Buffer[] = [];
          const body = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback();
            },
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
              // Pages carry the form token and the viewer's own header: no shared cache or history store keeps them.
              responseHeaders.set('Cache-Control', 'private, no-store');
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
              callback();
            },
          });
          body.on('error', reject);
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeoutId);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while rendering the shell reject and are logged by React Router; log the rest.
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

/** Client-side navigation's data answers are the viewer's own as well. */
export function handleDataRequest(response: Response): Response {
  if (response.headers.has('Cache-Control')) return response;
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', 'private, no-store');
  // A new Response: a redirect's headers cannot be changed in place.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
