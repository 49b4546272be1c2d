import { KeyscanError } from '../errors.js';

// Whether the human report is coloured, by the conventions picocolors and most CLIs follow:
// --color / --no-color first, then NO_COLOR (any non-empty value: off), then FORCE_COLOR (0 or false:
// off, anything else: on, even on a pipe), then TERM=dumb (off), else colour on a terminal only.

export function colorWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !/^(0|false)$/i.test(force.trim());
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

const WHEN: Record<string, string | null> = { always: '--color', yes: '--color', force: '--color', true: '--color', never: '--no-color', no: '--no-color', none: '--no-color', false: '--no-color', auto: null, tty: null, 'if-tty': null };

/**
 * `--color=always|never|auto`, as git, grep and ls take it. yargs reads any value but `true` on a
 * boolean option as false, so `--color=always` silently turned colour off. Each such argument becomes
 * `--color`, `--no-color` or nothing (auto: the default); another value is an error (exit 2).
 */
export function colorWhen(argv: string[]): { argv: string[]; error?: KeyscanError } {
  const out: string[] = [];
  for (const arg of argv) {
    const m = /^--colou?r=(.*)$/s.exec(arg);
    if (!m) {
      out.push(arg);
      continue;
    }
    const flag = WHEN[m[1].toLowerCase()];
    if (flag === undefined) return { argv, error: new KeyscanError(`invalid ${arg}: expected --color=always, --color=never or --color=auto`) };
    if (flag !== null) out.push(flag);
  }
  return { argv: out };
}
