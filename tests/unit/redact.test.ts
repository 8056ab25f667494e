import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, secretsInStackExport } from '../../scripts/artifacts/redact.ts';

describe('createRedactor', () => {
  it('replaces every occurrence of every secret', () => {
    const redact = createRedactor(['hunter2hunter2', 'tok-123456']);
    expect(redact('a hunter2hunter2 b tok-123456 c hunter2hunter2')).toBe('a [secret] b [secret] c [secret]');
  });

  it('replaces a secret inside a connection string, also URL-encoded', () => {
    const redact = createRedactor(['p@ss/word']);
    expect(redact('postgres://app:p%40ss%2Fword@db/app and p@ss/word')).toBe('postgres://app:[secret]@db/app and [secret]');
  });

  it('prefers the longest secret when one contains another', () => {
    expect(createRedactor(['abcdef', 'abcdefghij'])('xabcdefghijx')).toBe('x[secret]x');
  });

  it('leaves text unchanged when there are no secrets', () => {
    expect(createRedactor([])('nothing to hide')).toBe('nothing to hide');
  });

  it('never leaves a secret in the output (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 30 }), fc.string(), fc.string(), (secret, before, after) => {
        const redacted = createRedactor([secret])(`${before}${secret}${after}${secret}`);
        return !redacted.includes(secret) || `${before}${after}`.includes(secret) || '[secret]'.includes(secret);
      }),
    );
  });
});

describe('secretsInStackExport', () => {
  it('collects the generated and the output secrets, not the values derived from them', () => {
    const deployment = {
      resources: [
        {
          type: 'docker:index/container:Container',
          outputs: {
            envs: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: '["STACK_NAME=x","PW=generated-pw"]' },
          },
        },
        {
          type: 'random:index/randomPassword:RandomPassword',
          outputs: {
            result: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: '"generated-pw"' },
            list: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: '["a-secret-1","a-secret-2"]' },
            plain: 'not secret',
          },
        },
      ],
    };
    expect([...secretsInStackExport(deployment)].sort()).toEqual(['a-secret-1', 'a-secret-2', 'generated-pw']);
  });
});
