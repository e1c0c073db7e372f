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
