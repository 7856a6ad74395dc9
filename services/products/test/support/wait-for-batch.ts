import { eventually } from '@marketplace/testkit';

/** Polls `read` until the batch it answers is finished (done or failed), or fails after `timeoutMs`. */
export async function waitForBatch<T extends { status: string }>(
  read: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  let batch: T | undefined;
  const finished = async () => {
    batch = await read();
    return batch.status === 'done' || batch.status === 'failed';
  };
  await eventually(() => `the batch to finish (still ${batch?.status})`, finished, timeoutMs);
  return batch as T;
}
