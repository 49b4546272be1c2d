// How every git process keyscan starts is made safe against the repository it reads. A scanned
// repository is hostile: its .git/config, attributes and hooks must never make git run a program,
// reach the network or change what keyscan parses. One set of `-c` overrides (command-line config
// beats every config file) and one environment, applied by `gitInvocation` to every call.

/**
 * Overrides put before every subcommand. Keys that name a program (or make git run one) are
 * pointed at nothing; options whose output keyscan parses are pinned to git's defaults.
 */
const SAFE_CONFIG: Record<string, string> = {
  // Programs a repository's config can name.
  'core.fsmonitor': 'false',
  'core.untrackedCache': 'false',
  'core.hooksPath': '/dev/null', // reference-transaction, post-index-change, pre-auto-gc …
  'core.askPass': '',
  'core.sshCommand': 'ssh',
  'core.gitProxy': 'none',
  'core.alternateRefsCommand': '',
  'credential.helper': '', // an empty value resets the list of helpers
  'log.showSignature': 'false', // else gpg.program runs on every signed commit
  'gpg.program': 'false',
  'gpg.ssh.program': 'false',
  'gpg.x509.program': 'false',
  'submodule.recurse': 'false',
  'fetch.recurseSubmodules': 'false',
  'gc.auto': '0',
  'maintenance.auto': 'false',
  // No transport at all, unless a call asks for one (see FETCH_CONFIG): a partial clone's lazy
  // fetch of a missing object then fails instead of reaching the network.
  'protocol.allow': 'never',
  'protocol.file.allow': 'never',
  'protocol.https.allow': 'never',
  'protocol.http.allow': 'never',
  'protocol.ssh.allow': 'never',
  'protocol.git.allow': 'never',
  'protocol.ext.allow': 'never', // ext:: runs a shell command
  'protocol.fd.allow': 'never',
  // Output keyscan parses: colours, quoting, prefixes, context, encodings, names.
  'color.ui': 'never',
  'color.diff': 'never',
  'color.grep': 'never',
  'core.quotePath': 'true',
  'diff.noprefix': 'false',
  'diff.mnemonicPrefix': 'false',
  'diff.relative': 'false',
  'diff.interHunkContext': '0',
  'diff.context': '3', // every call passes -U0 too; pinned so no call can forget it
  'diff.algorithm': 'myers',
  'diff.suppressBlankEmpty': 'false',
  'diff.colorMoved': 'no',
  'diff.orderFile': '/dev/null',
  'diff.ignoreSubmodules': 'none',
  'diff.submodule': 'short',
  'log.follow': 'false',
  'log.mailmap': 'false',
  'log.decorate': 'false',
  'log.showRoot': 'true',
  'i18n.logOutputEncoding': 'UTF-8',
  'grep.fallbackToNoIndex': 'false',
  'grep.patternType': 'fixed',
  'grep.lineNumber': 'false',
  'grep.column': 'false',
  'grep.fullName': 'false',
  // Bounded memory in git itself (mapped pack windows and the delta cache count towards its RSS).
  'core.packedGitLimit': '64m',
  'core.packedGitWindowSize': '16m',
  'core.deltaBaseCacheLimit': '32m',
};

/** What a fetch (keyscan ci deepening a shallow clone) may use: the transports CIs clone over. */
export const FETCH_CONFIG: string[] = [
  '-c', 'protocol.https.allow=always',
  '-c', 'protocol.http.allow=always',
  '-c', 'protocol.ssh.allow=always',
  '-c', 'protocol.file.allow=always',
];

/** The transports a fetch may use. GIT_ALLOW_PROTOCOL, when set, is the whole list: no config can add one. */
const FETCH_PROTOCOLS = ['https', 'http', 'ssh', 'file'];

/** Options for `git fetch` itself: never the repository's upload-pack command, never submodules. */
export const FETCH_OPTIONS = ['--upload-pack=git-upload-pack', '--no-recurse-submodules', '--no-write-fetch-head'];

/** Variables a caller may export that would point git at another repository, index or object store. */
const REDIRECTS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_EXTERNAL_DIFF',
  'GIT_DIFF_OPTS',
  'GIT_PAGER',
  'GIT_SHALLOW_FILE',
  'GIT_REPLACE_REF_BASE',
];

export interface GitInvocationOptions {
  /** Keep the GIT_INDEX_FILE git gives a pre-commit hook (keyscan staged). */
  keepIndexFile?: boolean;
  /** Read core.hooksPath as the repository sets it (keyscan install asks where hooks live). */
  realHooksPath?: boolean;
  /** keyscan ci deepening a clone: the transports in FETCH_PROTOCOLS only (every other call gets none). */
  fetch?: boolean;
}

