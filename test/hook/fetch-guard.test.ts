// What a repository's own config may change about keyscan ci's fetch (src/sources/git-safe.ts).
import { describe, expect, it } from 'vitest';
import { fetchGuard, parseConfigList, type ConfigEntry } from '../../src/sources/git-safe.js';

const local = (key: string, value: string): ConfigEntry => ({ scope: 'local', key, value });
const origin = local('remote.origin.url', 'https://git.example.com/team/app.git');

describe('fetchGuard', () => {
  it('parses git config --list --show-scope -z', () => {
    expect(parseConfigList('global\0http.proxy\nhttp://p:3128\0local\0remote.origin.url\nhttps://h/r.git\0')).toEqual([
      { scope: 'global', key: 'http.proxy', value: 'http://p:3128' },
      { scope: 'local', key: 'remote.origin.url', value: 'https://h/r.git' },
    ]);
  });

  it("puts a repository's proxies back to the user's own, or none", () => {
    const entries = [origin, local('http.proxy', 'http://evil:1'), local('remote.origin.proxy', 'http://evil:2'), local('http.https://git.example.com/.proxy', 'http://evil:3')];
    expect(fetchGuard(entries, 'origin', {}).args).toEqual(['-c', 'http.proxy=', '-c', 'remote.origin.proxy=', '-c', 'http.https://git.example.com/.proxy=']);
    const user = [...entries, { scope: 'global', key: 'http.proxy', value: 'http://corp:3128' }];
    expect(fetchGuard(user, 'origin', {}).args).toContain('remote.origin.proxy=http://corp:3128');
    expect(fetchGuard(entries, 'origin', { https_proxy: 'http://env:8080' }).args).toContain('http.proxy=http://env:8080');
  });

  it('follows a rewrite that only adds credentials on the same host, refuses one to another host or scheme', () => {
    const token = local('url.https://ci-token:x@git.example.com/.insteadof', 'https://git.example.com/');
    expect(fetchGuard([origin, token], 'origin', {}).refusal).toBeNull();
    const away = local('url.https://elsewhere.example.net/.insteadof', 'https://git.example.com/');
    expect(fetchGuard([origin, away], 'origin', {}).refusal).toMatch(/rewrites the URL of origin/);
    const ssh = local('url.ssh://git@git.example.com/.insteadof', 'https://git.example.com/');
    expect(fetchGuard([origin, ssh], 'origin', {}).refusal).toMatch(/rewrites the URL/);
    const unrelated = local('url.https://git.example.com/.insteadof', 'git@git.example.com:');
    expect(fetchGuard([origin, unrelated], 'origin', {}).refusal).toBeNull();
    // The user's own rewrites (global config) are the user's business.
    expect(fetchGuard([origin, { ...away, scope: 'global' }], 'origin', {}).refusal).toBeNull();
  });

  it('refuses a remote helper', () => {
    expect(fetchGuard([origin, local('remote.origin.vcs', 'x')], 'origin', {}).refusal).toMatch(/remote\.origin\.vcs/);
  });
});
