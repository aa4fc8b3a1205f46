import type { ToolCallState, ToolDecision } from '../shared/protocol';
import { toolTitle } from '../shared/toolCatalog';
import { NOT_RUN_RESULT, toolInput, type ToolResultBlock, type ToolUseBlock } from '../shared/toolTurns';
import { button, codicon, h } from './dom';

/** What a tool row asks of the host: a decision on its card, or to open the file its result read. */
export interface ToolCallLinks {
  decide(toolUseId: string, decision: ToolDecision): void;
  openFile(path: string, line?: number): void;
}

/** What the transcript knows about a call besides the call itself. */
export interface ToolCallContext {
  /** Its result, from the user turn after the answer on the visible path. */
  result?: ToolResultBlock;
  /** Its place in the tool loop, from the host's latest `tools/calls`. */
  call?: ToolCallState;
  /** The answer is still being written (the call's input may still grow). */
  streaming: boolean;
  /** The host may still answer it (the newest answer while the chat is busy): not "Not run" yet. */
  pending: boolean;
}

export type ToolCallStatus = 'writing' | 'pending' | 'awaitingApproval' | 'running' | 'done' | 'error' | 'notRun';

/** Where a call stands, from what the transcript knows of it. */
export function toolCallStatus(context: ToolCallContext): ToolCallStatus {
  const { result, call } = context;
  if (result) return result.content === NOT_RUN_RESULT ? 'notRun' : result.isError ? 'error' : 'done';
  if (call) return call.state;
  if (context.streaming) return 'writing';
  return context.pending ? 'pending' : 'notRun';
}

/**
 * Rows the user opened, by tool use id: the transcript rebuilds message views (a branch switch, the turn after it
 * arriving), and a row opened to read must not snap shut under them.
 */
const openRows = new Set<string>();

/** How long the status may quote an error's first line before it is cut (the row stays one line). */
const MAX_STATUS_LENGTH = 160;

/**
 * One tool call and its result as a single compact row: what was called (its title) and how it went, collapsed;
 * opened, the exact input and the result. While the call waits for approval the row is open and carries its card:
 * Allow once, Allow for this conversation (not for a sensitive file) and Deny. The input, the result and every
 * name in them come from the model or the workspace: they are set as text only.
 */
export class ToolCallView {
  readonly element: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly titleElement: HTMLElement;
  private readonly statusElement: HTMLElement;
  private readonly fileSlot: HTMLElement;
  private readonly body: HTMLElement;
  private readonly inputText: Text;
  private readonly resultSection: HTMLElement;
  private card: { element: HTMLElement; sensitivePath: string | undefined } | undefined;
  private context: ToolCallContext = { streaming: false, pending: false };
  /** The result the body shows; drawn only once the row is opened (results can be long, most are never read). */
  private drawnResult: ToolResultBlock | undefined;
  /** The file the chip opens ("path:line"), to rebuild it only when that changes. */
  private chipKey = '';
  private title = '';

  constructor(
    private readonly block: ToolUseBlock,
    live: boolean,
    private readonly links: ToolCallLinks | undefined,
  ) {
    const bodyId = `tool-body-${block.id}`;
    this.titleElement = h('span', { className: 'tool-title' });
    this.statusElement = h('span', { className: 'tool-status' });
    this.toggle = h(
      'button',
      { type: 'button', className: 'tool-toggle', 'aria-expanded': 'false', 'aria-controls': bodyId },
      codicon('chevron-right'),
      codicon(toolIcon(block.name)),
      this.titleElement,
      this.statusElement,
    );
    this.toggle.addEventListener('click', () => this.onToggle());
    this.fileSlot = h('span', { className: 'tool-file-slot' });
    this.inputText = document.createTextNode(block.inputJson);
    this.resultSection = h('div', { className: 'tool-section tool-result-section', hidden: true });
    this.body = h(
      'div',
      { className: 'tool-body', id: bodyId, hidden: true },
      h('div', { className: 'tool-section' }, h('div', { className: 'tool-section-label' }, 'Input'), h('pre', { className: 'tool-input' }, this.inputText)),
      this.resultSection,
    );
    this.element = h('div', { className: 'block tool-call', 'data-tool-use-id': block.id }, h('div', { className: 'tool-row' }, this.toggle, this.fileSlot), this.body);
    this.context = { streaming: live, pending: false };
    if (!live) this.prettyPrintInput();
    this.render();
  }

