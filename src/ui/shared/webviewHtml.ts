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

export interface WebviewDocument {
  /** The page's body, already escaped where it holds untrusted text. */
  readonly body: string;
  readonly nonce: string;
  readonly cspSource: string;
  readonly styleUris: readonly string[];
  readonly codiconsUri: string;
  readonly scriptUri: string;
  readonly title: string;
  /** The display language, for `lang`. */
  readonly language: string;
}

/** The document around a page's body: CSP, codicons and styles, the one nonce-bearing script. */
export function webviewDocument(options: WebviewDocument): string {
  const csp = webviewCsp(options.cspSource, options.nonce);
  const styles = options.styleUris
    .map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.codiconsUri)}">
${styles}
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="details">${options.body}</main>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}
