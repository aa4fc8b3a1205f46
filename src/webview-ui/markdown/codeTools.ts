import type { CodeAction } from '../../shared/protocol';

export type { CodeAction };

const ACTIONS: { action: CodeAction; icon: string; label: string }[] = [
  { action: 'copy', icon: 'copy', label: 'Copy' },
  { action: 'insert', icon: 'insert', label: 'Insert at Cursor' },
  { action: 'apply', icon: 'diff', label: 'Apply to Selection or File (shows a diff first)' },
  { action: 'save', icon: 'new-file', label: 'Save as New File' },
];

/** Wraps each rendered code block in a frame with its language and actions. Built as DOM, never from HTML strings. */
export function decorateCodeBlocks(root: ParentNode): void {
  for (const pre of Array.from(root.querySelectorAll<HTMLPreElement>('pre.code-block'))) {
    if (pre.parentElement?.classList.contains('code-frame')) continue;
    const frame = document.createElement('div');
    frame.className = 'code-frame';
    const bar = document.createElement('div');
    bar.className = 'code-toolbar';
    const language = document.createElement('span');
    language.className = 'code-language';
    language.textContent = languageOf(pre) || 'text';
    bar.append(language);
    for (const { action, icon, label } of ACTIONS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `icon-button code-action code-${action}`;
      button.dataset.codeAction = action;
      button.title = label;
      button.setAttribute('aria-label', label);
      const glyph = document.createElement('span');
      glyph.className = `codicon codicon-${icon}`;
      glyph.setAttribute('aria-hidden', 'true');
      button.append(glyph);
      bar.append(button);
    }
    pre.replaceWith(frame);
    frame.append(bar, pre);
  }
}

/** The code and language of the block a toolbar button belongs to. */
export function codeOf(button: Element): { code: string; language: string } | undefined {
  const pre = button.closest('.code-frame')?.querySelector('pre.code-block');
  if (!(pre instanceof HTMLElement)) return undefined;
  return { code: pre.querySelector('code')?.textContent ?? '', language: languageOf(pre) };
}

/** The fence's language, from the `language-…` class the renderer puts on the code element (classes survive sanitizing). */
function languageOf(pre: Element): string {
  return /(?:^|\s)language-(\S+)/.exec(pre.querySelector('code')?.className ?? '')?.[1] ?? '';
}
