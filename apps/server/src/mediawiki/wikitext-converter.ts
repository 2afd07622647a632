import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

/**
 * MediaWiki wikitext → Commonplace Markdown, by Pandoc (`-f mediawiki -t gfm`), the best-kept
 * converter of the field. Pandoc drops what it cannot render (templates, files, most extension tags)
 * without a word, so those are found first, swapped for placeholders Pandoc passes through, and put
 * back verbatim as code blocks (or code spans, in a line of text): nothing written is lost, and each
 * one is listed in the import report. A Lua filter turns Pandoc's internal links into wiki links.
 */

/** Something the converter could not turn into Markdown, kept verbatim as code. */
export interface KeptAsCode {
  kind: 'template' | 'parser function' | 'file' | 'extension tag' | 'complex table' | 'whole text';
  text: string;
}

export interface Converted {
  markdown: string;
  /** Category names ([[Category:X]]), which become keyword tags. */
  categories: string[];
  keptAsCode: KeptAsCode[];
}

/** Extension tags Pandoc does not understand: kept as code. (ref, math, pre, nowiki, syntaxhighlight, source and code it converts.) */
const KEPT_TAGS = [
  'gallery',
  'references',
  'imagemap',
  'timeline',
  'poll',
  'inputbox',
  'categorytree',
  'templatedata',
  'mapframe',
  'maplink',
  'graph',
  'score',
  'hiero',
  'chem',
  'ce',
  'indicator',
  'tabber',
  'dynamicpagelist',
  'charinsert',
  'templatestyles',
];
/** Where wikitext is literal: nothing inside is looked at. */
const LITERAL_TAGS = ['nowiki', 'pre', 'syntaxhighlight', 'source', 'math', 'code'];
const FILE_NAMESPACES = /^\[\[\s*:?\s*(file|image|media)\s*:/i;
const CATEGORY = /\[\[\s*category\s*:\s*([^\]|\n]+?)\s*(?:\|[^\]\n]*)?\]\]/gi;
const BEHAVIOUR_SWITCH = /__(NOTOC|TOC|FORCETOC|NOEDITSECTION|NEWSECTIONLINK|NONEWSECTIONLINK|NOGALLERY|HIDDENCAT|INDEX|NOINDEX|STATICREDIRECT|DISAMBIG|NOTITLECONVERT|NOTC|NOCONTENTCONVERT|NOCC)__/g;

/** Pandoc gets at most this long for one text; a text it cannot finish in time is kept whole as code. */
const PANDOC_TIMEOUT_MS = 60_000;
/** Revisions converted in one Pandoc run (a marker paragraph between them; checked, and redone one by one if it did not survive). */
export const CONVERSION_BATCH = 30;
/** Pandoc runs at once. */
export const CONVERSION_RUNS = Math.max(1, Math.min(4, availableParallelism()));

const LUA_FILTER = `
-- Internal links ([[Page]], [[Page|text]]) come from Pandoc as links titled "wikilink".
local function clean(s) return (s:gsub("[%[%]|\\n]", " "):gsub("%s+", " "):gsub("^%s+", ""):gsub("%s+$", "")) end
function Link(el)
  if el.title ~= "wikilink" then return nil end
  local label = clean(pandoc.utils.stringify(el.content))
  local target = el.target:gsub("_", " "):gsub("#.*$", ""):gsub("^:", "")
  local ns, rest = target:match("^%s*([%a ]+)%s*:%s*(.*)$")
  if ns then
    local n = ns:lower()
    if n == "talk" then target = rest
    elseif n == "user" or n == "user talk" or n == "special" then return pandoc.Str(label) end
  end
  target = clean(target)
  if target == "" then return pandoc.Str(label) end
  if label == "" or label == target or label:lower() == target:lower() then
    return pandoc.RawInline("gfm", "[[" .. target .. "]]")
  end
  return pandoc.RawInline("gfm", "[[" .. target .. "|" .. label .. "]]")
end
`;

let filterPath: Promise<string> | undefined;
function luaFilter(): Promise<string> {
  filterPath ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'commonplace-pandoc-'));
    const file = path.join(dir, 'wikilinks.lua');
    await writeFile(file, LUA_FILTER);
    return file;
  })();
  return filterPath;
}

