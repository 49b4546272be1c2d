import type { Argv } from 'yargs';
import type { Io } from '../io.js';

/** A CLI command's work: its options (yargs) and a handler that returns the exit code. */
export interface Command<A> {
  builder: (y: Argv) => Argv<A>;
  handler: (args: A, io: Io) => Promise<number>;
}

/**
 * A CLI command as the parser and `keyscan --help` see it: its usage and description, and the module
 * that does its work, loaded only when the command runs (or its own --help is asked for).
 */
export interface CommandEntry {
  command: string | string[];
  describe: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<Command<any>>;
}
