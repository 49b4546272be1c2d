import { describe, expect, it } from 'vitest';
import { lowConfidencePath, placeConfidence } from '../../src/findings/path-policy.js';

describe('path policy', () => {
  it('lowers confidence in test, fixture, example and documentation paths', () => {
    const inArchives = ['dist/a.zip!tests/app.env', 'b.tgz!docs/setup.md', 'c.zip!README.md', 'd.zip!x.tgz!fixtures/k.json'];
    for (const path of ['test/fixtures/app.ts', 'docs/setup.md', 'src/__tests__/a.js', '.env.example', 'api.spec.ts', 'README.md', ...inArchives]) {
      expect(lowConfidencePath(path), path).toBe(true);
      expect(placeConfidence(path, { confidence: 'high' })).toEqual({ confidence: 'low', lowered: expect.stringMatching(/test|example|documentation/) });
    }
  });

  it('knows man pages, capitalised project documents and test-server folders, and not scripts named like them', () => {
    for (const path of [
      'rclone.1',
      'docs/git-config.5',
      'MANUAL.html',
      'MANUAL.txt',
      'FAQ',
      'INSTALL.md',
      'fstest/testserver/init.d/TestSMB',
      'test-utils/env.js',
    ]) {
      expect(lowConfidencePath(path), path).toBe(true);
    }
    for (const path of ['install.sh', 'scripts/news.js', 'src/usage.py', 'deploy/manual.go', 'config.yml', 'lib/latest/app.rb']) {
      expect(lowConfidencePath(path), path).toBe(false);
    }
  });

  it('keeps the confidence matching gave elsewhere, and a reason it already had', () => {
    expect(placeConfidence('src/app.ts', { confidence: 'high' })).toEqual({ confidence: 'high' });
    expect(placeConfidence('src/app.ts', { confidence: 'low', lowered: 'looks like an example' })).toEqual({
      confidence: 'low',
      lowered: 'looks like an example',
    });
    expect(placeConfidence('docs/a.md', { confidence: 'low', lowered: 'looks like an example' })).toEqual({
      confidence: 'low',
      lowered: 'looks like an example',
    });
  });
});
