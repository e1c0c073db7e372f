import * as assert from 'node:assert/strict';
import { needsDiscoveredProjectId, type TargetSettings, targetsOf } from '../../src/ui/session/targets';

const regionOnly: TargetSettings = {
  region: 'cn-north-4',
  explicitEndpoint: false,
  endpoint: new URL('https://hss.cn-north-4.myhuaweicloud.com'),
  projects: [],
};

describe('session targets', () => {
  it('shows nothing until a project id is known', () => {
    assert.deepEqual(targetsOf({ settings: regionOnly }), []);
    assert.equal(needsDiscoveredProjectId(regionOnly, false), true);
    assert.equal(needsDiscoveredProjectId(regionOnly, true), false, 'never asked while the sample is shown');
    assert.equal(
      needsDiscoveredProjectId({ ...regionOnly, endpoint: undefined }, false),
      false,
      'not asked while no endpoint is usable',
    );
  });

  it('takes the project of the settings, or the one a credential source knows', () => {
    assert.deepEqual(
      targetsOf({ settings: { ...regionOnly, projectId: 'p-1', enterpriseProjectId: 'e-1' } }),
      [
        {
          kind: 'cloud',
          name: undefined,
          label: 'cn-north-4',
          endpoint: new URL('https://hss.cn-north-4.myhuaweicloud.com'),
          projectId: 'p-1',
          region: 'cn-north-4',
          enterpriseProjectId: 'e-1',
        },
      ],
    );
    const [found] = targetsOf({ settings: regionOnly, discoveredProjectId: 'p-from-file' });
    assert.equal(found?.projectId, 'p-from-file');
    // The settings win over a discovered id.
    const [set] = targetsOf({ settings: { ...regionOnly, projectId: 'p-1' }, discoveredProjectId: 'p-2' });
    assert.equal(set?.projectId, 'p-1');
    assert.equal(needsDiscoveredProjectId({ ...regionOnly, projectId: 'p-1' }, false), false);
  });

  it('names an explicit endpoint by its host and guesses no region for it', () => {
    const [target] = targetsOf({
      settings: {
        ...regionOnly,
        explicitEndpoint: true,
        endpoint: new URL('https://hss.internal.example:8443'),
        projectId: 'p-1',
      },
    });
    assert.equal(target?.label, 'hss.internal.example:8443');
    assert.equal(target?.region, undefined);
  });

  it('shows the sample server instead of any project', () => {
    const targets = targetsOf({
      settings: { ...regionOnly, projectId: 'p-1' },
      sample: { url: 'http://127.0.0.1:4010', projectId: 'sample', label: 'sample data' },
    });
    assert.deepEqual(targets, [
      {
        kind: 'sample',
        label: 'sample data',
        endpoint: new URL('http://127.0.0.1:4010'),
        projectId: 'sample',
      },
    ]);
  });

  it('gives each configured project its own named target; a single entry is the unnamed primary one', () => {
    const project = (name: string, region: string) => ({
      name,
      region,
      projectId: `p-${name}`,
      endpoint: new URL(`https://hss.${region}.myhuaweicloud.com`),
      explicitEndpoint: false,
    });
    const two = targetsOf({
      settings: {
        ...regionOnly,
        projectId: 'ignored',
        projects: [project('prod', 'cn-north-4'), project('dr', 'cn-east-3')],
      },
    });
    assert.deepEqual(
      two.map((t) => [t.name, t.label, t.projectId]),
      [
        ['prod', 'cn-north-4', 'p-prod'],
        ['dr', 'cn-east-3', 'p-dr'],
      ],
    );
    const one = targetsOf({ settings: { ...regionOnly, projects: [project('prod', 'cn-north-4')] } });
    assert.deepEqual(
      one.map((t) => [t.name, t.projectId]),
      [[undefined, 'p-prod']],
    );
    assert.equal(
      needsDiscoveredProjectId({ ...regionOnly, projects: [project('prod', 'cn-north-4')] }, false),
      false,
    );
  });
});
