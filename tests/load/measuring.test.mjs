// The measuring helpers of paths-bench.mjs, without a server: process trees and CPU from a /proc
// written here, statements counted from PostgreSQL protocol bytes, and the goals' verdicts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { cpuBetween, describeGoal, descendants, formatTable, FrontendCounter, parseStat, readProcesses, readTrees, startWireCounter, treeCpuMs, verdict } from './measuring.mjs';

const folders = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A /proc/<pid>/stat line as Linux writes it: pgrp and session are fields 5 and 6, utime…cstime 14–17. */
function statLine({ pid, comm = 'node', ppid, pgrp = pid, utime = 0, stime = 0, cutime = 0, cstime = 0 }) {
  return `${pid} (${comm}) S ${ppid} ${pgrp} ${pgrp} 0 -1 4194560 100 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 1 0 5000 1000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;
}

/** A folder laid out like /proc with these processes (and the entries /proc has that are not processes). */
function fakeProc(processes) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fake-proc-'));
  folders.push(root);
  for (const process of processes) {
    mkdirSync(path.join(root, String(process.pid)));
    writeFileSync(path.join(root, String(process.pid), 'stat'), statLine(process));
  }
  mkdirSync(path.join(root, 'sys'));
  writeFileSync(path.join(root, 'uptime'), '1.00 2.00\n');
  mkdirSync(path.join(root, '999')); // a process that ended between listing and reading: no stat
  return root;
}

// The benchmark (100) with the server (200, which has a child 210) and PostgreSQL (300), whose
// backends (301, 302) are in process groups of their own, as PostgreSQL and nx arrange it.
const MACHINE = [
  { pid: 1, comm: 'init', ppid: 0 },
  { pid: 100, comm: 'node', ppid: 1, utime: 500 },
  { pid: 200, comm: 'node', ppid: 100, pgrp: 200, utime: 40, stime: 10 },
  { pid: 210, comm: 'esbuild', ppid: 200, pgrp: 210, utime: 1 },
  { pid: 300, comm: 'postgres', ppid: 100, pgrp: 300, utime: 3, cutime: 7 },
  { pid: 301, comm: 'postgres: commonplace commonplace 127.0.0.1(5000) idle', ppid: 300, pgrp: 301, utime: 20, stime: 5 },
  { pid: 302, comm: 'postgres', ppid: 300, pgrp: 302, utime: 2 },
  // In the benchmark's process group but not below it: not counted.
  { pid: 400, comm: 'node', ppid: 1, pgrp: 100, utime: 1000 },
];

describe('process trees from /proc', () => {
  test('a stat line is read even when the command name holds spaces and parentheses', () => {
    const stat = parseStat(statLine({ pid: 42, comm: 'a (strange) name) S 7', ppid: 9, utime: 3, stime: 4, cutime: 5, cstime: 6 }));
    assert.deepEqual(stat, { pid: 42, comm: 'a (strange) name) S 7', ppid: 9, cpuMs: 180 });
  });

  test('every process is read, and entries that are not processes or have ended are left out', () => {
    const processes = readProcesses(fakeProc(MACHINE));
    assert.deepEqual([...processes.keys()].sort((a, b) => a - b), [1, 100, 200, 210, 300, 301, 302, 400]);
  });

  test('the tree is followed through parent pids, across process groups, and not through groups', () => {
    const processes = readProcesses(fakeProc(MACHINE));
    assert.deepEqual(descendants(processes, 100).map((p) => p.pid).sort((a, b) => a - b), [200, 210, 300, 301, 302]);
    assert.deepEqual(descendants(processes, 300).map((p) => p.pid).sort((a, b) => a - b), [301, 302]);
    assert.deepEqual(descendants(processes, 302), []);
  });

  test("a tree's CPU is its processes' user and system time, with children they have waited for, in 10 ms ticks", () => {
    const processes = readProcesses(fakeProc(MACHINE));
    assert.equal(treeCpuMs(processes, 300), (3 + 7 + 20 + 5 + 2) * 10);
    assert.equal(treeCpuMs(processes, 200), (40 + 10 + 1) * 10);
    assert.equal(treeCpuMs(processes, 100, { includeRoot: false }), (51 + 37) * 10);
  });

  test('CPU between two readings counts a backend that ended (in its postmaster) and one that started', () => {
    const before = readTrees({ server: 200, postgres: 300 }, fakeProc(MACHINE));
    const later = MACHINE.filter((p) => p.pid !== 301).map((p) => {
      if (p.pid === 300) return { ...p, utime: 4, cutime: 7 + 20 + 5 + 6 }; // 301 spent 6 more ticks, then ended and was waited for
      if (p.pid === 200) return { ...p, utime: 90 };
      return p;
    });
    later.push({ pid: 303, comm: 'postgres', ppid: 300, pgrp: 303, utime: 3, stime: 1 });
    const spent = cpuBetween(before, readTrees({ server: 200, postgres: 300 }, fakeProc(later)));
    assert.equal(spent.server, 500);
    assert.equal(spent.postgres, (1 + 6 + 4) * 10);
    assert.equal(spent.total, 610);
    assert.equal(before.postgres.processes, 3);
  });
});

// Frontend messages of the PostgreSQL protocol, as a client sends them.
const cstring = (text) => Buffer.from(`${text}\0`);
function message(type, ...parts) {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
function untyped(code, ...parts) {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, body]);
}
const int16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const int32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** A session: SSL refused, start-up, password, then 2 simple queries and 3 extended ones in 2 round trips. */
const SESSION = Buffer.concat([
  untyped(80877103),
  untyped(196608, cstring('user'), cstring('commonplace'), cstring('database'), cstring('commonplace'), cstring('')),
  message('p', cstring('a password with Q and E and S in it')),
  message('Q', cstring('SELECT 1')),
  message('Q', cstring('START TRANSACTION')),
  // One round trip: an unnamed statement, bound and executed.
  message('P', cstring(''), cstring('SELECT * FROM pages WHERE slug = $1'), int16(0)),
  message('B', cstring(''), cstring(''), int16(0), int16(1), int32(5), Buffer.from('about'), int16(0)),
  message('D', Buffer.from('P'), cstring('')),
  message('E', cstring(''), int32(0)),
  message('S'),
  // Another: two statements before one Sync (a pipeline).
  message('P', cstring('s1'), cstring('SELECT $1::int'), int16(0)),
  message('B', cstring(''), cstring('s1'), int16(0), int16(1), int32(1), Buffer.from('1'), int16(0)),
  message('E', cstring(''), int32(0)),
  message('B', cstring(''), cstring('s1'), int16(0), int16(1), int32(1), Buffer.from('2'), int16(0)),
  message('E', cstring(''), int32(0)),
  message('S'),
  message('X'),
]);
const EXPECTED = { statements: 5, roundTrips: 4 };

describe('statements counted on the wire', () => {
  test('simple queries, executes and syncs are counted; start-up, password and other messages are not', () => {
    const totals = { statements: 0, roundTrips: 0 };
    new FrontendCounter(totals).feed(SESSION);
    assert.deepEqual(totals, EXPECTED);
  });

  test('the count is the same however TCP splits the bytes', () => {
    for (const size of [1, 2, 3, 7, 64]) {
      const totals = { statements: 0, roundTrips: 0 };
      const counter = new FrontendCounter(totals);
      for (let i = 0; i < SESSION.length; i += size) counter.feed(SESSION.subarray(i, i + size));
      assert.deepEqual(totals, EXPECTED, `in pieces of ${size} bytes`);
    }
  });

  test('the proxy passes every byte through unchanged, both ways, and counts per connection', async () => {
    const received = [];
    const database = net.createServer((socket) => {
      const chunks = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => {
        received.push(Buffer.concat(chunks));
        socket.end('an answer');
      });
    });
    await new Promise((resolve) => database.listen(0, '127.0.0.1', resolve));
    const wire = await startWireCounter({ host: '127.0.0.1', port: database.address().port });
    try {
      for (let connection = 0; connection < 2; connection++) {
        const answer = await new Promise((resolve, reject) => {
          const socket = net.connect(wire.port, '127.0.0.1', () => {
            for (let i = 0; i < SESSION.length; i += 5) socket.write(SESSION.subarray(i, i + 5));
            socket.end();
          });
          const chunks = [];
          socket.on('data', (chunk) => chunks.push(chunk));
          socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
          socket.on('error', reject);
        });
        assert.equal(answer, 'an answer');
      }
      assert.equal(received.length, 2);
      for (const bytes of received) assert.ok(bytes.equals(SESSION));
      assert.deepEqual(wire.totals(), { statements: 10, roundTrips: 8, connections: 2 });
    } finally {
      await wire.close();
      await new Promise((resolve) => database.close(resolve));
    }
  });
});

describe("the goals table's verdicts", () => {
  const goal = [
    { figure: 'cpuMs', max: 4, label: '≤ 4 ms CPU' },
    { figure: 'roundTrips', max: 4, label: '≤ 4 SQL round trips' },
  ];

  test('a path meets its goal when every figure is within its limit, the limit included', () => {
    assert.deepEqual(verdict(goal, { cpuMs: 4, roundTrips: 3.5 }), { met: true, misses: [] });
  });

  test('each limit a figure exceeds is named', () => {
    assert.deepEqual(verdict(goal, { cpuMs: 4.01, roundTrips: 4 }), { met: false, misses: ['≤ 4 ms CPU'] });
    assert.deepEqual(verdict(goal, { cpuMs: 9, roundTrips: 20 }), { met: false, misses: ['≤ 4 ms CPU', '≤ 4 SQL round trips'] });
  });

  test('a figure that was not measured misses its goal', () => {
    assert.deepEqual(verdict(goal, { cpuMs: 1 }), { met: false, misses: ['roundTrips not measured'] });
    assert.deepEqual(verdict(goal, { cpuMs: NaN, roundTrips: 1 }), { met: false, misses: ['≤ 4 ms CPU'] });
  });

  test('a check is met only when it holds', () => {
    const production = [{ figure: 'productionBuild', label: 'the production build' }];
    assert.equal(verdict(production, { productionBuild: true }).met, true);
    assert.deepEqual(verdict(production, { productionBuild: false }), { met: false, misses: ['the production build'] });
  });

  test('the goal reads as the issue writes it, and the table lines up', () => {
    assert.equal(describeGoal(goal), '≤ 4 ms CPU, ≤ 4 SQL round trips');
    assert.equal(formatTable(['path', 'ms', 'verdict'], [['a', '1.5', 'met'], ['longer', '10.25', 'MISSED']]), ['path       ms  verdict', '------  -----  -------', 'a         1.5  met', 'longer  10.25  MISSED'].join('\n'));
  });
});
