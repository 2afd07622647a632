import { createMailTestApp, type MailTestApp } from '../testing/mail-test-app';
import { until } from '../testing/smtp-sink';
import { JOBS_PER_FETCH, MailQueue } from './mail-queue.service';

/**
 * The mailers' queues (password resets, invitations, confirmations, digests, reply notices) are
 * worked through MailQueue.workEach: a burst is taken in few fetches, not one job a polling
 * interval, and a job that fails is failed alone.
 */
describe('the email queues', () => {
  let mail: MailTestApp;
  let queue: MailQueue;
  beforeAll(async () => {
    mail = await createMailTestApp();
    queue = mail.t.app.get(MailQueue);
  }, 60_000);
  afterAll(() => mail.close());

  type Row = { n: number; state: string; started_on: Date | null };
  const jobs = (name: string): Promise<Row[]> =>
    mail.t.dataSource.query(`SELECT (data->>'n')::int AS n, state, started_on FROM pgboss.job WHERE name = $1 ORDER BY (data->>'n')::int`, [name]);

  it('takes a burst of jobs in one fetch, and fails only the job whose handler threw', async () => {
    const name = 'mail-queue-spec';
    await queue.createQueue(name, { retryLimit: 1, retryDelay: 3600 });
    const handled: number[] = [];
    // All queued in one statement before the worker starts, so its first fetch finds them all.
    const burst = Array.from({ length: JOBS_PER_FETCH }, (_, i) => ({ name, data: { n: i + 1 } }));
    await queue.boss!.insert(burst);
    await queue.workEach<{ n: number }>(name, async ({ n }) => {
      handled.push(n);
      if (n === 3) throw new Error('the SMTP server refused this one');
    });

    const done = await until(async () => {
      const rows = await jobs(name);
      return rows.every((row) => row.state !== 'created' && row.state !== 'active') ? rows : undefined;
    });
    // One fetch: every job was started in the same transaction.
    expect(new Set(done.map((row) => row.started_on?.toISOString())).size).toBe(1);
    // Each once (in no set order: they were queued at the same moment).
    expect([...handled].sort((a, b) => a - b)).toEqual(burst.map((job) => job.data.n));
    // The one that threw waits for its retry; the others are done and are not sent again.
    expect(done.filter((row) => row.state !== 'completed')).toEqual([expect.objectContaining({ n: 3, state: 'retry' })]);
  });
});
