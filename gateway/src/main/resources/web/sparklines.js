// The Trend column: one canvas, sticky over it, draws the sparklines of the rows in view. (A canvas
// per row costs a compositor layer per row: with 40+ rows in view that dominated the frame time at
// 500 symbols.) Rows have a fixed height, so a row's place is its index in the tbody.
import { CFG } from './config.js';
import { $ } from './dom.js';
import { hooks } from './hooks.js';
import { fitCanvas, drawSparkline } from './charts.js';

const spark = { dirty: true, moved: true, at: -1e9, rowH: 0 };
let boardWrap, tbody, canvas;

export function initSparklines() {
  boardWrap = $('board-wrap');
  tbody = $('rows');
  canvas = $('spark-canvas');
  boardWrap.addEventListener('scroll', () => { spark.moved = true; }, { passive: true });
  window.addEventListener('resize', () => { spark.moved = true; });
}

/** Rows were added, removed or reordered: redraw at the next frame. */
export function sparksMoved() { spark.moved = true; }

/** A row in view has a new price: redraw within CFG.sparkMs. */
export function sparksChanged() { spark.dirty = true; }

export function drawSparksIfDue(now) {
  if (spark.moved || (spark.dirty && now - spark.at >= CFG.sparkMs)) drawSparks(now);
}

function drawSparks(now) {
  spark.dirty = false;
  spark.moved = false;
  spark.at = now;
  const head = document.querySelector('#board thead');
  const th = head.querySelector('th.trend');
  const headerH = head.offsetHeight;
  const rows = tbody.children;
  const viewH = Math.max(0, boardWrap.clientHeight - headerH);
  const colW = th.offsetWidth;
  canvas.style.left = `${th.offsetLeft - boardWrap.scrollLeft}px`;
  canvas.style.top = `${headerH}px`;
  canvas.style.width = `${colW}px`;
  canvas.style.height = `${viewH}px`;
  const ctx = fitCanvas(canvas, colW, viewH);
  ctx.clearRect(0, 0, colW, viewH);
  if (!rows.length) return;
  const rowH = spark.rowH || (spark.rowH = rows[0].offsetHeight || 21);
  const st = boardWrap.scrollTop;
  const first = Math.max(0, Math.floor(st / rowH));
  const last = Math.min(rows.length - 1, Math.ceil((st + viewH) / rowH));
  const w = Math.min(76, colW - 12), h = 16;
  for (let i = first; i <= last; i++) {
    const row = rows[i].__row;
    if (!row || row.ring.len < 2) continue;
    const y = Math.round(i * rowH - st + (rowH - 1 - h) / 2);
    ctx.save();
    ctx.translate(6, y);
    drawSparkline(ctx, row.ring, w, h, row.base);
    ctx.restore();
    hooks.counters.sparklines++;
  }
}
