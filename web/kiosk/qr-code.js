// A QR code as an SVG element built node by node (no markup string: the page runs under Trusted
// Types). The symbol itself comes from the npm package `qr` (encodeQR), which scripts/build.sh
// bundles into ../generated/qr.mjs for the kiosk only; the widget never loads it.
import encodeQR from '../generated/qr.mjs';

const SVG = 'http://www.w3.org/2000/svg';
const QUIET = 4; // the quiet zone the QR standard asks for, in modules

/**
 * {svg, size, version}: `text` as a QR symbol (error correction "medium": a tablet's glare or a smudge
 * still reads), `size` modules a side without the quiet zone. `label` names the image for
 * screen readers.
 */
export function qrCode(text, label) {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: QUIET }); // quiet zone included
  const side = modules.length;
  const size = side - 2 * QUIET;
  let d = '';
  modules.forEach((row, y) => {
    // One horizontal run of dark modules = one rectangle of the path.
    for (let x = 0; x < side; x += 1) {
      if (!row[x]) continue;
      let end = x;
      while (end + 1 < side && row[end + 1]) end += 1;
      d += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`;
      x = end;
    }
  });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.classList.add('qr');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(side));
  background.setAttribute('height', String(side));
  background.setAttribute('fill', '#fff');
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', d);
  dark.setAttribute('fill', '#000');
  svg.append(background, dark);
  return { svg, size, version: (size - 17) / 4 };
}
