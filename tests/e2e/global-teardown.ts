import path from 'node:path';
import { clearServerState, removeStorage, serverState, stopServer } from './support/server-state';

/**
 * Stops the server global set-up started (SIGTERM, then waits for it to exit), then drops its
 * database or removes its temporary data folder. Runs even when set-up failed part-way.
 */
export default async function globalTeardown(): Promise<void> {
  const state = serverState();
  const problems: string[] = [];
  const badExit = await stopServer(state).catch((error: unknown) => `could not stop the server: ${String(error)}`);
  if (badExit) problems.push(badExit);
  try {
    await removeStorage(state);
  } catch (error) {
    problems.push(`could not remove the test database or data folder: ${error instanceof Error ? error.message : String(error)}`);
  }
  const logFile = state.logFile;
  clearServerState();
  if (problems.length > 0) {
    const where = logFile ? ` (server log: ${path.relative(process.cwd(), logFile)})` : '';
    throw new Error(`E2E teardown: ${problems.join('; ')}${where}`);
  }
}
