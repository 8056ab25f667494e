import { describe, expect, it } from 'vitest';
import { outputsOfDeployment } from '../../scripts/pulumi/deployment-outputs.ts';

const secret = (value: unknown) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: JSON.stringify(value) });

describe('outputsOfDeployment', () => {
  it('reads the root stack resource outputs in plain, marking the secret ones', () => {
    const deployment = {
      resources: [
        { type: 'pulumi:providers:docker', outputs: { version: '5.2.0' } },
        { type: 'pulumi:pulumi:Stack', outputs: { apiUrl: 'http://127.0.0.1:32775', adminPassword: secret('s3cr3t-pw'), services: { api: ['a-1', 'a-2'] } } },
      ],
    };
    expect(outputsOfDeployment(deployment)).toEqual({
      apiUrl: { value: 'http://127.0.0.1:32775', secret: false },
      adminPassword: { value: 's3cr3t-pw', secret: true },
      services: { value: { api: ['a-1', 'a-2'] }, secret: false },
    });
  });

  it('decodes a secret nested in an output, and marks secret only an output whose whole value is, as `stack output` does', () => {
    const deployment = { resources: [{ type: 'pulumi:pulumi:Stack', outputs: { database: { user: 'app', password: secret('pw-123456') }, ports: [secret(5432)] } }] };
    expect(outputsOfDeployment(deployment)).toEqual({
      database: { value: { user: 'app', password: 'pw-123456' }, secret: false },
      ports: { value: [5432], secret: false },
    });
  });

  it('gives no outputs for a state without a stack resource or outputs', () => {
    expect(outputsOfDeployment({ resources: [] })).toEqual({});
    expect(outputsOfDeployment({ resources: [{ type: 'pulumi:pulumi:Stack' }] })).toEqual({});
    expect(outputsOfDeployment(undefined)).toEqual({});
  });
});
