/** `make stop`: stops a stack that `make run-all` started, through its pid file. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { PID_FILE } from './stack-paths.ts';

const signal = (pid: number) => {
  try {
    process.kill(pid, 'SIGTERM');
    return true;
  } catch {
    return false;
  }
};

if (!existsSync(PID_FILE)) {
  console.log('no stack is running (no .run/stack.pids)');
} else {
  const [launcher, ...services] = readFileSync(PID_FILE, 'utf8').split('\n').map(Number);
  // The launcher stops its services in order; if it is gone, its services are stopped directly.
  if (signal(launcher!)) console.log(`asked the stack (pid ${launcher}) to stop`);
  else {
    for (const pid of services) signal(pid);
    rmSync(PID_FILE, { force: true });
    console.log('stopped the services of a stack whose launcher was gone');
  }
}
