import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum MediawikiImportState {
  Running = 'running',
  Finished = 'finished',
  Failed = 'failed',
  Interrupted = 'interrupted',
}
registerEnumType(MediawikiImportState, {
  name: 'MediawikiImportState',
  description: 'Running; finished (the report is there); failed (the error says why); interrupted (its server stopped: upload the same dump again to continue).',
});

@ObjectType('MediawikiImportRun', { description: 'An import of a MediaWiki dump uploaded on /admin/import, and how far it has got.' })
export class MediawikiImportRunModel {
  @Field(() => Int) id!: number;
  @Field({ description: 'The uploaded file’s name.' }) fileName!: string;
  @Field(() => MediawikiImportState) state!: MediawikiImportState;
  @Field(() => Int) pagesDone!: number;
  @Field(() => Int, { nullable: true, description: 'The dump’s pages, once its first reading has counted them.' }) pagesTotal!: number | null;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it failed or stopped, in one line that says what to do.' }) error!: string | null;
  @Field(() => String, { nullable: true, description: 'The import report (Markdown), once finished.' }) report!: string | null;
}
