/**
 * The server details page as HTML, without VS Code: the adapter hands it every word already
 * translated. Every value passes through `escapeHtml` (host names, error texts and ids are
 * untrusted); numbers placed in SVG attributes are computed here and clamped. No inline style or
 * script: the CSP allows neither, so the vault bar and the timeline are SVG with attributes.
 */
import type { AnyTaskStatus } from '../../hss/model';
import type { CoverageState } from '../../tasks/coverage';
import { codiconClasses, escapeHtml, type WebviewDocument, webviewDocument } from '../shared/webviewHtml';

export interface TimelineMark {
  /** The task id, sent back when the mark is clicked. */
  readonly id: string;
  readonly at: number;
  readonly status: AnyTaskStatus;
  /** What hovering shows: status, backup name, times, error. */
  readonly label: string;
}

export interface ServerPageModel {
  readonly title: string;
  readonly state: CoverageState;
  readonly stateLabel: string;
  readonly stateCodicon: string;
  readonly reasons: readonly string[];
  readonly lastGood: string;
  readonly sections: readonly {
    readonly title: string;
    readonly rows: readonly (readonly [string, string | undefined])[];
  }[];
  readonly vault?: {
    readonly title: string;
    /** "470 GB of 500 GB (94%)". */
    readonly text: string;
    /** used / size, when both are known. */
    readonly ratio?: number;
    readonly nearlyFull: boolean;
  };
  readonly timeline: {
    readonly title: string;
    readonly from: number;
    readonly to: number;
    readonly marks: readonly TimelineMark[];
    /** Shown when there is no mark. */
    readonly empty: string;
    /** Labels under the axis: the first and last day, and "now". */
    readonly ticks: readonly { readonly at: number; readonly text: string }[];
    /** The legend: one entry per status shown. */
    readonly legend: readonly { readonly status: AnyTaskStatus; readonly text: string }[];
    readonly ariaLabel: string;
  };
  readonly footer: readonly (readonly [string, string | undefined])[];
  readonly actions: {
    readonly showTasks: string;
    readonly copy: string;
    readonly refresh: string;
    /** Absent: no console for this target (sample data, custom endpoint). */
    readonly openConsole?: string;
  };
  readonly stale?: string;
}

const WIDTH = 1000;
const LANE_HEIGHT = 18;
/** Rows of the timeline, top to bottom; every status has one. */
const LANES: Record<AnyTaskStatus, number> = {
  success: 0,
  failed: 1,
  timeout: 1,
  skipped: 2,
  running: 3,
  waiting: 3,
  unknown: 3,
};

