import { Module } from '@nestjs/common';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';
import { QueryCostBudget } from './query-cost-budget';

@Module({ providers: [PostgresThrottlerStorage, QueryCostBudget], exports: [PostgresThrottlerStorage, QueryCostBudget] })
export class SecurityModule {}
