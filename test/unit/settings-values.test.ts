import * as assert from 'node:assert/strict';
import { parseSettings, type SettingProblemWords } from '../../src/ui/session/settingsValues';

/** Words that show which check spoke, and with what. */
const words: SettingProblemWords = {
  wholeNumber: (key, min, max, fallback) => `${key}: whole ${min}..${max}, using ${fallback}`,
  text: (key) => `${key}: text`,
  notUsable: (key, reason) => `${key}: unusable (${reason})`,
  projectId: (key) => `${key}: project id`,
  notificationLevel: (key) => `${key}: level`,
  projectList: (key) => `${key}: list`,
  projectEntry: (key) => `${key}: entry`,
  projectNameTwice: (key, name) => `${key}: ${name} twice`,
};

const read = (values: Record<string, unknown>) => parseSettings((key) => values[key], words);

describe('settings values (checked without VS Code)', () => {
  it('gives the documented defaults when nothing is set', () => {
    const settings = read({});
    assert.deepEqual(
      {
        region: settings.region,
        endpoint: settings.endpoint?.href,
        iam: settings.iamEndpoint?.href,
        lastDays: settings.lastDays,
        pageSize: settings.pageSize,
        concurrency: settings.concurrency,
        timeout: settings.requestTimeoutMs,
        autoRefresh: settings.autoRefreshMs,
        notifications: settings.notifications,
        statusBar: [settings.statusBarEnabled, settings.statusBarShowZero],
        projects: settings.projects,
        problems: settings.problems,
      },
      {
        region: 'cn-north-4',
        endpoint: 'https://hss.cn-north-4.myhuaweicloud.com/',
        iam: 'https://iam.cn-north-4.myhuaweicloud.com/',
        lastDays: 7,
        pageSize: 200,
        concurrency: 4,
        timeout: 30_000,
        autoRefresh: 15_000,
        notifications: 'failures',
        statusBar: [true, true],
        projects: [],
        problems: [],
      },
    );
  });

  it('names each bad number with its bounds and uses the default: too high, too low, not whole, not a number', () => {
    for (const values of [
      { pageSize: 500, concurrency: 2.5, requestTimeoutSeconds: '60', lastDays: 31 },
      { pageSize: 9, concurrency: 0, requestTimeoutSeconds: 0, lastDays: -1 },
    ]) {
      const settings = read(values);
      assert.equal(settings.pageSize, 200);
      assert.equal(settings.concurrency, 4);
      assert.equal(settings.requestTimeoutMs, 30_000);
      assert.equal(settings.lastDays, 7);
      assert.deepEqual(settings.problems, [
        'HSS.lastDays: whole 0..30, using 7',
        'HSS.pageSize: whole 10..200, using 200',
        'HSS.concurrency: whole 1..16, using 4',
        'HSS.requestTimeoutSeconds: whole 1..300, using 30',
      ]);
    }
  });

  it('takes the bounds themselves, and 0 days as "no time limit"', () => {
    const settings = read({
      pageSize: 10,
      concurrency: 16,
      requestTimeoutSeconds: 300,
      lastDays: 0,
      autoRefreshSeconds: 0,
    });
    assert.deepEqual(
      [
        settings.pageSize,
        settings.concurrency,
        settings.requestTimeoutMs,
        settings.lastDays,
        settings.autoRefreshMs,
      ],
      [10, 16, 300_000, undefined, 0],
    );
    assert.deepEqual(settings.problems, []);
  });

  it('names an endpoint that is not usable, and which setting made it', () => {
    const bad = read({ endpoint: 'http://10.0.0.5' });
    assert.equal(bad.endpoint, undefined);
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0] ?? '', /^HSS\.endpoint: unusable \(.*plain http/);
    const badIam = read({ signInEndpoint: 'not a url' });
    assert.match(badIam.problems[0] ?? '', /^HSS\.signInEndpoint: unusable \(/);
    const explicit = read({ endpoint: ' https://hss.example.com ', region: 'ap-southeast-1' });
    assert.equal(explicit.endpoint?.href, 'https://hss.example.com/');
    assert.equal(explicit.explicitEndpoint, true);
    assert.equal(explicit.iamEndpoint?.href, 'https://iam.ap-southeast-1.myhuaweicloud.com/');
  });

  it('refuses a project id with a slash or space, and text settings that are not text', () => {
    const settings = read({ projectId: 'a/b', enterpriseProjectId: 42, notifications: 'loud' });
    assert.equal(settings.projectId, undefined);
    assert.equal(settings.enterpriseProjectId, undefined);
    assert.equal(settings.notifications, 'failures');
    assert.deepEqual(settings.problems, [
      'HSS.projectId: project id',
      'HSS.enterpriseProjectId: text',
      'HSS.notifications: level',
    ]);
    assert.equal(read({ projectId: '  p-1 ' }).projectId, 'p-1');
  });

  it('checks each project entry, leaving out the bad ones by their index', () => {
    const settings = read({
      region: 'cn-east-3',
      projects: [
        { name: 'prod', projectId: 'p-1' },
        { name: 'prod', projectId: 'p-2' },
        { name: 'dr', projectId: 'p 3' },
        'not an object',
        { name: 'eu', projectId: 'p-4', region: 'eu-west-101', enterpriseProjectId: 'e-1' },
        { name: 'lab', projectId: 'p-5', endpoint: 'http://10.0.0.9' },
      ],
    });
    assert.deepEqual(
      settings.projects.map((p) => [p.name, p.region, p.projectId, p.endpoint.href, p.enterpriseProjectId]),
      [
        ['prod', 'cn-east-3', 'p-1', 'https://hss.cn-east-3.myhuaweicloud.com/', undefined],
        ['eu', 'eu-west-101', 'p-4', 'https://hss.eu-west-101.myhuaweicloud.eu/', 'e-1'],
      ],
    );
    assert.equal(settings.problems.length, 4);
    assert.deepEqual(settings.problems.slice(0, 3), [
      'HSS.projects[1]: prod twice',
      'HSS.projects[2]: entry',
      'HSS.projects[3]: entry',
    ]);
    assert.match(settings.problems[3] ?? '', /^HSS\.projects\[5\]: unusable \(/);
    assert.deepEqual(read({ projects: {} }).problems, ['HSS.projects: list']);
  });

  it('turns the status bar off only for an explicit false', () => {
    const settings = read({ 'statusBar.enabled': false, 'statusBar.showWhenZero': 'no' });
    assert.deepEqual([settings.statusBarEnabled, settings.statusBarShowZero], [false, true]);
    const hideZero = read({ 'statusBar.showWhenZero': false });
    assert.deepEqual([hideZero.statusBarEnabled, hideZero.statusBarShowZero], [true, false]);
  });

  it('takes null (a setting cleared in settings.json) as not set: the default, and no problem', () => {
    const settings = read({
      region: null,
      endpoint: null,
      projectId: null,
      pageSize: null,
      lastDays: null,
      notifications: null,
      projects: null,
    });
    assert.deepEqual(
      [
        settings.region,
        settings.endpoint?.href,
        settings.projectId,
        settings.pageSize,
        settings.lastDays,
        settings.notifications,
        settings.projects,
        settings.problems,
      ],
      ['cn-north-4', 'https://hss.cn-north-4.myhuaweicloud.com/', undefined, 200, 7, 'failures', [], []],
    );
  });

  it('says whether the endpoints were set explicitly', () => {
    const none = read({});
    assert.deepEqual([none.explicitEndpoint, none.explicitIamEndpoint], [false, false]);
    const both = read({ endpoint: 'https://hss.example.com', signInEndpoint: 'https://iam.example.com' });
    assert.deepEqual(
      [both.explicitEndpoint, both.explicitIamEndpoint, both.iamEndpoint?.href],
      [true, true, 'https://iam.example.com/'],
    );
  });

  it('blames an unknown region on HSS.region alone (the sign-in endpoint was not set)', () => {
    const settings = read({ region: 'xx-moon-1' });
    assert.equal(settings.endpoint, undefined);
    assert.equal(settings.iamEndpoint, undefined);
    assert.deepEqual(settings.problems, [
      'HSS.region: unusable ("xx-moon-1" is not a known HSS region; set an endpoint URL for it instead.)',
    ]);
  });

  it('accepts a project id of up to 256 characters, here and in HSS.projects', () => {
    const longest = 'p'.repeat(256);
    const tooLong = 'p'.repeat(257);
    assert.equal(read({ projectId: longest }).projectId, longest);
    const refused = read({ projectId: tooLong });
    assert.equal(refused.projectId, undefined);
    assert.deepEqual(refused.problems, ['HSS.projectId: project id']);
    const listed = read({
      projects: [
        { name: 'a', projectId: longest },
        { name: 'b', projectId: tooLong },
      ],
    });
    assert.deepEqual(
      listed.projects.map((p) => p.name),
      ['a'],
    );
    assert.deepEqual(listed.problems, ['HSS.projects[1]: entry']);
  });

  it('takes each notification level as written, and only those', () => {
    assert.deepEqual(
      ['failures', 'all', 'off', ''].map((level) => {
        const settings = read({ notifications: level });
        return [settings.notifications, settings.problems];
      }),
      [
        ['failures', []],
        ['all', []],
        ['off', []],
        ['failures', ['HSS.notifications: level']],
      ],
    );
  });

  it('needs both a name and a project id in each project entry, and trims them', () => {
    const settings = read({
      projects: [
        { name: ' prod ', projectId: ' p-1 ', region: ' cn-east-3 ', enterpriseProjectId: ' e-1 ' },
        { name: 'no id' },
        { projectId: 'p-no-name' },
        null,
        { name: 'lab', projectId: 'p-5', endpoint: ' https://hss.lab.example ' },
      ],
    });
    assert.deepEqual(
      settings.projects.map((p) => [
        p.name,
        p.region,
        p.projectId,
        p.endpoint.href,
        p.explicitEndpoint,
        p.enterpriseProjectId,
      ]),
      [
        ['prod', 'cn-east-3', 'p-1', 'https://hss.cn-east-3.myhuaweicloud.com/', false, 'e-1'],
        ['lab', 'cn-north-4', 'p-5', 'https://hss.lab.example/', true, undefined],
      ],
    );
    assert.deepEqual(settings.problems, [
      'HSS.projects[1]: entry',
      'HSS.projects[2]: entry',
      'HSS.projects[3]: entry',
    ]);
    assert.deepEqual(read({ projects: {} }).projects, []);
  });
});
