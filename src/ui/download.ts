/**
 * Downloads made in the page: text files (CSV, JSON) and charts as standalone SVG (computed styles inlined,
 * so it looks the same outside the app) or PNG (the SVG drawn on a canvas; needs `img-src blob:` in the CSP).
 */

/** Saves `content` as a file named `name`. */
export function downloadBlob(name: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves text as a file. */
export function downloadText(name: string, text: string, type = 'text/plain'): void {
  downloadBlob(name, new Blob([text], { type: `${type};charset=utf-8` }));
}

const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'];

/** The SVG as a standalone document: computed presentation styles copied onto every element. */
export function svgMarkup(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    // Presentation attributes, not a style attribute: the page's CSP (style-src 'self') forbids inline styles.
    const cs = getComputedStyle(el);
    for (const p of STYLE_PROPS) {
      const value = cs.getPropertyValue(p);
      if (value) dst[i].setAttribute(p, value);
    }
    dst[i].removeAttribute('class');
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('width', String(Math.round(width)));
  clone.setAttribute('height', String(Math.round(height)));
  const bg = getComputedStyle(document.body).backgroundColor;
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  clone.insertBefore(rect, clone.firstChild);
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', bg);
  return new XMLSerializer().serializeToString(clone);
}

/** Saves the chart as SVG. */
export function downloadSvg(name: string, svg: SVGSVGElement): void {
  downloadBlob(`${name}.svg`, new Blob([svgMarkup(svg)], { type: 'image/svg+xml' }));
}

/** Renders the chart to a PNG blob at `scale`× its size. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const markup = svgMarkup(svg);
  const { width, height } = svg.getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves the chart as PNG. */
export async function downloadPng(name: string, svg: SVGSVGElement): Promise<void> {
  downloadBlob(`${name}.png`, await svgToPng(svg));
}
