import * as assert from 'node:assert/strict';
import type { Task } from '../../src/tasks/identity';
import {
  type DetailsModel,
  type DetailsWords,
  detailsText,
  renderDetailsBody,
  renderDetailsPage,
} from '../../src/ui/details/detailsHtml';

/** English words written out by hand, with markers where the adapter's functions are used. */
const words: DetailsWords = {
  language: 'en',
  hiddenBanner: 'Hidden by the filter.',
  goneBanner: 'No longer listed.',
  clearFilters: 'Clear Filters',
  status: 'Status',
  progress: 'Progress',
  server: 'Server',
  serverId: 'Server ID',
  backup: 'Backup',
  started: 'Started',
  ended: 'Ended',
  duration: 'Duration',
  elapsed: 'Elapsed',
  error: 'Error',
  errorCode: 'Error code',
  code: 'Code',
  noCode: '(none given)',
  noMessage: 'No message.',
  copyError: 'Copy Error',
  whatToDo: 'What to do',
  unknownCode: 'Unknown code.',
  requestId: 'Request ID',
  loaded: 'Loaded',
  copyDetails: 'Copy Details',
  refresh: 'Refresh',
  keepOpen: 'Keep Open',
  keepOpenTitle: 'Keep this page',
  openConsole: 'Open in HSS Console',
  statusLabel: (status) => `<${status}>`,
  statusCodicon: (status) => (status === 'failed' ? 'error' : 'loading~spin'),
  taskLabel: (task) => task.hostName ?? '(unnamed server)',
  errorHint: (code) => (code === 'HSS.1117' ? 'Grow the vault & retry.' : undefined),
};

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
/** 09:00 on the clock of the machine: the page writes local times ("2026-12-01 08:40:00"). */
const LOCAL_NINE = new Date(2026, 11, 1, 9, 0, 0).getTime();
const MINUTE = 60_000;

function model(task: Partial<Task>, extra: Partial<DetailsModel> = {}): DetailsModel {
  return {
    task: { id: 't1', status: 'failed', ...task } as Task,
    gone: false,
    consoleAvailable: false,
    now: T0,
    ...extra,
  };
}

