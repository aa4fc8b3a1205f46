import { imageSize } from 'image-size';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageResizeRequest } from '../../src/attachments/attachmentIngest';

/**
 * What the webview does for `image/resize` (createImageBitmap with resizeWidth/resizeHeight, then
 * OffscreenCanvas.convertToBlob), done in Node for unit tests: decodes a PNG or JPEG, applies its EXIF orientation
 * as the browser does, scales it to exactly the requested size (nearest neighbour) and encodes it as the requested
 * PNG or JPEG. `calls` records every request.
 */
export class NodeImageResizer {
  readonly calls: ImageResizeRequest[] = [];

  readonly resize = async (request: ImageResizeRequest): Promise<Uint8Array> => {
    this.calls.push(request);
    const source = decode(request.data);
    const orientation = imageSize(request.data).orientation ?? 1;
    const quarterTurn = orientation >= 5 && orientation <= 8;
    const shownWidth = quarterTurn ? source.height : source.width;
    const shownHeight = quarterTurn ? source.width : source.height;
    const out = Buffer.alloc(request.width * request.height * 4);
    for (let y = 0; y < request.height; y++) {
      for (let x = 0; x < request.width; x++) {
        const shownX = Math.min(shownWidth - 1, Math.floor(((x + 0.5) * shownWidth) / request.width));
        const shownY = Math.min(shownHeight - 1, Math.floor(((y + 0.5) * shownHeight) / request.height));
        const [sx, sy] = storedPixel(orientation, shownX, shownY, source.width, source.height);
        const from = (sy * source.width + sx) * 4;
        source.data.copy(out, (y * request.width + x) * 4, from, from + 4);
      }
    }
    if (request.output === 'image/png') {
      const png = new PNG({ width: request.width, height: request.height });
      out.copy(png.data);
      return new Uint8Array(PNG.sync.write(png));
    }
    if (request.output === 'image/jpeg') return new Uint8Array(jpeg.encode({ width: request.width, height: request.height, data: out }, Math.round(request.quality * 100)).data);
    throw new Error(`The test resizer cannot encode ${request.output}.`);
  };
}

function decode(bytes: Uint8Array): { width: number; height: number; data: Buffer } {
  if (bytes[0] === 0x89) return PNG.sync.read(Buffer.from(bytes));
  if (bytes[0] === 0xff) return jpeg.decode(bytes, { formatAsRGBA: true });
  throw new Error('The test resizer decodes only PNG and JPEG.');
}

/** Where the pixel shown at (x, y) is stored, for each EXIF orientation (the transform the browser applies). */
function storedPixel(orientation: number, x: number, y: number, width: number, height: number): [number, number] {
  switch (orientation) {
    case 2:
      return [width - 1 - x, y];
    case 3:
      return [width - 1 - x, height - 1 - y];
    case 4:
      return [x, height - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, height - 1 - x];
    case 7:
      return [width - 1 - y, height - 1 - x];
    case 8:
      return [width - 1 - y, x];
    default:
      return [x, y];
  }
}
