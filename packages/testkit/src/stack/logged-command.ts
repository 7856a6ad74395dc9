import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readableLogLine } from './log-lines.ts';

/** How {@link runLoggedCommand} runs a command and where its lines go. */
export interface LoggedCommand {
  /** Shown before each line, e.g. `loms seed`. */
  label: string;
  /** Picks the label's colour (the process's place in the stack). */
  index: number;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where each readable line goes (default: console.log). */
  print?: (line: string) => void;
}

/**
 * Runs a command to its end with every line of its stdout and stderr shown as a readable log line
 * under `label` (JSON log lines made readable, others as they are), so a seeder's warnings, such as
 * a rejected fixture row, reach the person running the stack. Fails naming the label when the
 * command exits with an error or cannot start.
 */
export function runLoggedCommand(options: LoggedCommand): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const drained = [child.stdout, child.stderr].map(
    (input) =>
      new Promise<void>((resolve) =>
        createInterface({ input })
          .on('line', (line) => print(readableLogLine(options.label, options.index, line, 16)))
          .once('close', resolve),
      ),
  );
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`${options.label} could not start: ${err.message}`)));
    child.once('close', (code, signal) => {
      void Promise.all(drained).then(() =>
        code === 0
          ? resolve()
          : reject(
              new Error(`${options.label} failed (${signal ?? `exit code ${code}`}); its output is above`),
            ),
      );
    });
  });
}
