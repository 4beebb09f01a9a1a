import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { newNoteHref, noteHref, notesPath } from '../../components/note-bits';
import { Button, Empty, ErrorNote, Field, Loading, PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { api, call } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { layoutGraph } from '../../lib/graph-layout';
import { useAsync } from '../../lib/use-async';
import { useQueryState } from '../../lib/use-query-state';

const short = (title: string) => (title.length > 28 ? `${title.slice(0, 27)}…` : title);

interface View {
  x: number;
  y: number;
  s: number;
}

/**
 * The notes and their links as a graph: SVG drawn here (no library, no external service), laid out by a
 * deterministic force simulation in the browser. Drag to pan, wheel or buttons to zoom, click a note to open it;
 * the same notes are in a list below for keyboards and screen readers.
 */
export function NotesGraph() {
  const [q, setQ] = useQueryState({ tag: '' });
  const { route } = useLocation();
  const graph = useAsync(() => call(api.zettels.graph.$get({ query: q.tag ? { tag: q.tag } : {} })).then((b) => b.data), [q.tag]);
  const tags = useAsync(() => call(api.zettels.tags.$get()).then((b) => b.data), []);
  const [hover, setHover] = useState<number | null>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, s: 1 });
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | null>(null);
  const moved = useRef(false);
  const drawn = Boolean(graph.data?.nodes.length);
  // The drawing's size on screen, so dots and labels keep a readable size whatever the graph's extent.
  const [canvas, setCanvas] = useState({ w: 900, h: 600 });
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const measure = () => el.clientWidth > 0 && setCanvas({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [drawn]);

  const laid = useMemo(() => {
    if (!graph.data) return null;
    // Sorted by id: the same notes and links always get the same picture.
    const nodes = [...graph.data.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    const edges: [number, number][] = [];
    for (const e of graph.data.edges) {
      const a = index.get(e.from);
      const b = index.get(e.to);
      if (a !== undefined && b !== undefined && a !== b) edges.push([a, b]);
    }
    const degree = new Int32Array(nodes.length);
    const neighbours: number[][] = nodes.map(() => []);
    for (const [a, b] of edges) {
      degree[a]!++;
      degree[b]!++;
      neighbours[a]!.push(b);
      neighbours[b]!.push(a);
    }
    const layout = layoutGraph(nodes.length, edges);
    const pad = 60;
    const w = layout.maxX - layout.minX + 2 * pad;
    const h = layout.maxY - layout.minY + 2 * pad;
    // Labels for all in a small graph; in a large one for the most linked (and whatever the pointer is on).
    const labelled = new Set<number>();
    if (nodes.length <= 150) nodes.forEach((_, i) => labelled.add(i));
    else [...degree.keys()].sort((a, b) => degree[b]! - degree[a]! || a - b).slice(0, 40).forEach((i) => labelled.add(i));
    let d = '';
    for (const [a, b] of edges) d += `M${layout.x[a]!.toFixed(1)} ${layout.y[a]!.toFixed(1)}L${layout.x[b]!.toFixed(1)} ${layout.y[b]!.toFixed(1)}`;
    return { nodes, edges, degree, neighbours, layout, box: [layout.minX - pad, layout.minY - pad, w, h] as const, labelled, path: d };
  }, [graph.data]);
  // One screen pixel in graph units (the drawing is fitted into the canvas).
  const u = laid ? Math.max(laid.box[2] / canvas.w, laid.box[3] / canvas.h) : 1;

  /** A pointer position in the SVG's own coordinates (the view box). */
  const toSvg = (clientX: number, clientY: number) => {
    const el = svg.current;
    const m = el?.getScreenCTM();
    if (!el || !m) return { x: clientX, y: clientY };
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  };
  const zoomAt = (factor: number, at?: { x: number; y: number }) =>
    setView((v) => {
      const s = Math.min(8, Math.max(0.2, v.s * factor));
      const f = s / v.s;
      const c = at ?? (laid ? { x: laid.box[0] + laid.box[2] / 2, y: laid.box[1] + laid.box[3] / 2 } : { x: 0, y: 0 });
      return { s, x: c.x - (c.x - v.x) * f, y: c.y - (c.y - v.y) * f };
    });

  const nodesLayer = useMemo(() => {
    if (!laid) return null;
    const near = hover === null ? null : new Set([hover, ...laid.neighbours[hover]!]);
    const middle = (laid.layout.minX + laid.layout.maxX) / 2;
    const node = (i: number) => {
      const n = laid.nodes[i]!;
      const r = u * (4 + Math.min(7, Math.sqrt(laid.degree[i]!) * 1.6));
      const dim = near !== null && !near.has(i);
      const showLabel = laid.labelled.has(i) || (near !== null && near.has(i));
      const right = laid.layout.x[i]! > middle;
      return (
        <g
          key={n.id}
          class={`graph__node${hover === i ? ' graph__node--hover' : ''}${dim ? ' graph__node--dim' : ''}`}
          transform={`translate(${laid.layout.x[i]!.toFixed(1)} ${laid.layout.y[i]!.toFixed(1)})`}
          onPointerEnter={() => setHover(i)}
          onPointerLeave={() => setHover((h) => (h === i ? null : h))}
          onClick={() => {
            if (!moved.current) route(noteHref(n.id));
          }}
          data-testid="graph-node"
          data-title={n.title}
        >
          <circle r={r} />
          {showLabel ? (
            // Labels point inwards (left of the nodes on the right half), so they stay inside the picture.
            <text x={right ? -(r + 3 * u) : r + 3 * u} y={4 * u} font-size={12 * u} text-anchor={right ? 'end' : 'start'}>
              {short(n.title)}
            </text>
          ) : null}
        </g>
      );
    };
    // The node under the pointer is drawn last, over its neighbours.
    const order = laid.nodes.map((_, i) => i).filter((i) => i !== hover);
    if (hover !== null) order.push(hover);
    return order.map(node);
  }, [laid, hover, u]);

  const hoverPath = useMemo(() => {
    if (!laid || hover === null) return '';
    const { x, y } = laid.layout;
    return laid.neighbours[hover]!.map((j) => `M${x[hover]!.toFixed(1)} ${y[hover]!.toFixed(1)}L${x[j]!.toFixed(1)} ${y[j]!.toFixed(1)}`).join('');
  }, [laid, hover]);

  const data = graph.data;
  return (
    <>
      <PageHeader title={t('zettels.graph.title')}>
        <a class="btn btn--secondary" href={notesPath}>
          {t('zettels.graph.toList')}
        </a>
      </PageHeader>
      <p class="muted measure">{t('zettels.graph.intro')}</p>
      <form class="filters card" role="search" aria-label={t('zettels.graph.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('zettels.list.tag')}>
          {(a) => (
            <select {...a} name="tag" value={q.tag} onChange={(e) => setQ({ tag: e.currentTarget.value })}>
              <option value="">{t('zettels.list.anyTag')}</option>
              {q.tag && tags.data && !tags.data.some((x) => x.tag === q.tag) ? <option value={q.tag}>{q.tag}</option> : null}
              {(tags.data ?? []).map((x) => (
                <option key={x.tag} value={x.tag}>
                  {t('zettels.list.tagCount', { tag: x.tag, count: formatNumber(x.count) })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {graph.error ? <ErrorNote error={graph.error} retry={graph.reload} /> : null}
      {!data || !laid ? (
        graph.error ? null : <Loading label={t('zettels.graph.loading')} />
      ) : data.nodes.length === 0 ? (
        <Empty title={q.tag ? t('zettels.graph.emptyTag') : t('zettels.graph.empty')}>
          <p>{t('zettels.graph.emptyHint')}</p>
          <a class="btn btn--primary" href={newNoteHref()}>
            {t('zettels.list.new')}
          </a>
        </Empty>
      ) : (
        <>
          {data.truncated ? (
            <div class="alert alert--info" role="status" data-testid="graph-truncated">
              {t('zettels.graph.truncated', { count: formatNumber(data.nodes.length) })}
            </div>
          ) : null}
          <section class="card graph" aria-labelledby="graph-summary">
            <div class="row row--between">
              <p id="graph-summary" class="small muted" data-testid="graph-summary">
                {t('zettels.graph.summary', { notes: t('zettels.graph.notes', { count: data.nodes.length }), links: t('zettels.graph.links', { count: laid.edges.length }) })}
              </p>
              <div class="row" role="group" aria-label={t('zettels.graph.zoom')}>
                <Button type="button" variant="secondary" onClick={() => zoomAt(1.3)} aria-label={t('zettels.graph.zoomIn')}>
                  <span aria-hidden="true">+</span>
                </Button>
                <Button type="button" variant="secondary" onClick={() => zoomAt(1 / 1.3)} aria-label={t('zettels.graph.zoomOut')}>
                  <span aria-hidden="true">−</span>
                </Button>
                <Button type="button" variant="secondary" onClick={() => setView({ x: 0, y: 0, s: 1 })}>
                  {t('zettels.graph.reset')}
                </Button>
              </div>
            </div>
            <svg
              ref={svg}
              class="graph__canvas"
              viewBox={laid.box.map((v) => v.toFixed(1)).join(' ')}
              role="img"
              aria-label={t('zettels.graph.canvasLabel')}
              data-testid="graph-canvas"
              onWheel={(e) => {
                e.preventDefault();
                zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, toSvg(e.clientX, e.clientY));
              }}
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                const p = toSvg(e.clientX, e.clientY);
                drag.current = { x: p.x, y: p.y, view, moved: false };
                moved.current = false;
              }}
              onPointerMove={(e) => {
                const d = drag.current;
                if (!d) return;
                const p = toSvg(e.clientX, e.clientY);
                const dx = p.x - d.x;
                const dy = p.y - d.y;
                if (!d.moved && Math.hypot(dx, dy) < 4 * u) return;
                if (!d.moved) {
                  d.moved = true;
                  moved.current = true;
                  svg.current?.setPointerCapture(e.pointerId);
                }
                setView({ ...d.view, x: d.view.x + dx, y: d.view.y + dy });
              }}
              onPointerUp={() => {
                drag.current = null;
                // The click that ends a drag does not open a note.
                setTimeout(() => (moved.current = false), 0);
              }}
            >
              <g transform={`translate(${view.x.toFixed(2)} ${view.y.toFixed(2)}) scale(${view.s.toFixed(3)})`}>
                <path class="graph__edges" d={laid.path} stroke-width={u * 1.2} />
                {hoverPath ? <path class="graph__edges graph__edges--hover" d={hoverPath} stroke-width={u * 2.2} /> : null}
                {nodesLayer}
              </g>
            </svg>
            <p class="small muted">{t('zettels.graph.howTo')}</p>
          </section>
          <details class="card graph__list" data-testid="graph-list">
            <summary>{t('zettels.graph.list', { count: data.nodes.length })}</summary>
            <ul class="link-list">
              {laid.nodes.map((n, i) => (
                <li key={n.id}>
                  <a href={noteHref(n.id)}>{n.title}</a> <span class="small muted">{t('zettels.graph.links', { count: laid.degree[i]! })}</span>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </>
  );
}