  get toolUseId(): string {
    return this.block.id;
  }

  get status(): ToolCallStatus {
    return toolCallStatus(this.context);
  }

  /** The row's title as shown ("Read `src/foo.ts` 1–80"). */
  get titleText(): string {
    return this.title;
  }

  /** More of the input's JSON arrived. */
  appendInput(json: string): void {
    this.inputText.appendData(json);
  }

  /** The input is complete: pretty-print it and name the call from it. */
  finishInput(): void {
    this.prettyPrintInput();
    this.render();
  }

  update(context: ToolCallContext): void {
    this.context = context;
    this.render();
  }

  private render(): void {
    const status = this.status;
    const result = this.context.result;
    this.title = toolTitle(this.block.name, titleInput(this.block, result));
    this.titleElement.replaceChildren(...withCode(this.title));
    this.element.className = `block tool-call is-${status}`;
    this.statusElement.replaceChildren(...statusNodes(status, result));
    if (status === 'error' && result) this.statusElement.title = firstLine(result.content);
    else this.statusElement.removeAttribute('title');
    this.renderFileChip(result);
    this.renderCard(status === 'awaitingApproval' ? this.context.call : undefined);
    const open = status === 'awaitingApproval' || openRows.has(this.block.id);
    this.body.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.renderResult();
  }

  private onToggle(): void {
    // A card is answered, not folded away: it stays open until the host says the call is decided.
    if (this.status === 'awaitingApproval') return;
    if (openRows.has(this.block.id)) openRows.delete(this.block.id);
    else openRows.add(this.block.id);
    this.render();
  }

  private renderResult(): void {
    const result = this.context.result;
    if (result === this.drawnResult) return;
    this.drawnResult = result;
    this.resultSection.hidden = result === undefined;
    this.resultSection.replaceChildren();
    if (!result) return;
    this.resultSection.append(
      h('div', { className: 'tool-section-label' }, result.isError ? 'Error' : 'Result'),
      h('pre', { className: `tool-result${result.isError ? ' is-error' : ''}` }, result.content.length > 0 ? result.content : '(empty)'),
    );
  }

  private renderFileChip(result: ToolResultBlock | undefined): void {
    const file = this.links ? result?.file : undefined;
    const key = file ? `${file.path}:${file.startLine ?? ''}` : '';
    if (key === this.chipKey) return;
    this.chipKey = key;
    const links = this.links;
    if (!file || !links) {
      this.fileSlot.replaceChildren();
      return;
    }
    const range = file.startLine === undefined ? '' : file.endLine === undefined ? `, from line ${file.startLine}` : `, lines ${file.startLine}–${file.endLine}`;
    const chip = h('button', { type: 'button', className: 'tool-file-chip', title: `Open ${file.path}${range}` }, codicon('go-to-file'), h('span', { className: 'tool-file-path' }, file.path));
    chip.addEventListener('click', () => links.openFile(file.path, file.startLine));
    this.fileSlot.replaceChildren(chip);
  }

  /** Shows the card for `call` (or removes it); a card being answered from the keyboard hands the focus on. */
  private renderCard(call: ToolCallState | undefined): void {
    const links = this.links;
    if (call && links && this.card && this.card.sensitivePath === call.sensitivePath) return;
    const hadFocus = this.card?.element.contains(document.activeElement) === true;
    this.card?.element.remove();
    this.card = undefined;
    if (call && links) {
      this.card = { element: this.approvalCard(call, links), sensitivePath: call.sensitivePath };
      this.body.append(this.card.element);
    }
    if (hadFocus) (this.card?.element.querySelector('button') ?? this.toggle).focus();
  }

