import { type Queue } from 'bullmq';

/**
 * One repeating job for the whole fleet. Upserting a scheduler replaces its next job, which would pull it from
 * under a worker running it, so a schedule that is already right is left alone.
 */
export async function ensureRepeatingJob(
  queue: Queue,
  schedulerId: string,
  everyMs: number,
  jobName: string,
): Promise<void> {
  const existing = await queue.getJobScheduler(schedulerId);
  if (existing && Number(existing.every) === everyMs) return;
  await queue.upsertJobScheduler(
    schedulerId,
    { every: everyMs },
    { name: jobName, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
}
