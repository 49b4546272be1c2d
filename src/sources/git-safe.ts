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
    LC_ALL: 'C',
    LANGUAGE: '',
  });
  return { args, env };
}
