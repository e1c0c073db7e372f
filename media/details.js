// The details page's script: buttons post a fixed set of messages; the extension re-renders
// the body in place. No inline handlers (the CSP forbids them), no HTML from anywhere else.
(() => {
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('details');

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!target) return;
    vscode.postMessage({ type: target.getAttribute('data-action') });
  });

  // The extension learns that the page is up (tests wait for it before closing the tab).
  vscode.postMessage({ type: 'ready' });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message?.type !== 'render' || typeof message.html !== 'string' || !main) return;
    // The extension escaped every value in this markup; scripts inserted this way never run.
    main.innerHTML = message.html;
  });
})();
