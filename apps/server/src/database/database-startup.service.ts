import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MasterclassSeeder } from '../seed/masterclass-seeder';
import { migrations } from './migrations';

/** Any number that no other part of the app uses as an advisory lock key. */
const STARTUP_LOCK = 7_402_008;

/**
 * Migrates and seeds the database before the app serves anything. An advisory lock makes several
 * processes starting at once take turns, so each migration and the seed run exactly once.
 */
@Injectable()
export class DatabaseStartup implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seeder: MasterclassSeeder,
  ) {}

  async onModuleInit(): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) this.logger.log(`Commonplace: applied ${applied.length} database migration(s)`);
      // The import command brings a whole wiki into an empty database: the sample wiki must not fill it first.
      if (process.env.COMMONPLACE_SEED !== 'off' && (await this.seeder.seedIfEmpty())) this.logger.log('Commonplace: loaded the 2008 masterclass wiki into the empty database');
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
      await lock.release();
    }
  }

  /** Reachable, and every migration this build knows is applied. */
  async isReady(): Promise<boolean> {
    try {
      const latest = migrations[migrations.length - 1].name;
      const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM migrations WHERE name = $1', [latest]);
      return rows.length === 1;
    } catch {
      return false;
    }
  }
}
