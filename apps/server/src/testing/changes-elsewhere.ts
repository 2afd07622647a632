import { Client } from 'pg';
import { DataVersion } from '../database/data-version.service';
import type { TestApp } from './test-app';

/**
 * Writes straight to the test app's database, as another server process would, and hears the data
 * changed notifications they cause on a connection of its own. `change` resolves once they have all
 * arrived (a marker sent after the write comes back after them: PostgreSQL delivers notifications in
 * commit order, to each listening connection on its own) and, with `settle`, once the app's own
 * DataVersion has heard them too.
 */
export async function changesElsewhere(t: TestApp) {
  const heard: string[] = [];
  const listener = new Client({ connectionString: (t.dataSource.options as { url: string }).url });
  await listener.connect();
  listener.on('notification', (message) => heard.push(message.payload ?? ''));
  await listener.query('LISTEN commonplace_data_changed');
  return {
    /** Runs `sql` and returns the change notifications it caused. */
    async change(sql: string, parameters: unknown[] = [], { settle = true } = {}): Promise<string[]> {
      heard.length = 0;
      await t.dataSource.query(sql, parameters);
      const marker = `settled:changes-elsewhere-${Math.random()}`;
      await t.dataSource.query('SELECT pg_notify($1, $2)', ['commonplace_data_changed', marker]);
      const deadline = Date.now() + 5000;
      while (!heard.includes(marker) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      if (!heard.includes(marker)) throw new Error(`the notifications of "${sql}" did not arrive within 5 s`);
      if (settle) await t.app.get(DataVersion).settle();
      return heard.filter((payload) => !payload.startsWith('settled:'));
    },
    close: () => listener.end(),
  };
}
