import { describe, expect, it } from 'vitest';
import { lowConfidencePath, placeConfidence } from '../../src/findings/path-policy.js';

describe('path policy', () => {
  it('lowers confidence in test, fixture, example and documentation paths', () => {
    for (const path of ['test/fixtures/app.ts', 'docs/setup.md', 'src/__tests__/a.js', '.env.example', 'api.spec.ts', 'README.md']) {
      expect(lowConfidencePath(path), path).toBe(true);
      expect(placeConfidence(path, { confidence: 'high' })).toEqual({ confidence: 'low', lowered: expect.stringMatching(/test|example|documentation/) });
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
