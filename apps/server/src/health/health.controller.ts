import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { DatabaseStartup } from '../database/database-startup.service';

@Controller()
export class HealthController {
  constructor(private readonly database: DatabaseStartup) {}

  /** The process is alive (for a supervisor's liveness check). */
  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  /** The database is reachable and migrated (for a load balancer's readiness check). */
  @Get('readyz')
  async readyz(): Promise<{ status: string }> {
    if (!(await this.database.isReady())) throw new ServiceUnavailableException({ status: 'database not ready' });
    return { status: 'ready' };
  }
}
