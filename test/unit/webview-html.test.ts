import * as assert from 'node:assert/strict';
import { codiconClasses, escapeHtml, webviewCsp } from '../../src/ui/shared/webviewHtml';

describe('webview HTML shared by the pages', () => {
  it('escapes every character that could end a text or an attribute', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="alert('1')">&\``),
      '&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;&#96;',
    );
    assert.equal(escapeHtml('web-服务器-02'), 'web-服务器-02');
  });

  it('names codicons with their modifier', () => {
    assert.equal(codiconClasses('loading~spin'), 'codicon-loading codicon-modifier-spin');
    assert.equal(codiconClasses('error'), 'codicon-error');
  });

  it('allows nothing but the webview source and the nonce', () => {
    assert.equal(
      webviewCsp('vscode-resource:', 'N0nce'),
      "default-src 'none'; style-src vscode-resource:; script-src 'nonce-N0nce'; img-src vscode-resource:; font-src vscode-resource:",
    );
  });
});
