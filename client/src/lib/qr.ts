import { encode } from 'uqr';

/**
 * A QR code as one SVG path: `size` modules square (quiet zone included), dark modules as unit squares, each row's
 * runs merged. Generated in the browser (uqr, no service): the asset pages import this, so it ships in their chunk.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let end = x;
      while (end + 1 < size && row[end + 1]) end++;
      d += `M${x} ${y}h${end - x + 1}v1h${-(end - x + 1)}z`;
      x = end;
    }
  });
  return { size, d };
}