describe('task details page (HTML without VS Code)', () => {
  it('escapes every value the API sent: names, ids, raw status, error code and message', () => {
    const html = renderDetailsBody(
      model({
        hostName: '<img src=x onerror=alert(1)>',
        hostId: '"id"&more',
        backupName: "b'1",
        rawStatus: '<b>odd</b>',
        error: { code: '<c>', message: '</pre><script>alert(2)</script>' },
      }),
      words,
    );
    assert.ok(!html.includes('<img'), 'no tag from the host name');
    assert.ok(!html.includes('<script>'), 'no tag from the error message');
    assert.ok(!html.includes('<b>odd'), 'no tag from the raw status');
    assert.ok(html.includes('<h1>&#60;img src=x onerror=alert(1)&#62;</h1>'));
    assert.ok(html.includes('<td class="mono">&#34;id&#34;&#38;more</td>'));
    assert.ok(html.includes('<td class="mono">b&#39;1</td>'));
    assert.ok(html.includes('<code>&#60;b&#62;odd&#60;/b&#62;</code>'));
    assert.ok(html.includes('<code>&#60;c&#62;</code>'));
    assert.ok(
      html.includes(
        '<pre class="error-message">&#60;/pre&#62;&#60;script&#62;alert(2)&#60;/script&#62;</pre>',
      ),
    );
    // The adapter's words are escaped too.
    assert.ok(html.includes('&#60;failed&#62;'));
  });

  it('shows a problem with its code, message and the hint for a known code, or says none was given', () => {
    const known = renderDetailsBody(model({ error: { code: 'HSS.1117', message: 'Vault full' } }), words);
    assert.ok(known.includes('<strong>What to do:</strong> Grow the vault &#38; retry.'));
    const bare = renderDetailsBody(model({ status: 'timeout' }), words);
    assert.ok(bare.includes('<code>(none given)</code>'));
    assert.ok(bare.includes('<pre class="error-message">No message.</pre>'));
    assert.ok(bare.includes('Unknown code.'));
    const fine = renderDetailsBody(model({ status: 'success' }), words);
    assert.ok(!fine.includes('class="error"'), 'a success has no error section');
  });

  it('clamps the progress bar and shows it only for running (and waiting with a reading) tasks', () => {
    const over = renderDetailsBody(model({ status: 'running', progress: 150 }), words);
    assert.ok(over.includes('<progress max="100" value="100" aria-label="Progress">100%</progress>'));
    const under = renderDetailsBody(model({ status: 'running', progress: -5 }), words);
    assert.ok(under.includes('value="0"'));
    assert.ok(!renderDetailsBody(model({ status: 'waiting' }), words).includes('<progress'));
    assert.ok(renderDetailsBody(model({ status: 'waiting', progress: 0 }), words).includes('<progress'));
    assert.ok(!renderDetailsBody(model({ status: 'success', progress: 100 }), words).includes('<progress'));
  });

  it('says hidden (with Clear Filters) before gone, and offers Keep Open and the console only when they apply', () => {
    const hidden = renderDetailsBody(model({}, { hidden: true, gone: true }), words);
    assert.ok(
      hidden.includes(
        'Hidden by the filter. <button type="button" class="secondary" data-action="clearFilters">',
      ),
    );
    assert.ok(!hidden.includes('No longer listed.'));
    assert.ok(renderDetailsBody(model({}, { gone: true }), words).includes('No longer listed.'));
    const preview = renderDetailsBody(model({}, { pinned: false, consoleAvailable: true }), words);
    assert.ok(preview.includes('data-action="keepOpen" title="Keep this page">Keep Open</button>'));
    assert.ok(preview.includes('data-action="openConsole"'));
    const pinned = renderDetailsBody(model({}, { pinned: true }), words);
    assert.ok(!pinned.includes('keepOpen'));
    assert.ok(!pinned.includes('openConsole'));
  });

  it('lays out a running task: title, status, progress bar, fields, footer and the two actions', () => {
    const html = renderDetailsBody(
      model(
        {
          status: 'running',
          hostName: 'web-01',
          hostId: 'h-1',
          backupName: 'daily',
          progress: 40,
          startedAt: LOCAL_NINE - 20 * MINUTE,
        },
        { requestId: 'req-7', loadedAt: LOCAL_NINE - 30_000, now: LOCAL_NINE },
      ),
      words,
    );
    assert.deepEqual(html.split('\n'), [
      '<header><h1>web-01</h1>',
      '<p class="status status-running"><span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span>&#60;running&#62;</p></header>',
      '<div class="progress"><progress max="100" value="40" aria-label="Progress">40%</progress><span>40%</span></div>',
      '<table class="fields"><tbody>',
      '<tr><th scope="row">Server</th><td class="">web-01</td></tr>',
      '<tr><th scope="row">Server ID</th><td class="mono">h-1</td></tr>',
      '<tr><th scope="row">Backup</th><td class="mono">daily</td></tr>',
      '<tr><th scope="row">Progress</th><td class="">40%</td></tr>',
      '<tr><th scope="row">Started</th><td class="">2026-12-01 08:40:00 (20 minutes ago)</td></tr>',
      '', // not ended
      '<tr><th scope="row">Elapsed</th><td class="">20 min</td></tr>',
      '</tbody></table>',
      '<footer><table class="fields"><tbody>',
      '<tr><th scope="row">Request ID</th><td class="mono">req-7</td></tr>',
      '<tr><th scope="row">Loaded</th><td class="">2026-12-01 08:59:30 (now)</td></tr>',
      '</tbody></table>',
      '<div class="actions">',
      '<button type="button" data-action="copyDetails">Copy Details</button>',
      '<button type="button" class="secondary" data-action="refresh">Refresh</button>',
      '</div></footer>',
    ]);
  });

  it('lays out a failed task that is gone: banner, raw status, the error section, Keep Open and the console', () => {
    const html = renderDetailsBody(
      model(
        {
          status: 'failed',
          hostName: 'db-02',
          hostId: 'h-2',
          backupName: '',
          rawStatus: 'FAIL',
          error: { code: 'HSS.1117', message: 'Vault full' },
        },
        { gone: true, pinned: false, consoleAvailable: true },
      ),
      words,
    );
    assert.deepEqual(html.split('\n'), [
      '<div class="banner" role="status">No longer listed.</div>',
      '<header><h1>db-02</h1>',
      '<p class="status status-failed"><span class="codicon codicon-error" aria-hidden="true"></span>&#60;failed&#62; <code>FAIL</code></p></header>',
      '<table class="fields"><tbody>',
      '<tr><th scope="row">Server</th><td class="">db-02</td></tr>',
      '<tr><th scope="row">Server ID</th><td class="mono">h-2</td></tr>',
      '', // an empty backup name is no row
      '', // no progress
      '', // not started: no start, end or duration
      '',
      '',
      '</tbody></table>',
      '<section class="error" aria-labelledby="error-title"><h2 id="error-title">Error</h2>',
      '<p class="error-code"><span>Code:</span> <code>HSS.1117</code></p>',
      '<pre class="error-message">Vault full</pre>',
      '<button type="button" class="secondary" data-action="copyError">Copy Error</button>',
      '<p class="hint"><strong>What to do:</strong> Grow the vault &#38; retry.</p></section>',
      '<footer><table class="fields"><tbody>',
      '', // no request id
      '', // never loaded
      '</tbody></table>',
      '<div class="actions">',
      '<button type="button" data-action="copyDetails">Copy Details</button>',
      '<button type="button" class="secondary" data-action="refresh">Refresh</button>',
      '<button type="button" class="secondary" data-action="keepOpen" title="Keep this page">Keep Open</button>',
      '<button type="button" class="secondary" data-action="openConsole">Open in HSS Console</button>',
      '</div></footer>',
    ]);
  });

  it('counts no elapsed time for a task that started but is not running', () => {
    const html = renderDetailsBody(
      model({ status: 'waiting', startedAt: LOCAL_NINE - 10 * MINUTE }, { now: LOCAL_NINE }),
      words,
    );
    assert.ok(html.split('\n').includes('<tr><th scope="row">Elapsed</th><td class="">0 s</td></tr>'));
  });

  it('says how long a task took, or has been running, from the injected now', () => {
    const ended = renderDetailsBody(
      model({
        status: 'success',
        startedAt: T0 - 4 * 3_600_000,
        endedAt: T0 - 4 * 3_600_000 + (3 * 60 + 5) * 60_000,
      }),
      words,
    );
    assert.match(ended, /<th scope="row">Duration<\/th><td class="">3 h 5 min<\/td>/);
    const running = renderDetailsBody(model({ status: 'running', startedAt: T0 - 45_000 }), words);
    assert.match(running, /<th scope="row">Elapsed<\/th><td class="">45 s<\/td>/);
  });

  it('copies the details as plain text, unescaped, without empty lines', () => {
    const text = detailsText(
      model(
        {
          hostName: 'web <1>',
          rawStatus: 'FAIL',
          startedAt: T0,
          error: { code: 'HSS.1117', message: 'Vault full' },
        },
        { requestId: 'req-9' },
      ),
      words,
    );
    assert.equal(
      text,
      [
        'Status: <failed> (FAIL)',
        'Server: web <1>',
        'Started: 2026-12-01T09:00:00.000Z',
        'Error code: HSS.1117',
        'Error: Vault full',
        'Request ID: req-9',
      ].join('\n'),
    );
  });

  it('copies every field there is, one line each, in the order of the page', () => {
    const text = detailsText(
      model(
        {
          status: 'success',
          rawStatus: 'SUCCESS',
          hostName: 'web-01',
          hostId: 'h-1',
          backupName: 'daily',
          progress: 100,
          startedAt: T0 - 20 * MINUTE,
          endedAt: T0 - 5 * MINUTE,
          error: { code: 'HSS.0001', message: 'Warning only' },
        },
        { requestId: 'req-7', loadedAt: LOCAL_NINE - 30_000, now: LOCAL_NINE },
      ),
      words,
    );
    assert.deepEqual(text.split('\n'), [
      'Status: <success> (SUCCESS)',
      'Server: web-01',
      'Server ID: h-1',
      'Backup: daily',
      'Progress: 100%',
      'Started: 2026-12-01T08:40:00.000Z',
      'Ended: 2026-12-01T08:55:00.000Z',
      'Error code: HSS.0001',
      'Error: Warning only',
      'Request ID: req-7',
      'Loaded: 2026-12-01 08:59:30 (now)',
    ]);
  });

  it('copies only the status of a task that has nothing else, leaving out empty and missing fields', () => {
    assert.equal(detailsText(model({ status: 'failed', hostName: '' }), words), 'Status: <failed>');
  });

  it('puts the page in the display language, with the CSP and escaped URIs', () => {
    const page = renderDetailsPage({
      body: '<p>x</p>',
      nonce: 'n0nce',
      cspSource: 'vscode-resource:',
      styleUri: 'https://file+.vscode-resource/a"b.css',
      codiconsUri: 'c.css',
      scriptUri: 'd.js',
      title: 'web <1> · backup',
      language: 'zh-cn',
    });
    assert.ok(page.includes('<html lang="zh-cn">'));
    assert.ok(page.includes('<title>web &#60;1&#62; · backup</title>'));
    assert.ok(page.includes('href="https://file+.vscode-resource/a&#34;b.css"'));
    assert.ok(page.includes('<script nonce="n0nce" src="d.js"></script>'));
    assert.ok(page.includes("script-src 'nonce-n0nce'"));
  });
});