function rows(items: readonly (readonly [string, string | undefined])[]): string {
  return items
    .filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '')
    .map(
      ([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
}

/** A number fit for an SVG attribute: finite, clamped, two decimals. */
function coordinate(value: number, min: number, max: number): string {
  const clamped = Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
  return String(Math.round(clamped * 100) / 100);
}

export function renderServerBody(model: ServerPageModel): string {
  const parts: string[] = [];
  if (model.stale) parts.push(`<div class="banner" role="status">${escapeHtml(model.stale)}</div>`);
  parts.push(`<header><h1>${escapeHtml(model.title)}</h1>`);
  parts.push(
    `<p class="coverage coverage-${model.state}"><span class="codicon ${codiconClasses(model.stateCodicon)}" aria-hidden="true"></span>${escapeHtml(model.stateLabel)}</p>`,
  );
  if (model.reasons.length > 0) {
    parts.push(
      `<ul class="reasons">${model.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`,
    );
  }
  parts.push(`<p class="last-good">${escapeHtml(model.lastGood)}</p></header>`);

  if (model.vault) {
    const ratio = model.vault.ratio;
    parts.push(`<section class="vault"><h2>${escapeHtml(model.vault.title)}</h2>`);
    if (ratio !== undefined) {
      const percent = coordinate(ratio * 100, 0, 100);
      parts.push(
        `<svg class="usage${model.vault.nearlyFull ? ' nearly-full' : ''}" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(model.vault.text)}"><rect class="track" x="0" y="0" width="100" height="6"></rect><rect class="fill" x="0" y="0" width="${percent}" height="6"></rect></svg>`,
      );
    }
    parts.push(`<p>${escapeHtml(model.vault.text)}</p></section>`);
  }

  parts.push(renderTimeline(model.timeline));

  for (const section of model.sections) {
    const body = rows(section.rows);
    if (!body) continue;
    parts.push(
      `<section><h2>${escapeHtml(section.title)}</h2><table class="fields"><tbody>${body}</tbody></table></section>`,
    );
  }

  parts.push(
    `<footer><table class="fields"><tbody>${rows(model.footer)}</tbody></table><div class="actions">`,
  );
  parts.push(`<button type="button" data-action="showTasks">${escapeHtml(model.actions.showTasks)}</button>`);
  parts.push(
    `<button type="button" class="secondary" data-action="copy">${escapeHtml(model.actions.copy)}</button>`,
  );
  parts.push(
    `<button type="button" class="secondary" data-action="refresh">${escapeHtml(model.actions.refresh)}</button>`,
  );
  if (model.actions.openConsole) {
    parts.push(
      `<button type="button" class="secondary" data-action="openConsole">${escapeHtml(model.actions.openConsole)}</button>`,
    );
  }
  parts.push('</div></footer>');
  return parts.join('\n');
}

function renderTimeline(timeline: ServerPageModel['timeline']): string {
  const parts = [`<section class="timeline"><h2>${escapeHtml(timeline.title)}</h2>`];
  if (timeline.marks.length === 0) {
    parts.push(`<p class="empty">${escapeHtml(timeline.empty)}</p></section>`);
    return parts.join('');
  }
  const span = Math.max(1, timeline.to - timeline.from);
  const x = (at: number) => coordinate(((at - timeline.from) / span) * WIDTH, 0, WIDTH);
  const height = 4 * LANE_HEIGHT + 6;
  parts.push(
    `<svg class="chart" viewBox="-8 0 ${WIDTH + 16} ${height + 18}" role="group" aria-label="${escapeHtml(timeline.ariaLabel)}">`,
  );
  for (let lane = 0; lane < 4; lane++) {
    const y = 3 + lane * LANE_HEIGHT + LANE_HEIGHT / 2;
    parts.push(`<line class="lane" x1="0" x2="${WIDTH}" y1="${y}" y2="${y}"></line>`);
  }
  for (const tick of timeline.ticks) {
    const at = x(tick.at);
    parts.push(
      `<line class="tick" x1="${at}" x2="${at}" y1="0" y2="${height}"></line><text class="tick-label" x="${at}" y="${height + 14}" text-anchor="${Number(at) < 50 ? 'start' : Number(at) > WIDTH - 50 ? 'end' : 'middle'}">${escapeHtml(tick.text)}</text>`,
    );
  }
  for (const mark of timeline.marks) {
    const y = 3 + LANES[mark.status] * LANE_HEIGHT + LANE_HEIGHT / 2;
    parts.push(
      `<g class="mark status-${mark.status}" data-task="${escapeHtml(mark.id)}" tabindex="0" role="button" aria-label="${escapeHtml(mark.label)}"><title>${escapeHtml(mark.label)}</title><rect x="${coordinate(Number(x(mark.at)) - 3, -8, WIDTH + 8)}" y="${y - 6}" width="6" height="12" rx="1.5"></rect></g>`,
    );
  }
  parts.push('</svg><ul class="legend">');
  for (const entry of timeline.legend) {
    parts.push(
      `<li><span class="swatch status-${entry.status}" aria-hidden="true"></span>${escapeHtml(entry.text)}</li>`,
    );
  }
  parts.push('</ul></section>');
  return parts.join('');
}

/** Plain text of the page, for Copy. */
export function serverText(model: ServerPageModel): string {
  const lines = [
    `${model.title}: ${model.stateLabel}`,
    ...model.reasons.map((reason) => `- ${reason}`),
    model.lastGood,
  ];
  if (model.vault) lines.push(`${model.vault.title}: ${model.vault.text}`);
  for (const section of [...model.sections, { title: '', rows: model.footer }]) {
    const filled = section.rows.filter((row) => row[1] !== undefined && row[1] !== '');
    if (filled.length === 0) continue;
    lines.push('');
    if (section.title) lines.push(section.title);
    for (const [label, value] of filled) lines.push(`${label}: ${value}`);
  }
  return lines.join('\n');
}

/** The whole page around its body. */
export function renderServerPage(options: WebviewDocument): string {
  return webviewDocument(options);
}
