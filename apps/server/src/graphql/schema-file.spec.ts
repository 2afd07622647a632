import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { createTestApp, type TestApp } from '../testing/test-app';

// The web client's documents are typed from schema.graphql (gql.tada), so the file must be the
// schema the server really serves. `npm run schema` rewrites it (WRITE_SCHEMA=1 runs this spec).
const schemaFile = path.join(__dirname, '../../../../schema.graphql');

describe('schema.graphql', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('is the schema the server serves (run `npm run schema` after changing it)', () => {
    const served = printSchema(testApp.app.get(GraphQLSchemaHost).schema) + '\n';
    if (process.env.WRITE_SCHEMA === '1') writeFileSync(schemaFile, served);
    expect(readFileSync(schemaFile, 'utf8')).toBe(served);
  });
});
