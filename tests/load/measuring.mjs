// What bench-paths.mjs measures with, kept apart so measuring.test.mjs can check it without a server:
// CPU time of a whole process tree from /proc, SQL statements counted on the PostgreSQL wire, and
// the goals table's verdicts.
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

// ---------------------------------------------------------------------------------------------
// Process trees from /proc

/**
 * One process's line of /proc/<pid>/stat: its parent and its CPU in milliseconds. `cpuMs` includes
 * the children it has waited for (cutime, cstime), so a PostgreSQL backend that ends between two
 * readings is still counted, in its postmaster.
 */
export function parseStat(text) {
  // The command name is in parentheses and may itself hold spaces and parentheses.
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).trim().split(/\s+/);
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return { pid, comm, ppid: Number(fields[1]), cpuMs: ((utime + stime + cutime + cstime) * 1000) / TICKS_PER_SECOND };
}

/** Every process on the machine, by pid, read from `procRoot`. Processes that end while it reads are left out. */
export function readProcesses(procRoot = '/proc') {
  const processes = new Map();
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(path.join(procRoot, entry, 'stat'), 'utf8'));
      processes.set(stat.pid, stat);
    } catch {
      // ended since the folder was listed
    }
  }
  return processes;
}

/**
 * The processes below `root`, by parent pid. nx and PostgreSQL put their children in process groups
 * of their own, so the tree is followed through parents, never through groups or sessions.
 */
export function descendants(processes, root) {
  const children = new Map();
  for (const process of processes.values()) {
    if (!children.has(process.ppid)) children.set(process.ppid, []);
    children.get(process.ppid).push(process);
  }
  const found = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const process = queue.shift();
    found.push(process);
    queue.push(...(children.get(process.pid) ?? []));
  }
  return found;
}

/** CPU milliseconds of `root` and everything below it (`root` itself left out when `includeRoot` is false). */
export function treeCpuMs(processes, root, { includeRoot = true } = {}) {
  const own = includeRoot ? (processes.get(root)?.cpuMs ?? 0) : 0;
  return own + descendants(processes, root).reduce((sum, process) => sum + process.cpuMs, 0);
}

/**
 * A reading of several process trees at once, e.g. { server: pid, postgres: pid }, so a window's
 * CPU is `cpuBetween(before, after)`. Trees that overlap would be counted twice; the benchmark's
 * are siblings.
 */
export function readTrees(roots, procRoot = '/proc') {
  const processes = readProcesses(procRoot);
  const reading = {};
  for (const [name, pid] of Object.entries(roots)) {
    reading[name] = { ms: treeCpuMs(processes, pid), processes: 1 + descendants(processes, pid).length };
  }
  return reading;
}

/** CPU ms per tree between two readings, and their total. */
export function cpuBetween(before, after) {
  const spent = { total: 0 };
  for (const name of Object.keys(after)) {
    spent[name] = after[name].ms - (before[name]?.ms ?? 0);
    spent.total += spent[name];
  }
  return spent;
}

// ---------------------------------------------------------------------------------------------
// SQL statements on the wire

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/**
 * Reads what a client sends PostgreSQL (frontend messages, in any chunking) and counts what the
 * database is asked to do: a simple Query ('Q') is one statement and one round trip; in the extended
 * protocol each Execute ('E') is one statement and each Sync ('S') ends one round trip.
 */
export class FrontendCounter {
  constructor(totals) {
    this.totals = totals;
    this.buffer = Buffer.alloc(0);
    this.started = false; // the startup message (and any SSL/GSS request before it) has no type byte
  }

  feed(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) this.started = true;
        this.buffer = this.buffer.subarray(length);
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      this.count(String.fromCharCode(this.buffer[0]));
      this.buffer = this.buffer.subarray(1 + length);
    }
  }

  count(type) {
    if (type === 'Q') {
      this.totals.statements++;
      this.totals.roundTrips++;
    } else if (type === 'E') {
      this.totals.statements++;
    } else if (type === 'S') {
      this.totals.roundTrips++;
    }
  }
}

/**
 * A TCP proxy in front of PostgreSQL at `target` ({ host, port }) that counts every statement its
 * clients send. `totals()` is a copy of the counts so far; `close()` ends it and its connections.
 */
export async function startWireCounter(target) {
  const totals = { statements: 0, roundTrips: 0, connections: 0 };
  const sockets = new Set();
  // Half-open allowed both ways, so an end from either side reaches the other as it would directly.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    totals.connections++;
    const upstream = net.connect({ ...target, allowHalfOpen: true });
    const counter = new FrontendCounter(totals);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => counter.feed(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    totals: () => ({ ...totals }),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Goals

/**
 * A goal is a list of limits on a path's figures, e.g. [{ figure: 'cpuMs', max: 4 }, { figure:
 * 'roundTrips', max: 4 }], or a check ({ check: 'production build' }) whose figure is true or false.
 * A figure that was not measured misses its goal.
 */
export function verdict(goal, figures) {
  const misses = [];
  for (const limit of goal) {
    const value = figures[limit.figure];
    if (typeof value !== 'number' && typeof value !== 'boolean') misses.push(`${limit.figure} not measured`);
    else if (limit.max === undefined ? value !== true : !(value <= limit.max)) misses.push(limit.label ?? limit.figure);
  }
  return { met: misses.length === 0, misses };
}

/** "≤ 4 ms, ≤ 4 SQL round trips": the goal as the table shows it. */
export function describeGoal(goal) {
  return goal.map((limit) => limit.label ?? `${limit.figure} ≤ ${limit.max}`).join(', ');
}

/** Rows of cells as aligned text: numbers right-aligned, the columns in `left` (by default the first and last) left-aligned. */
export function formatTable(head, rows, left = [0, head.length - 1]) {
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((cells) => String(cells[i]).length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (left.includes(i) ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
