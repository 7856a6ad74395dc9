import { setMaxListeners } from 'node:events';

type Tasks<T extends readonly unknown[]> = { [K in keyof T]: (signal: AbortSignal) => Promise<T[K]> };

/**
 * Runs `tasks` in parallel, each with one shared signal that aborts when the caller's `signal`
 * does or when any task fails: the first failure cancels the others and is what rejects, so no
 * call keeps running for an answer nobody will read. Resolves with every result, in task order.
 */
export async function allOrCancel<T extends readonly unknown[]>(
  tasks: readonly [...Tasks<T>],
  signal?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const shared = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
  // Every task and every call inside it listens on the one signal: many listeners is the point.
  setMaxListeners(0, shared);
  const running = tasks.map((task) =>
    task(shared).catch((err: unknown) => {
      controller.abort(err);
      throw err;
    }),
  );
  // Promise.all observes every task, so the cancelled ones' later rejections are handled too.
  return (await Promise.all(running)) as unknown as T;
}