/** The leading arguments and the environment of one git call. */
export function gitInvocation(options: GitInvocationOptions = {}, base: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  const args = ['--no-pager', '--no-replace-objects'];
  for (const [key, value] of Object.entries(SAFE_CONFIG)) {
    if (key === 'core.hooksPath' && options.realHooksPath) continue;
    args.push('-c', `${key}=${value}`);
  }
  const env: NodeJS.ProcessEnv = { ...base };
  const keepIndex = options.keepIndexFile === true;
  for (const name of REDIRECTS) if (!(keepIndex && name === 'GIT_INDEX_FILE')) delete env[name];
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '', // an empty value stops git from asking any program (core.askPass, SSH_ASKPASS)
    SSH_ASKPASS: '',
    SSH_ASKPASS_REQUIRE: 'never',
    GIT_NO_LAZY_FETCH: '1', // git ≥ 2.44; older gits are held by protocol.allow=never
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_GRAFT_FILE: '/dev/null', // .git/info/grafts could hide commits
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_OPTIONAL_LOCKS: '0', // never rewrite the index as a side effect
    GIT_CONFIG_NOSYSTEM: '1',
    // Beats every protocol.*.allow a repository sets (an unknown name there would let a remote helper run).
    GIT_ALLOW_PROTOCOL: options.fetch ? FETCH_PROTOCOLS.join(':') : '',
    LC_ALL: 'C',
    LANGUAGE: '',
  });
  return { args, env };
}

/** One line of `git config --list --show-scope -z`. */
export interface ConfigEntry {
  scope: string;
  /** As git prints it: section and name lower-cased, a subsection as written. */
  key: string;
  value: string;
}

export function parseConfigList(out: string): ConfigEntry[] {
  const parts = out.split('\0');
  const entries: ConfigEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const nl = parts[i + 1].indexOf('\n');
    entries.push({ scope: parts[i], key: nl < 0 ? parts[i + 1] : parts[i + 1].slice(0, nl), value: nl < 0 ? '' : parts[i + 1].slice(nl + 1) });
  }
  return entries;
}

/** Config a repository (not the user) wrote: its own .git/config, worktree config and what they include. */
const fromRepository = (e: ConfigEntry) => e.scope === 'local' || e.scope === 'worktree';

export interface FetchGuard {
  /** `-c` overrides for this fetch, on top of SAFE_CONFIG. */
  args: string[];
  /** Why keyscan will not fetch at all, or null. */
  refusal: string | null;
}

/**
 * What a repository's own config must not change about keyscan ci's fetch from `remote`: its proxies
 * (http.proxy, http.<url>.proxy, remote.<name>.proxy) are put back to the user's own (global config or
 * the environment's proxy variables, else none); a URL rewrite (url.<base>.insteadOf) or a remote helper
 * (remote.<name>.vcs) cannot be undone from the command line, so keyscan does not fetch through them.
 */
export function fetchGuard(entries: ConfigEntry[], remote: string, env: NodeJS.ProcessEnv): FetchGuard {
  const repo = entries.filter(fromRepository);
  const user = entries.filter((e) => e.scope === 'global');
  const globalValue = (key: string) => user.filter((e) => e.key.toLowerCase() === key.toLowerCase()).pop()?.value;
  const urls = entries.filter((e) => e.key === `remote.${remote}.url`).map((e) => e.value);
  if (urls.length === 0) urls.push(remote);
  const envProxy = (url: string) =>
    (/^https:/i.test(url) ? (env.https_proxy ?? env.HTTPS_PROXY) : /^http:/i.test(url) ? env.http_proxy : undefined) ?? env.all_proxy ?? env.ALL_PROXY ?? '';
  const args: string[] = [];
  const seen = new Set<string>();
  for (const e of repo) {
    const key = e.key;
    const lower = key.toLowerCase();
    const isProxy = lower === 'http.proxy' || (/^(http|remote)\..+\.proxy$/i.test(key) && lower.endsWith('.proxy'));
    if (!isProxy || seen.has(key)) continue;
    seen.add(key);
    args.push('-c', `${key}=${globalValue(key) ?? globalValue('http.proxy') ?? envProxy(urls[0])}`);
  }
  const vcs = repo.find((e) => e.key === `remote.${remote}.vcs`);
  if (vcs) return { args, refusal: `the repository's configuration names a remote helper for ${remote} (remote.${remote}.vcs), a program keyscan does not run` };
  // A rewrite that keeps the scheme and host (a CI runner adding its job token) is followed; any other is refused.
  const sameHost = (from: string, to: string) => {
    try {
      const a = new URL(from);
      const b = new URL(to);
      return a.protocol === b.protocol && a.host === b.host && /^https?:$/.test(a.protocol);
    } catch {
      return false;
    }
  };
  const rewrite = repo.find((e) => {
    const m = /^url\.(.+)\.insteadof$/i.exec(e.key);
    if (!m || e.value === '') return false;
    return urls.some((u) => u.startsWith(e.value) && !sameHost(u, m[1] + u.slice(e.value.length)));
  });
  if (rewrite) {
    return { args, refusal: `the repository's configuration rewrites the URL of ${remote} (${rewrite.key}), and keyscan does not fetch through a repository's rewrites` };
  }
  return { args, refusal: null };
}
