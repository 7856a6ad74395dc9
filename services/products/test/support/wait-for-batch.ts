/** Polls `read` until the batch it answers is finished (done or failed), or fails after `timeoutMs`. */
export async function waitForBatch<T extends { status: string }>(
  read: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await read();
    if (batch.status === 'done' || batch.status === 'failed') return batch;
    if (Date.now() > deadline) throw new Error(`batch still ${batch.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
