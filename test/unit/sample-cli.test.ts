import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describeServer, parseCliArgs } from '../../src/sample/cli';
import { startSampleServer } from '../../src/sample/server';

const CLI = path.join(__dirname, '../../src/sample/cli.ts');

describe('sample server CLI', () => {
  it('parses flags, with PORT from the environment and defaults otherwise', () => {
    assert.deepEqual(parseCliArgs([]), {
      port: 0,
      tasks: undefined,
      latencyMs: undefined,
      pageCap: undefined,
      arrivalsPerSecond: undefined,
      seed: undefined,
      token: undefined,
      accessKey: undefined,
      secretKey: undefined,
      password: undefined,
      region: undefined,
      static: false,
      help: false,
    });
    assert.equal(parseCliArgs([], { PORT: '8123' }).port, 8123);
    assert.deepEqual(
      parseCliArgs(
        ['--port', '9000', '--tasks', '10000', '--latency', '250', '--seed', '42', '--token', 'T'],
        {
          PORT: '1',
        },
      ),
      {
        port: 9000,
        tasks: 10000,
        latencyMs: 250,
        pageCap: undefined,
        arrivalsPerSecond: undefined,
        seed: 42,
        token: 'T',
        accessKey: undefined,
        secretKey: undefined,
        password: undefined,
        region: undefined,
        static: false,
        help: false,
      },
    );
    assert.equal(parseCliArgs(['--seed', 'demo']).seed, 'demo');
    assert.equal(parseCliArgs(['--page-cap', '100']).pageCap, 100);
    assert.equal(parseCliArgs(['--arrivals-per-second', '2.5']).arrivalsPerSecond, 2.5);
    assert.throws(() => parseCliArgs(['--page-cap', '0']), /--page-cap must be an integer from 1/);
    assert.throws(
      () => parseCliArgs(['--arrivals-per-second', 'fast']),
      /--arrivals-per-second must be a number/,
    );
    assert.equal(parseCliArgs(['-h']).help, true);
    assert.equal(parseCliArgs(['--static']).static, true);
    const keyed = parseCliArgs([
      '--ak',
      'AK',
      '--sk',
      'SK',
      '--password',
      'pw',
      '--region',
      'ap-southeast-1',
    ]);
    assert.deepEqual(
      [keyed.accessKey, keyed.secretKey, keyed.password, keyed.region],
      ['AK', 'SK', 'pw', 'ap-southeast-1'],
    );
  });

  it('rejects bad values with a message naming the flag', () => {
    assert.throws(() => parseCliArgs(['--port', '70000']), /--port/);
    assert.throws(() => parseCliArgs(['--tasks', 'many']), /--tasks/);
    assert.throws(() => parseCliArgs(['--latency', '-5']), /--latency|argument/);
    assert.throws(() => parseCliArgs(['--bogus']));
    assert.throws(() => parseCliArgs(['--ak', 'only-the-ak']), /--ak and --sk/);
  });

  it('describes the URL, project id, token and a ready-to-run request', async () => {
    const server = await startSampleServer({
      token: 'the-token',
      taskCount: 10,
      accessKeys: [{ accessKey: 'AKEXAMPLE', secretKey: 'SKEXAMPLE' }],
      iamUsers: [{ domainName: 'dom', name: 'alice', password: 'pw1' }],
    });
    try {
      const text = describeServer(server);
      for (const part of [
        server.url,
        server.projectId,
        'the-token',
        'cn-north-4',
        'AKEXAMPLE',
        'SKEXAMPLE',
        'alice',
        'pw1',
      ]) {
        assert.ok(text.includes(part), part);
      }
      assert.match(
        text,
        /curl -H "X-Auth-Token: the-token" "http:\/\/127\.0\.0\.1:\d+\/v5\/.+\/operation-logs\?offset=0&limit=10"/,
      );
    } finally {
      await server.close();
    }
  });

  it('runs as a program: serves on the printed URL and stops cleanly on Ctrl-C', async function () {
    this.timeout(30_000);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--tasks', '25', '--token', 'cli-token', '--seed', '3'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!/Press Ctrl-C/.test(output) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const url = /Endpoint:\s+(\S+)/.exec(output)?.[1];
      const projectId = /Project ID:\s+(\S+)/.exec(output)?.[1];
      assert.ok(url && projectId, output);
      assert.match(output, /Token:\s+cli-token/);
      assert.match(output, /Time passes in this world/);
      const res = await fetch(
        `${url}/v5/${projectId}/ransomware/backup/operation-logs?offset=0&limit=10&enterprise_project_id=all_granted_eps`,
        { headers: { 'X-Auth-Token': 'cli-token' } },
      );
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { total_num: number }).total_num, 25);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.match(output, /stopped/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
