/**
 * When to write a conversation: at once at a turn boundary, at most once per `intervalMs` while an answer streams
 * (so a crash keeps the partial answer), never two writes of one conversation at a time, and never a change left
 * unwritten: a change that arrives during a write is written right after it.
 */
export class SaveScheduler {
  private readonly states = new Map<string, { timer?: ReturnType<typeof setTimeout>; running?: Promise<void>; dirty: boolean }>();

  constructor(
    private readonly write: (id: string) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (id: string, error: unknown) => void,
  ) {}

  /** `urgent`: a turn boundary; otherwise a streaming delta. */
  schedule(id: string, urgent: boolean): void {
    const state = this.state(id);
    state.dirty = true;
    if (state.running) return; // picked up when the running write ends
    if (urgent) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      void this.run(id);
    } else {
      state.timer ??= setTimeout(() => {
        state.timer = undefined;
        void this.run(id);
      }, this.intervalMs);
    }
  }

  /** Writes whatever is pending now and resolves when every write has finished. */
  async flush(id?: string): Promise<void> {
    const ids = id ? [id] : [...this.states.keys()];
    await Promise.all(
      ids.map(async (key) => {
        const state = this.states.get(key);
        if (!state) return;
        if (state.timer) clearTimeout(state.timer);
        state.timer = undefined;
        while (state.running || state.dirty) {
          if (state.running) await state.running;
          else await this.run(key);
        }
      }),
    );
  }

  dispose(): void {
    for (const state of this.states.values()) if (state.timer) clearTimeout(state.timer);
  }

  private state(id: string) {
    let state = this.states.get(id);
    if (!state) {
      state = { dirty: false };
      this.states.set(id, state);
    }
    return state;
  }

  private run(id: string): Promise<void> {
    const state = this.state(id);
    if (state.running) return state.running;
    state.dirty = false;
    state.running = this.write(id)
      .catch((error: unknown) => this.onError(id, error))
      .finally(() => {
        state.running = undefined;
        if (state.dirty) this.schedule(id, true);
      });
    return state.running;
  }
}
