import Module from 'node:module';

/**
 * Jest's global setup runs in plain Node, outside the sandbox where `moduleNameMapper` applies, so the
 * workspace's path aliases (`@commonplace/*`) are resolved here from the same table.
 */
// The workspace's Jest preset, read by path: it is configuration, not a project to import.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries
const { moduleNameMapper } = require('../../../../jest.preset') as { moduleNameMapper: Record<string, string> };
const aliases = new Map(Object.entries(moduleNameMapper).map(([pattern, target]) => [pattern.replace(/^\^|\$$/g, ''), target]));
const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
  return resolve.call(this, aliases.get(request) ?? request, ...rest);
};
