import { describe, expect, it } from 'vitest';
import { secretsInOutputs } from '../../scripts/artifacts/redact.ts';
import { githubSecretMasker, maskCommands } from '../../scripts/cli/github-masks.ts';

describe('GitHub secret masks', () => {
  it('registers each secret once, escaped as workflow command data', () => {
    const masked = new Set<string>();
    expect(maskCommands(['p%ss-word-1', 'p%ss-word-1'], masked)).toEqual(['::add-mask::p%25ss-word-1']);
    expect(maskCommands(['p%ss-word-1', 'another-secret'], masked)).toEqual(['::add-mask::another-secret']);
  });

  it('masks each line of a multi-line secret on its own', () => {
    expect(maskCommands(['first-line\nsecond-line'], new Set())).toEqual([
      '::add-mask::first-line%0Asecond-line',
      '::add-mask::first-line',
      '::add-mask::second-line',
    ]);
  });

  it('leaves out values too short to be generated secrets', () => {
    expect(maskCommands(['abc', ''], new Set())).toEqual([]);
  });

  it('is only active under GitHub Actions', () => {
    expect(githubSecretMasker({}, false)).toBeUndefined();
    expect(githubSecretMasker({ GITHUB_ACTIONS: 'false' }, false)).toBeUndefined();
    expect(githubSecretMasker({ GITHUB_ACTIONS: 'true' }, false)).toBeTypeOf('function');
  });

  it('finds every value Pulumi marks secret among the outputs, by the mark and not by name', () => {
    const outputs = {
      webUrl: { value: 'http://127.0.0.1:1234', secret: false },
      anyName: { value: 'generated-password-1', secret: true },
      nested: { value: { token: 'generated-token-22', list: ['generated-item-333'] }, secret: true },
    };
    expect([...secretsInOutputs(outputs)].sort()).toEqual(['generated-item-333', 'generated-password-1', 'generated-token-22']);
  });
});
