import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const WEB = join(__dirname, '../../../web/app');

/** Every source file of the web client, for the documents its routes send. */
function webSources(): string {
  const read = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? read(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [readFileSync(join(dir, entry.name), 'utf8')] : [],
    );
  return read(WEB).join('\n');
}

/** From `start`, the text up to the brace that closes the first one opened. */
function balanced(source: string, start: number): string {
  let depth = 0;
  for (let at = source.indexOf('{', start); at < source.length; at++) {
    if (source[at] === '{') depth++;
    else if (source[at] === '}' && --depth === 0) return source.slice(start, at + 1);
  }
  throw new Error('unbalanced document');
}

/**
 * The operation the web client sends, by name, taken from its source (the route modules cannot be
 * imported here), so these counts follow the route's query as it changes: `${CONSTANT}` parts and
 * fragments it spreads are filled in from the web client's other sources.
 */
export function webDocument(operation: string): string {
  const sources = webSources();
  const at = sources.search(new RegExp(`\\bquery ${operation}\\b`));
  if (at < 0) throw new Error(`query ${operation} not found in apps/web`);
  let document = balanced(sources, at).replace(/\$\{(\w+)\}/g, (_, constant: string) => {
    const value = new RegExp(`const ${constant} =\\s*(['\`])([^'\`]*)\\1`).exec(sources);
    if (!value) throw new Error(`${constant} not found in apps/web`);
    return value[2];
  });
  // Fragments it spreads, and those they spread in turn, until none is missing.
  for (let added = true; added; ) {
    added = false;
    for (const [, fragment] of document.matchAll(/\.\.\.\s*(\w+)/g)) {
      const definition = sources.search(new RegExp(`fragment ${fragment} on`));
      if (definition >= 0 && !document.includes(`fragment ${fragment} on`)) {
        document += '\n' + balanced(sources, definition);
        added = true;
      }
    }
  }
  return document;
}
