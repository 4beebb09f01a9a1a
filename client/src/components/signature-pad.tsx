import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Button } from './ui';

/** The limit of a signature, counted on its data-URL string (as the server counts it). */
export const MAX_SIGNATURE_CHARS = 65_536;
/** The drawing's own pixels, whatever its size on screen: small enough that a PNG of strokes stays well under 64 KB. */
const W = 480;
const H = 180;

/**
 * A signature pad: a <canvas> drawn with pointer events (finger, pen or mouse), a clear button. `onChange` gets the
 * PNG data URL after each stroke (null when cleared), or the error when it would be over the limit.
 */
export function SignaturePad({ onChange, disabled }: { onChange: (png: string | null, tooLarge: boolean) => void; disabled?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [empty, setEmpty] = useState(true);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!ctx) return;
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#151a26';
  }, []);
  const point = (e: PointerEvent) => {
    const box = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / box.width) * W, y: ((e.clientY - box.top) / box.height) * H };
  };
  const line = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y + 0.01);
    ctx.stroke();
  };
  const finish = () => {
    if (!drawing.current) return;
    drawing.current = null;
    const png = canvas.current!.toDataURL('image/png');
    onChange(png, png.length > MAX_SIGNATURE_CHARS);
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, W, H);
    setEmpty(true);
    onChange(null, false);
  };
  return (
    <div class="signature">
      <canvas
        ref={canvas}
        width={W}
        height={H}
        class="signature__canvas"
        role="img"
        aria-label={t('fsm.visit.signatureArea')}
        data-testid="signature-pad"
        onPointerDown={(e) => {
          if (disabled) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          const p = point(e);
          drawing.current = p;
          line(p, p);
          setEmpty(false);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const p = point(e);
          line(drawing.current, p);
          drawing.current = p;
        }}
        onPointerUp={finish}
        onPointerCancel={finish}
      />
      <div class="row row--between">
        <span class="small muted">{empty ? t('fsm.visit.signHere') : t('fsm.visit.signed')}</span>
        <Button type="button" variant="ghost" class="btn--small" onClick={clear} disabled={empty || disabled} data-testid="signature-clear">
          {t('fsm.visit.clearSignature')}
        </Button>
      </div>
    </div>
  );
}

/**
 * A stored signature, drawn on a canvas from its PNG bytes: the app's Content-Security-Policy allows no data: images,
 * and decoding the bytes (createImageBitmap of a Blob) loads no URL at all.
 */
export function SignatureView({ png, label }: { png: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    const base64 = png.slice(png.indexOf(',') + 1);
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    void createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      .then((bitmap) => {
        const c = canvas.current;
        if (!live || !c) return;
        c.width = bitmap.width;
        c.height = bitmap.height;
        c.getContext('2d')?.drawImage(bitmap, 0, 0);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [png]);
  return <canvas ref={canvas} width={W} height={H} class="signature-view__canvas" role="img" aria-label={label} data-testid="signature-image" />;
}