/** Runs Pandoc on wikitext; rejects with a readable message when Pandoc is missing, fails or takes too long. */
function pandoc(wikitext: string, filter: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pandoc', ['-f', 'mediawiki', '-t', 'gfm', '--wrap=none', '--lua-filter', filter], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), PANDOC_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new PandocMissingError() : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(signal ? `Pandoc stopped after ${PANDOC_TIMEOUT_MS / 1000} s` : `Pandoc failed: ${Buffer.concat(err).toString('utf8').trim().slice(0, 200)}`));
    });
    child.stdin.on('error', () => undefined); // a Pandoc that died early is reported by 'close'
    child.stdin.end(wikitext);
  });
}

export class PandocMissingError extends Error {
  constructor() {
    super('Pandoc is not installed: the MediaWiki import converts wikitext with it. Install it (Debian/Ubuntu: apt-get install pandoc) and run the import again.');
  }
}

/** How far a template, file or table is looked for its end: many unclosed `{{` must not make a text cost its length squared. */
const MOST_CONSTRUCT_CHARS = 50_000;

/**
 * Where the `open` pair at `start` (`{{` of a template, `[[` of a link or file, whose caption may
 * hold more) ends, after its `close`, counting nested pairs; -1 when it never closes.
 */
function closeOfPair(text: string, start: number, open: '{{' | '[[', close: '}}' | ']]'): number {
  let depth = 0;
  for (let i = start; i < Math.min(text.length - 1, start + MOST_CONSTRUCT_CHARS); i++) {
    if (text.startsWith(open, i)) {
      depth++;
      i++;
    } else if (text.startsWith(close, i)) {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Where a `{|` table at `start` ends (after its `|}`), counting nested tables. */
function closeOfTable(text: string, start: number): number {
  const line = /^[ \t]*(\{\||\|\})/gm;
  line.lastIndex = start;
  let depth = 0;
  for (let match = line.exec(text); match && match.index < start + MOST_CONSTRUCT_CHARS * 4; match = line.exec(text)) {
    depth += match[1] === '{|' ? 1 : -1;
    if (depth === 0) return match.index + match[0].length;
  }
  return -1;
}

function closeOfTag(text: string, start: number, name: string): number {
  const open = new RegExp(`^<${name}\\b[^>]*?(/?)>`, 'i').exec(text.slice(start, start + 2000));
  if (!open) return -1;
  if (open[1] === '/') return start + open[0].length;
  const close = text.slice(start, start + MOST_CONSTRUCT_CHARS * 4).toLowerCase().indexOf(`</${name}>`, open[0].length);
  return close === -1 ? -1 : start + close + name.length + 3;
}

const TOKEN = (n: number) => `CPKEEP${n}X`;

/** Swaps what Pandoc would drop for placeholder words; returns the text and what each placeholder stands for. */
export function protect(wikitext: string): { text: string; kept: KeptAsCode[]; blocks: Set<number>; categories: string[] } {
  const categories: string[] = [];
  let text = wikitext.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(BEHAVIOUR_SWITCH, '');
  text = text.replace(CATEGORY, (_whole, name: string) => {
    categories.push(name.trim());
    return '';
  });
  const kept: KeptAsCode[] = [];
  const blocks = new Set<number>();
  let out = '';
  let i = 0;
  const keep = (end: number, kind: KeptAsCode['kind']) => {
    const raw = text.slice(i, end);
    const n = kept.length;
    kept.push({ kind, text: raw });
    const lineStart = i === 0 || text[i - 1] === '\n';
    const rest = text.slice(end, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end));
    if (kind === 'complex table' || (lineStart && rest.trim() === '')) {
      blocks.add(n);
      out += `\n\n${TOKEN(n)}\n\n`;
    } else out += TOKEN(n);
    i = end;
  };
  while (i < text.length) {
    const here = text.slice(i, i + 40);
    const literal = /^<(nowiki|pre|syntaxhighlight|source|math|code)\b/i.exec(here);
    if (literal && LITERAL_TAGS.includes(literal[1].toLowerCase())) {
      const end = closeOfTag(text, i, literal[1].toLowerCase());
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (here.startsWith('{{')) {
      const end = closeOfPair(text, i, '{{', '}}');
      if (end !== -1) {
        keep(end, /^\{\{\s*#/.test(here) ? 'parser function' : 'template');
        continue;
      }
    }
    if (here.startsWith('[[') && FILE_NAMESPACES.test(here)) {
      const end = closeOfPair(text, i, '[[', ']]');
      if (end !== -1) {
        keep(end, 'file');
        continue;
      }
    }
    const tag = /^<([a-z]+)\b/i.exec(here);
    if (tag && KEPT_TAGS.includes(tag[1].toLowerCase())) {
      const end = closeOfTag(text, i, tag[1].toLowerCase());
      if (end !== -1) {
        keep(end, 'extension tag');
        continue;
      }
    }
    if (here.startsWith('{|') && (i === 0 || text[i - 1] === '\n')) {
      const end = closeOfTable(text, i);
      if (end !== -1 && /\b(rowspan|colspan)\s*=/i.test(text.slice(i, end))) {
        keep(end, 'complex table');
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return { text: out, kept, blocks, categories };
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}mediawiki\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

function codeSpan(text: string, inTable: boolean): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const body = inTable ? text.replace(/\|/g, '\\|') : text;
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body.replace(/\n/g, ' ')}${pad}${ticks}`;
}

/** Puts each placeholder's text back as code: a fenced block on a line of its own, a code span within a line. */
export function restore(markdown: string, kept: KeptAsCode[], blocks: Set<number>): string {
  return markdown
    .split('\n')
    .map((line) => {
      const whole = /^\s*CPKEEP(\d+)X\s*$/.exec(line);
      if (whole && blocks.has(Number(whole[1]))) return fence(kept[Number(whole[1])].text);
      const inTable = line.trimStart().startsWith('|');
      return line.replace(/CPKEEP(\d+)X/g, (token, n: string) => (kept[Number(n)] ? codeSpan(kept[Number(n)].text, inTable) : token));
    })
    .join('\n');
}

const words = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

/**
 * Pandoc gives up on some broken wikitext (a table never closed) by leaving its words out. A result
 * with less than half the words of its source is not trusted: the whole text is kept as code.
 */
function lostWords(source: string, output: string): boolean {
  const visible = source.replace(/CPKEEP\d+X/g, '').replace(/<[^>]*>/g, ' ').replace(/\b(class|style|width|align)\s*=\s*"[^"]*"/gi, ' ');
  return words(output.replace(/CPKEEP\d+X/g, '')) < words(visible) / 2;
}

function finish(output: string, prepared: ReturnType<typeof protect>, source: string): Converted {
  if (lostWords(prepared.text, output)) return keptWhole(source, new Error('Pandoc left out much of this text'));
  return { markdown: restore(output, prepared.kept, prepared.blocks).trim() + '\n', categories: prepared.categories, keptAsCode: prepared.kept };
}

function keptWhole(wikitext: string, error: Error): Converted {
  return { markdown: fence(wikitext) + '\n', categories: [], keptAsCode: [{ kind: 'whole text', text: `${error.message}` }] };
}

/** Rejects with PandocMissingError when there is no Pandoc to run (checked before a long dump is read). */
export async function checkPandoc(): Promise<void> {
  await pandoc('', await luaFilter());
}

/** Converts one text. */
export async function convertWikitext(wikitext: string): Promise<Converted> {
  return (await convertMany([wikitext]))[0];
}

/**
 * Converts many texts (a page's revisions) with few Pandoc runs: each run gets up to CONVERSION_BATCH texts
 * separated by a marker paragraph. A text that breaks the marker (an unclosed table swallows it)
 * makes that run's texts be converted one by one.
 */
export async function convertMany(texts: string[]): Promise<Converted[]> {
  const filter = await luaFilter();
  const chunks: number[] = [];
  for (let start = 0; start < texts.length; start += CONVERSION_BATCH) chunks.push(start);
  const results: Converted[][] = [];
  // A few Pandoc runs at once: each uses one core.
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const index = next++;
      results[index] = await convertChunk(texts.slice(chunks[index], chunks[index] + CONVERSION_BATCH), filter);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONVERSION_RUNS, chunks.length) }, worker));
  return results.flat();
}

async function convertChunk(texts: string[], filter: string): Promise<Converted[]> {
  const prepared = texts.map(protect);
  const marker = `CPREVISIONBOUNDARY${Date.now()}X`;
  const joined = prepared.map((p) => p.text).join(`\n\n${marker}\n\n`);
  const parts = (await pandoc(joined, filter).catch((error: Error) => (error instanceof PandocMissingError ? Promise.reject(error) : ''))).split(new RegExp(`^${marker}$`, 'm'));
  if (parts.length === prepared.length) return prepared.map((p, k) => finish(parts[k], p, texts[k]));
  const results: Converted[] = [];
  for (const [k, p] of prepared.entries()) {
    try {
      results.push(finish(await pandoc(p.text, filter), p, texts[k]));
    } catch (error) {
      if (error instanceof PandocMissingError) throw error;
      results.push(keptWhole(texts[k], error as Error));
    }
  }
  return results;
}
