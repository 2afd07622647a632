import { Module } from '@nestjs/common';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Full-text search (the `search` query); reads the tables of the other domains by SQL only. */
@Module({
  providers: [SearchService, SearchResolver],
})
export class SearchModule {}
