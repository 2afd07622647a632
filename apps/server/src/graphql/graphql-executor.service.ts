import { Injectable } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { ReadOptions } from '@commonplace/load-context';
import { DocumentNode, ExecutionResult, GraphQLError, execute, parse, validate } from 'graphql';
import { LRUCache } from 'lru-cache';
import { isDatabaseUnavailable, serviceUnavailableError } from '../database/database-unavailable';
import { DataVersion } from '../database/data-version.service';
import { createRequestContext, RequestContext } from './request-context';

/** The loaders' read options (the contract with the web client), for any caller of the executor. */
export type ExecuteOptions = ReadOptions;

/**
 * Runs GraphQL operations in-process against the same schema `/graphql` serves: the web client's
 * server-side loaders use it instead of a loopback HTTP call. Parsed and validated documents are
 * cached, since loaders send the same few queries over and over; so are the results of cacheable
 * queries, until DataVersion says the data changed (set READ_CACHE=off to measure without).
 */
@Injectable()
export class GraphqlExecutor {
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  private readonly results = new LRUCache<string, { readAt: number; pages: readonly number[] | null; result: ExecutionResult }>({ max: 2000 });
  private readonly readCacheEnabled = process.env.READ_CACHE !== 'off';
  /** Cacheable reads answered from the read cache, and those that were not (the metrics read these). */
  readonly readCache = { hits: 0, misses: 0 };

  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly dataVersion: DataVersion,
  ) {}

  async execute<T = Record<string, unknown>>(
    source: string,
    variables: Record<string, unknown> = {},
    context: RequestContext = createRequestContext(),
    options: ExecuteOptions = {},
  ): Promise<ExecutionResult<T>> {
    // The session could not be looked up: running as anonymous would answer "sign in" wrongly.
    if (context.req?.databaseUnavailable) return { errors: [serviceUnavailableError()] };
    const document = this.prepare(source);
    if (!('kind' in document)) return { errors: document };
    // The stamp is taken before reading, so a change committed meanwhile makes this entry stale at once.
    const readAt = this.readCacheEnabled ? this.dataVersion.current() : null;
    const cacheable = options.cacheable && readAt !== null && document.definitions.every((definition) => definition.kind !== 'OperationDefinition' || definition.operation === 'query');
    const key = cacheable ? `${context.viewer?.user.id ?? 'anonymous'}\0${source}\0${JSON.stringify(variables)}` : '';
    if (cacheable) {
      const cached = this.results.get(key);
      if (cached && this.dataVersion.isCurrent(cached.readAt, cached.pages)) {
        this.readCache.hits++;
        // Still current, so it is what a read now would give: noted as read now. Noting its first
        // stamp instead would make a page that also read something site-wide stale at once (the
        // page keeps the earliest stamp, and site-wide reads are stale after any change since).
        context.reads.note(readAt, cached.pages);
        return cached.result as ExecutionResult<T>;
      }
      this.readCache.misses++;
    }
    const result = (await execute({
      schema: this.schemaHost.schema,
      document,
      variableValues: variables,
      contextValue: context,
    })) as ExecutionResult<T>;
    // One typed error the page can explain (503, "nothing was saved"), not the driver's message.
    if (result.errors?.some((error) => isDatabaseUnavailable(error))) return { errors: [serviceUnavailableError()] };
    const pages = !result.errors && result.data && options.concerns ? options.concerns(result.data) : null;
    context.reads.note(readAt, pages);
    // Something only this person sees that changes with no notification: no page built on it is kept for them.
    if (context.personal && context.viewer) context.reads.note(null, null);
    // A personal result (unread markers, say) would be stale after the next view marks it read.
    if (cacheable && !result.errors && readAt !== null && !context.personal && !context.readingShown) this.results.set(key, { readAt, pages, result: result as ExecutionResult });
    // A form action's write: the redirect that follows must read it, not what was read before it.
    if (document.definitions.some((definition) => definition.kind === 'OperationDefinition' && definition.operation === 'mutation')) await this.dataVersion.settle();
    return result;
  }

  private prepare(source: string): DocumentNode | readonly GraphQLError[] {
    let document = this.documents.get(source);
    if (!document) {
      try {
        const parsed = parse(source);
        const errors = validate(this.schemaHost.schema, parsed);
        document = errors.length > 0 ? errors : parsed;
      } catch (error) {
        document = [error as GraphQLError];
      }
      if (this.documents.size < 500) this.documents.set(source, document);
    }
    return document;
  }
}
