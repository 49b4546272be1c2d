import { describe, expect, it } from 'vitest';
import { redosRisk } from '../../src/engine/redos.js';

describe('redosRisk', () => {
  it.each(['(a+)+', '(?<secret>(a+)+)', '(\\w+\\s?)*', '(?:[a-z]+)+b', '(x|x)*', '(?:a|ab)+', '(\\d*)*'])('flags %s', (p) => {
    expect(redosRisk(p)).not.toBeNull();
  });
  it.each([
    '(?<secret>sk-proj-[A-Za-z0-9_-]{16,100}T3BlbkFJ[A-Za-z0-9_-]{16,100})',
    'sk-(?:svcacct|service|[a-z0-9]+(?:-[a-z0-9]+){1,4})-',
    '(?:-[a-z0-9]+)*',
    '(?:\\.[a-z]+)+',
    '(?:[A-Za-z0-9+/]{4})*',
    '(?:ab|cd)+',
  ])('accepts %s', (p) => {
    expect(redosRisk(p)).toBeNull();
  });
});
