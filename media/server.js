// The server page's script: buttons post a fixed set of messages, a timeline mark posts its task
// id; the extension re-renders the body in place. No inline handlers (the CSP forbids them).
(() => {
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('details');

  const openMark = (mark) => vscode.postMessage({ type: 'openTask', id: mark.getAttribute('data-task') });

  document.addEventListener('click', (event) => {
    const element = event.target instanceof Element ? event.target : null;
    const button = element?.closest('button[data-action]');
    if (button) {
      vscode.postMessage({ type: button.getAttribute('data-action') });
      return;
    }
    const mark = element?.closest('[data-task]');
    if (mark) openMark(mark);
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const mark = event.target instanceof Element ? event.target.closest('[data-task]') : null;
    if (!mark) return;
    event.preventDefault();
    openMark(mark);
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message?.type !== 'render' || typeof message.html !== 'string' || !main) return;
    // The extension escaped every value in this markup; scripts inserted this way never run.
    main.innerHTML = message.html;
  });
})();
