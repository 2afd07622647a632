import { Injectable } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DocumentNode, ExecutionResult, GraphQLError, execute, parse, validate } from 'graphql';
import { createRequestContext, RequestContext } from './request-context';

/**
 * Runs GraphQL operations in-process against the same schema `/graphql` serves: the web client's
 * server-side loaders use it instead of a loopback HTTP call. Parsed and validated documents are
 * cached, since loaders send the same few queries over and over.
 */
@Injectable()
export class GraphqlExecutor {
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(private readonly schemaHost: GraphQLSchemaHost) {}

  async execute<T = Record<string, unknown>>(
    source: string,
    variables: Record<string, unknown> = {},
    context: RequestContext = createRequestContext(),
  ): Promise<ExecutionResult<T>> {
    const document = this.prepare(source);
    if (!('kind' in document)) return { errors: document };
    return (await execute({
      schema: this.schemaHost.schema,
      document,
      variableValues: variables,
      contextValue: context,
    })) as ExecutionResult<T>;
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
