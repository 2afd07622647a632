import { DynamicModule, Global, Module } from '@nestjs/common';
import { createLogger, type SiteLogger } from './logger';
import { SiteMetrics } from './metrics';

/** The injection token of the process' pino logger. */
export const SITE_LOGGER = Symbol('SITE_LOGGER');

/** The request log and the metrics: configureHttp puts both in front of every request. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger?: SiteLogger): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [{ provide: SITE_LOGGER, useValue: logger ?? createLogger() }, SiteMetrics],
      exports: [SITE_LOGGER, SiteMetrics],
    };
  }
}