  private approvalCard(call: ToolCallState, links: ToolCallLinks): HTMLElement {
    const decide = (decision: ToolDecision) => () => links.decide(this.block.id, decision);
    const buttons = [
      button('Allow once', { icon: 'check', className: 'button tool-allow-once', onClick: decide('allowOnce') }),
      // A sensitive file is asked about every time: a blanket allowance is not offered for it.
      ...(call.sensitivePath === undefined ? [button('Allow for this conversation', { icon: 'check-all', className: 'button secondary tool-allow-conversation', onClick: decide('allowConversation') })] : []),
      button('Deny', { icon: 'close', className: 'button secondary tool-deny', onClick: decide('deny') }),
    ];
    const actions = h('div', { className: 'tool-card-actions' }, ...buttons);
    actions.addEventListener('keydown', (event) => moveAmongButtons(event, buttons));
    const spoken = this.title.replace(/`/g, '');
    return h(
      'div',
      { className: 'tool-card', role: 'group', 'aria-label': `Approve tool call ${this.block.name}: ${spoken}` },
      h('p', { className: 'tool-card-question' }, codicon('shield'), `Claude wants to run ${this.block.name} with the input above.`),
      call.sensitivePath !== undefined
        ? h('p', { className: 'tool-card-sensitive' }, codicon('lock'), h('code', {}, call.sensitivePath), ' is a sensitive file, so this is asked every time.')
        : '',
      actions,
    );
  }

  private prettyPrintInput(): void {
    try {
      this.inputText.data = JSON.stringify(JSON.parse(this.block.inputJson || '{}'), null, 2);
    } catch {
      /* incomplete JSON (a stopped answer): shown as it arrived */
    }
  }
}

/** The input the title is made from: a result's file says which lines were really read. */
function titleInput(block: ToolUseBlock, result: ToolResultBlock | undefined): unknown {
  const input = toolInput(block);
  const file = result?.file;
  if (!file) return input;
  return { ...input, path: file.path, ...(file.startLine !== undefined ? { start_line: file.startLine } : {}), ...(file.endLine !== undefined ? { end_line: file.endLine } : {}) };
}

function statusNodes(status: ToolCallStatus, result: ToolResultBlock | undefined): Node[] {
  // The words are a span of their own: a long error line is cut with an ellipsis, which needs a box of its own.
  const words = (text: string) => h('span', { className: 'tool-status-text' }, text);
  switch (status) {
    case 'writing':
    case 'pending':
      return [];
    case 'awaitingApproval':
      return [codicon('shield'), words('Waiting for approval')];
    case 'running':
      return [h('span', { className: 'codicon codicon-loading codicon-modifier-spin', 'aria-hidden': 'true' }), words('Running…')];
    case 'done':
      return [codicon('check'), h('span', { className: 'visually-hidden' }, 'Done')];
    case 'error':
      return [codicon('error'), words(firstLine(result?.content ?? ''))];
    case 'notRun':
      return [codicon('circle-slash'), words('Not run')];
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0].trim() || 'Failed';
  return line.length > MAX_STATUS_LENGTH ? `${line.slice(0, MAX_STATUS_LENGTH - 1)}…` : line;
}

/** "Read `src/foo.ts` 1–80" with the back-quoted part as code; text nodes only. */
function withCode(title: string): (Node | string)[] {
  return title.split('`').map((part, index) => (index % 2 === 1 ? h('code', {}, part) : part));
}

function toolIcon(name: string): string {
  const icons: Record<string, string> = {
    read_file: 'file',
    list_files: 'list-tree',
    search_text: 'search',
    get_diagnostics: 'warning',
    get_symbols: 'symbol-class',
    get_editor_state: 'window',
  };
  return icons[name] ?? 'tools';
}

/** ←/→ (and Home/End) move between a card's buttons, as in a toolbar; Tab still reaches each of them. */
function moveAmongButtons(event: KeyboardEvent, buttons: readonly HTMLButtonElement[]): void {
  const current = buttons.indexOf(event.target as HTMLButtonElement);
  if (current < 0) return;
  const last = buttons.length - 1;
  const moves: Record<string, number> = { ArrowRight: current === last ? 0 : current + 1, ArrowLeft: current === 0 ? last : current - 1, Home: 0, End: last };
  if (!(event.key in moves)) return;
  event.preventDefault();
  buttons[moves[event.key]].focus();
}
