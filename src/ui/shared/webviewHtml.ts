/**
 * What every webview page of the extension shares, without VS Code: escaping of untrusted text,
 * codicon classes, and the content security policy (nothing but the extension's own files and
 * scripts carrying the page's nonce).
 */

/** Every character that could end a text or an attribute value, as a numeric reference. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** "loading~spin" → "codicon-loading codicon-modifier-spin" */
export function codiconClasses(codicon: string): string {
  const [name, modifier] = codicon.split('~');
  return `codicon-${name}${modifier ? ` codicon-modifier-${modifier}` : ''}`;
}

/** The page's CSP: `default-src 'none'`, styles, images and fonts from the webview's source only. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
}
