import { Logger } from '@aws-lambda-powertools/logger';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge-jobs' });

export interface DailyJobResult {
  ran: string;
  tasks: string[];
}

/**
 * The daily job (EventBridge Scheduler, 06:00 UTC). A placeholder for now: follow-up checks
 * and invitation expiry come with later issues and will be listed in `tasks`.
 */
export const handler = async (): Promise<DailyJobResult> => {
  const result: DailyJobResult = { ran: new Date().toISOString(), tasks: [] };
  logger.info('daily job ran', { tasks: result.tasks.length });
  return result;
};
