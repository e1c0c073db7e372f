/** knownHostNames' newest row, worstStatus with nothing counted, the API's "all projects" value. */
import * as assert from 'node:assert/strict';
import { ALL_ENTERPRISE_PROJECTS } from '../../src/tasks/filters';
import { countByStatus, worstStatus } from '../../src/tasks/grouping';
import { knownHostNames } from '../../src/tasks/hostNames';
import { assignIds } from '../../src/tasks/identity';

describe('names and worst status', () => {
  it('takes the name of the newest row of a host, whatever the list order', () => {
    const tasks = assignIds([
      { hostId: 'h1', hostName: 'renamed', status: 'success', startedAt: 2000 },
      { hostId: 'h1', hostName: 'old-name', status: 'success', startedAt: 1000 },
    ]);
    assert.deepEqual([...knownHostNames(tasks)], [['h1', 'renamed']]);
  });

  it('is unknown when nothing is counted', () => {
    assert.equal(worstStatus(countByStatus([])), 'unknown');
  });

  it('asks for every granted enterprise project by the API value', () => {
    assert.equal(ALL_ENTERPRISE_PROJECTS, 'all_granted_eps');
  });
});
