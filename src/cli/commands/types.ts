import type { Argv } from 'yargs';
import type { Io } from '../io.js';

/** A CLI command: yargs wiring plus a handler that returns the exit code. */
export interface Command<A> {
  command: string | string[];
  describe: string;
  builder: (y: Argv) => Argv<A>;
  handler: (args: A, io: Io) => Promise<number>;
}
