import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeJson } from '../src/index.js';

describe('terminalSafe', () => {
  it('turns every character a terminal acts on into its visible escape; tab and newline stay', () => {
    const hostile = 'a\u001b[2J\u001b]0;pwned\u0007b\rc\u0008\u009b31m\u007f\u202eevil\tok\nnext';
    const safe = terminalSafe(hostile);
    expect(safe).toBe('a\\x1b[2J\\x1b]0;pwned\\x07b\\x0dc\\x08\\x9b31m\\x7f\\u202eevil\tok\nnext');
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(terminalSafe('集群 cluster-1 é')).toBe('集群 cluster-1 é');
  });

  it('keeps JSON meaning while escaping what JSON.stringify leaves raw', () => {
    const value = { name: 'x\u009b2J\u001b[31m\u202e' };
    const json = terminalSafeJson(JSON.stringify(value));
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
