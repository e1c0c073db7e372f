// Data scenarios: whole-data-set variations, as opposed to per-request faults.
import type { SampleTask } from './data';

// Template-engine probes (kept literal: the dollar sign is concatenated to keep it out of any template).
const TEMPLATE_PROBE = `${'$'}{{7*7}} {{constructor}}`;

export type SampleScenario = 'default' | 'html-injection';

/**
 * Markup and script in every free-text field, to prove that the tree, tooltips and the webview
 * escape what the API returns. Host ids keep a per-host suffix so task identities stay distinct.
 */
export function applyHtmlInjection(tasks: SampleTask[]): SampleTask[] {
  return tasks.map((task, index) => ({
    ...task,
    hostId: `"><svg onload=alert(1)>-${task.hostId.slice(0, 8)}`,
    hostName: '<img src=x onerror=alert(1)>',
    backupName: `<b>bold</b><script>alert('bk')</script>_${index}`,
    errorInfo: {
      code: '<i>HSS.1117</i>',
      message: `<script>alert('x')</script><a href="javascript:alert(2)">details</a> ${TEMPLATE_PROBE}`,
    },
  }));
}

export function applyScenario(tasks: SampleTask[], scenario: SampleScenario): SampleTask[] {
  return scenario === 'html-injection' ? applyHtmlInjection(tasks) : tasks;
}
