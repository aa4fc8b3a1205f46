/** Something that brings its DOM up to date when asked. */
export interface Renderable {
  render(): void;
}

const dirty = new Set<Renderable>();
let scheduled = false;

/**
 * Renders each changed block once per animation frame, however many deltas arrived for it in between: typing
 * speed of the model, painting speed of the screen.
 */
export function renderNextFrame(target: Renderable): void {
  dirty.add(target);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flushFrame);
}

/** Renders everything pending now (before measuring layout, and in tests). */
export function flushFrame(): void {
  scheduled = false;
  const targets = [...dirty];
  dirty.clear();
  for (const target of targets) target.render();
}
