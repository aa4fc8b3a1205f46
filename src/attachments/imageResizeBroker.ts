import type { HostToWebview } from '../shared/protocol';
import { newId } from '../shared/ids';
import type { ImageResizeRequest } from './attachmentIngest';

/** A view that can decode and re-encode images: a chat webview that said it is ready. */
export interface ResizeCapableView {
  post(message: Extract<HostToWebview, { type: 'image/resize' }>): void;
}

/** How long a view may take to decode, scale and encode one image (a 50-megapixel PNG takes about a second). */
export const RESIZE_TIMEOUT_MS = 30_000;
/** How long a resize waits for a chat view to become ready (the command that attached revealed it). */
export const VIEW_WAIT_MS = 15_000;

interface PendingJob {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  view: ResizeCapableView;
}

/**
 * Sends image downscaling to a chat webview and waits for its answer. The extension host has no image codec and the
 * package may hold no native module; the webview has the browser's (createImageBitmap + OffscreenCanvas), which
 * decodes every format the API takes, honours EXIF orientation and scales with a good filter.
 */
export class ImageResizeBroker {
  private readonly views: ResizeCapableView[] = [];
  private readonly jobs = new Map<string, PendingJob>();
  /** Resizes waiting for a ready view: called with it, or with nothing when the window closes. */
  private readonly waiting = new Set<(view: ResizeCapableView | undefined) => void>();

  /** A view is ready (again): it may take jobs. The newest ready view is asked first. */
  addView(view: ResizeCapableView): void {
    this.removeView(view, false);
    this.views.push(view);
    for (const wake of [...this.waiting]) wake(view);
  }

  /** A view went away (hidden, reloaded or closed): its unanswered jobs fail, so nobody waits for a torn-down page. */
  removeView(view: ResizeCapableView, failJobs = true): void {
    const index = this.views.indexOf(view);
    if (index >= 0) this.views.splice(index, 1);
    if (!failJobs) return;
    for (const [jobId, job] of this.jobs) {
      if (job.view === view) this.settle(jobId, { error: 'the chat view was closed before it finished' });
    }
  }

  async resize(job: ImageResizeRequest): Promise<Uint8Array> {
    const view = this.views.at(-1) ?? (await this.waitForView());
    const jobId = newId('resize');
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(jobId, { error: `the chat view did not answer within ${RESIZE_TIMEOUT_MS / 1000} s` }), RESIZE_TIMEOUT_MS);
      this.jobs.set(jobId, { resolve, reject, timer, view });
      view.post({ type: 'image/resize', jobId, data: Buffer.from(job.data).toString('base64'), mediaType: job.mediaType, width: job.width, height: job.height, output: job.output, quality: job.quality });
    });
  }

  /** A view's answer (`image/resized`); an id nobody waits for (late, or made up) is ignored. */
  settle(jobId: string, answer: { data?: string; error?: string }): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.jobs.delete(jobId);
    clearTimeout(job.timer);
    if (answer.data !== undefined) job.resolve(Buffer.from(answer.data, 'base64'));
    else job.reject(new Error(`Downscaling failed: ${answer.error ?? 'no answer'}`));
  }

  dispose(): void {
    for (const jobId of [...this.jobs.keys()]) this.settle(jobId, { error: 'VS Code is closing' });
    for (const wake of [...this.waiting]) wake(undefined);
  }

  private waitForView(): Promise<ResizeCapableView> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        reject(new Error('Open the Claude chat view: images are downscaled there, and it did not open in time'));
      }, VIEW_WAIT_MS);
      const wake = (view: ResizeCapableView | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        if (view) resolve(view);
        else reject(new Error('VS Code is closing'));
      };
      this.waiting.add(wake);
    });
  }
}
