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
