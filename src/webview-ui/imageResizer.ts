import type { HostToWebview, WebviewToHost } from '../shared/protocol';
import { base64ToBytes, blobToBase64 } from './base64';

type ResizeJob = Extract<HostToWebview, { type: 'image/resize' }>;
type ResizeAnswer = Extract<WebviewToHost, { type: 'image/resized' }>;

/**
 * Downscales an image for the host, which has no image codec: the browser decodes it straight to the requested size
 * (createImageBitmap's resize, high quality) and OffscreenCanvas encodes it. Always answers; a failure is an error
 * the host reports, never a throw. The host checks the result again (type, dimensions) before it keeps it.
 */
export async function resizeImage(job: ResizeJob): Promise<ResizeAnswer> {
  try {
    const source = new Blob([base64ToBytes(job.data)], { type: job.mediaType });
    const bitmap = await createImageBitmap(source, { resizeWidth: job.width, resizeHeight: job.height, resizeQuality: 'high' });
    try {
      const canvas = new OffscreenCanvas(job.width, job.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D canvas in this webview');
      // JPEG has no transparency: a transparent screenshot would turn black, white is what it was seen on.
      if (job.output === 'image/jpeg') {
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, job.width, job.height);
      }
      context.drawImage(bitmap, 0, 0, job.width, job.height);
      const encoded = await canvas.convertToBlob({ type: job.output, quality: job.quality });
      // A browser that cannot encode the type silently gives PNG instead: say so rather than mislabel the bytes.
      if (encoded.type !== job.output) throw new Error(`this webview cannot encode ${job.output} (it gave ${encoded.type || 'nothing'})`);
      return { type: 'image/resized', jobId: job.jobId, data: await blobToBase64(encoded) };
    } finally {
      bitmap.close();
    }
  } catch (error) {
    return { type: 'image/resized', jobId: job.jobId, error: `Could not resize the image: ${describe(error)}` };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
