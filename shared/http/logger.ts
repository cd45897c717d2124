import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. What is logged is chosen field by field at each call site:
 * request ids, routes, statuses, timings and error names, never names, emails or bodies.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'SILENT' | undefined) ?? 'INFO',
});
