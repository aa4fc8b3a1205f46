import { formatTokens, gaugeDescription, gaugeLevel, type GaugeReading } from '../shared/contextGauge';
import { h } from './dom';

const UNKNOWN_TITLE = 'How full the model’s context window will be with the next message: shown once the conversation’s request is measured.';

/**
 * How full the model's context window will be with the next message, at every size: "12.4K / 200K" over a thin bar,
 * yellow from 70 %, red from 90 % and when it cannot fit. The bar's end shows the room kept for the answer. An
 * estimate (before count_tokens answers, or when it cannot) is marked ≈.
 */
export class ContextGauge {
  readonly element: HTMLElement;
  private readonly used: HTMLElement;
  private readonly windowText: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly reserved: HTMLElement;

  constructor() {
    this.used = h('span', { className: 'gauge-used' });
    this.windowText = h('span', { className: 'gauge-window' });
    this.fill = h('span', { className: 'gauge-fill' });
    this.reserved = h('span', { className: 'gauge-reserved' });
    this.element = h(
      'div',
      { className: 'context-gauge', role: 'meter', 'aria-label': 'Context window' },
      h('span', { className: 'gauge-text' }, this.used, this.windowText),
      h('span', { className: 'gauge-bar', 'aria-hidden': 'true' }, this.fill, this.reserved),
    );
    this.set(undefined);
  }

  set(reading: GaugeReading | undefined): void {
    const { element } = this;
    if (!reading || !(reading.contextWindow > 0)) {
      element.className = 'context-gauge level-unknown';
      this.used.textContent = '–';
      this.windowText.textContent = '';
      this.fill.style.width = '0';
      this.reserved.style.width = '0';
      element.title = UNKNOWN_TITLE;
      element.setAttribute('aria-valuemin', '0');
      element.setAttribute('aria-valuemax', '1');
      element.setAttribute('aria-valuenow', '0');
      element.setAttribute('aria-valuetext', 'not measured yet');
      return;
    }
    const level = gaugeLevel(reading);
    const windowTokens = reading.contextWindow;
    const used = Math.max(0, reading.usedTokens);
    const reserved = Math.min(Math.max(0, reading.reservedOutputTokens), windowTokens);
    element.className = `context-gauge level-${level}${reading.source === 'estimated' ? ' is-estimated' : ''}`;
    this.used.textContent = `${reading.source === 'estimated' ? '≈' : ''}${formatTokens(used)}`;
    this.windowText.textContent = ` / ${formatTokens(windowTokens)}`;
    this.fill.style.width = `${percent(Math.min(used, windowTokens), windowTokens)}%`;
    // The answer's room is drawn at the end of the bar, after what the request takes, never over it.
    this.reserved.style.width = `${percent(Math.min(reserved, Math.max(0, windowTokens - used)), windowTokens)}%`;
    element.title = gaugeDescription(reading);
    // aria-valuenow must lie within min..max: a request past the window reads as full, its text says by how much.
    element.setAttribute('aria-valuemin', '0');
    element.setAttribute('aria-valuemax', String(windowTokens));
    element.setAttribute('aria-valuenow', String(Math.min(used, windowTokens)));
    const estimated = reading.source === 'estimated' ? 'about ' : '';
    const over = level === 'over' ? ', too large to send' : '';
    element.setAttribute('aria-valuetext', `${estimated}${formatTokens(used)} of ${formatTokens(windowTokens)} tokens${over}`);
  }
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}
