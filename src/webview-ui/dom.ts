type Attributes = Record<string, string | boolean | undefined>;

/** Creates an element; text is always set as textContent, never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) element.append(child);
  return element;
}

export function codicon(name: string): HTMLElement {
  return h('span', { className: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function button(label: string, options: { icon?: string; className?: string; title?: string; onClick: () => void }): HTMLButtonElement {
  const element = h('button', { type: 'button', className: options.className ?? 'button', title: options.title });
  if (options.icon) element.append(codicon(options.icon));
  element.append(h('span', { className: 'button-label' }, label));
  element.addEventListener('click', options.onClick);
  return element;
}
