import * as assert from 'node:assert/strict';
import {
  renderServerBody,
  renderServerPage,
  type ServerPageModel,
  serverText,
} from '../../src/ui/servers/serverPageHtml';

const HOSTILE = `<img src=x onerror="alert(1)">&'\``;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 12);

function model(patch: Partial<ServerPageModel> = {}): ServerPageModel {
  return {
    title: HOSTILE,
    state: 'vaultProblem',
    stateLabel: 'Vault problem',
    stateCodicon: 'database',
    reasons: [`The vault is ${HOSTILE}`],
    lastGood: 'last good backup 3 days ago',
    sections: [
      {
        title: 'Server',
        rows: [
          ['Name', HOSTILE],
          ['Empty', undefined],
          ['Blank', ''],
        ],
      },
    ],
    vault: { title: 'Vault usage', text: '470 GB used of 500 GB (94%)', ratio: 0.94, nearlyFull: true },
    timeline: {
      title: 'Task history (2 tasks)',
      from: NOW - 14 * DAY,
      to: NOW,
      marks: [
        { id: `h1|${HOSTILE}|1`, at: NOW - 7 * DAY, status: 'success', label: `Success · ${HOSTILE}` },
        { id: 'h1|b|2', at: NOW - 100 * DAY, status: 'failed', label: 'Failed' },
      ],
      empty: 'No task',
      ticks: [{ at: NOW, text: 'now' }],
      legend: [{ status: 'success', text: 'Success' }],
      ariaLabel: 'Task history',
    },
    footer: [['Request ID', 'req-1']],
    actions: {
      showTasks: 'Show Tasks',
      copy: 'Copy Details',
      refresh: 'Refresh',
      openConsole: 'Open in HSS Console',
    },
    ...patch,
  };
}

describe('server page HTML', () => {
  it('escapes every untrusted string, in text and in attributes', () => {
    const html = renderServerBody(model());
    assert.equal(html.includes('<img'), false);
    assert.equal(html.includes('onerror="'), false);
    assert.ok(html.includes('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;&#39;&#96;'));
    // The mark's task id goes back to the extension through a data attribute, escaped.
    assert.ok(
      html.includes('data-task="h1|&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;&#39;&#96;|1"'),
    );
  });

  it('places marks on the time axis, clamped to it, coloured by status class', () => {
    const html = renderServerBody(model());
    // 7 of 14 days: the middle of 1000 units, minus half the mark's width.
    assert.match(html, /class="mark status-success"[^>]*>.*?<rect x="497" /);
    // Before the range: centred on the left edge.
    assert.match(html, /class="mark status-failed"[^>]*>.*?<rect x="-3" /);
    assert.equal((html.match(/role="button"/g) ?? []).length, 2);
    assert.ok(html.includes('<title>Success · &#60;img'));
  });

  it('draws the vault bar with an attribute width (no inline style), marked nearly full', () => {
    const html = renderServerBody(model());
    assert.ok(html.includes('<svg class="usage nearly-full"'));
    assert.ok(html.includes('<rect class="fill" x="0" y="0" width="94" height="6">'));
    assert.equal(html.includes('style='), false);
    const over = renderServerBody(model({ vault: { title: 'V', text: 't', ratio: 7, nearlyFull: true } }));
    assert.ok(over.includes('width="100" height="6"></rect></svg>'));
    const noRatio = renderServerBody(model({ vault: { title: 'V', text: 'unknown', nearlyFull: false } }));
    assert.equal(noRatio.includes('class="usage'), false);
  });

  it('leaves out empty rows, shows the empty timeline text and the console button only when given', () => {
    const html = renderServerBody(
      model({
        timeline: { ...model().timeline, marks: [] },
        actions: { showTasks: 'Show Tasks', copy: 'Copy', refresh: 'Refresh' },
      }),
    );
    assert.equal(html.includes('Empty'), false);
    assert.equal(html.includes('Blank'), false);
    assert.ok(html.includes('<p class="empty">No task</p>'));
    assert.equal(html.includes('data-action="openConsole"'), false);
    assert.ok(html.includes('data-action="showTasks"'));
  });

  it('the page: CSP with default-src none and the nonce, nothing inline', () => {
    const page = renderServerPage({
      body: '<p>b</p>',
      nonce: 'abc123',
      cspSource: 'vscode-webview://x',
      styleUris: ['s1.css', 's2.css'],
      codiconsUri: 'c.css',
      scriptUri: 'server.js',
      title: HOSTILE,
      language: 'zh-cn',
    });
    assert.ok(
      page.includes(
        `content="default-src 'none'; style-src vscode-webview://x; script-src 'nonce-abc123'; img-src vscode-webview://x; font-src vscode-webview://x"`,
      ),
    );
    assert.ok(page.includes('<script nonce="abc123" src="server.js"></script>'));
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.ok(page.includes('<title>&#60;img'));
    assert.ok(page.includes('<html lang="zh-cn">'));
  });

  it('copies as plain text, unescaped', () => {
    const text = serverText(model());
    assert.equal(
      text,
      [
        `${HOSTILE}: Vault problem`,
        `- The vault is ${HOSTILE}`,
        'last good backup 3 days ago',
        'Vault usage: 470 GB used of 500 GB (94%)',
        '',
        'Server',
        `Name: ${HOSTILE}`,
        '',
        'Request ID: req-1',
      ].join('\n'),
    );
  });
});
