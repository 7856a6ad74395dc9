/** Where a running native stack records its launcher's and services' process ids. */
export const PID_FILE = new URL('../../../../.run/stack.pids', import.meta.url).pathname;
