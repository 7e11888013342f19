import type { Page, Locator } from '@playwright/test';

/**
 * Screenshots `target` and counts the pixels that differ clearly from the page background, decoding the
 * PNG in the page itself (no image library needed). A chart that rendered blank counts (almost) zero.
 */
export async function inkedPixels(page: Page, target: Locator): Promise<{ inked: number; total: number }> {
  const png = await target.screenshot();
  const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
  return page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    // The background is the colour of the top-left pixel (the chart's padding).
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d = Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0);
      if (d > 60) inked++;
    }
    return { inked, total: data.length / 4 };
  }, dataUrl);
}
