import assert from 'node:assert/strict';
import type { ImageResizeRequest } from '../../../src/attachments/attachmentIngest';
import { ImageResizeBroker } from '../../../src/attachments/imageResizeBroker';
import type { HostToWebview } from '../../../src/shared/protocol';

type ResizeMessage = Extract<HostToWebview, { type: 'image/resize' }>;

class FakeView {
  readonly posted: ResizeMessage[] = [];
  post(message: ResizeMessage): void {
    this.posted.push(message);
  }
}

const job: ImageResizeRequest = { data: new Uint8Array([1, 2, 3]), mediaType: 'image/png', width: 10, height: 5, output: 'image/png', quality: 1 };

describe('ImageResizeBroker', () => {
  let broker: ImageResizeBroker;
  beforeEach(() => (broker = new ImageResizeBroker()));
  afterEach(() => broker.dispose());

  it('posts the job to the newest ready view and resolves with the bytes it answers', async () => {
    const older = new FakeView();
    const newer = new FakeView();
    broker.addView(older);
    broker.addView(newer);
    const resized = broker.resize(job);
    assert.equal(older.posted.length, 0);
    const [message] = newer.posted;
    assert.deepEqual({ ...message, jobId: undefined }, { type: 'image/resize', jobId: undefined, data: 'AQID', mediaType: 'image/png', width: 10, height: 5, output: 'image/png', quality: 1 });
    broker.settle(message.jobId, { data: Buffer.from([9, 8]).toString('base64') });
    assert.deepEqual([...(await resized)], [9, 8]);
  });

  it('rejects with the page’s reason, and ignores answers to jobs nobody asked for', async () => {
    const view = new FakeView();
    broker.addView(view);
    const resized = broker.resize(job);
    broker.settle('made-up', { data: 'AAAA' });
    broker.settle(view.posted[0].jobId, { error: 'createImageBitmap failed' });
    await assert.rejects(resized, /Downscaling failed: createImageBitmap failed/);
  });

  it('waits for a view to become ready, and fails the jobs of a view that goes away', async () => {
    const resized = broker.resize(job);
    const view = new FakeView();
    broker.addView(view);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(view.posted.length, 1, 'the waiting job went to the view once it was ready');
    broker.removeView(view);
    await assert.rejects(resized, /closed before it finished/);
  });

  it('a resize still waiting for a view fails at once when the window closes, instead of waiting out its timeout', async () => {
    const waiting = broker.resize(job);
    broker.dispose();
    await assert.rejects(waiting, /VS Code is closing/);
  });
});
