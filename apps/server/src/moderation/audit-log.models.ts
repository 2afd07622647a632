import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/connection';
import { AuditEntry } from './audit-entry.entity';

@ObjectType('AuditEntryEdge')
export class AuditEntryEdge {
  @Field() cursor!: string;
  @Field(() => AuditEntry) node!: AuditEntry;
}

/** A slice of the audit log, newest first. */
@ObjectType('AuditEntryConnection')
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge]) edges!: AuditEntryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many entries the whole log holds' }) totalCount!: number;
}
