/**
 * Charts of the reports: a chart spec (data only) → vega-lite → SVG, with a PNG of it for
 * readers that cannot show SVG in a Word file (docx requires the fallback). Rendered in Node
 * without a canvas: vega's headless SVG renderer, then resvg for the PNG.
 */
import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type { compile as Compile, TopLevelSpec } from 'vega-lite';
import { formatPercent } from '../../../shared/format';
import type { ChartSpec } from './content';

/** Width of the chart in CSS pixels, as placed in the document (about 15.9 cm). */
export const CHART_WIDTH_PX = 600;
const FONT = 'Arial, Liberation Sans, Helvetica, sans-serif';
const BAR_COLOUR = '#1f4e79';
const TARGET_COLOUR = '#c0392b';

/**
 * Arial advance widths (thousandths of an em), roughly by character class. Without a canvas,
 * vega guesses 0.8 em per character, which cuts axis labels at half their room; this measures
 * them about as Word and LibreOffice will draw them.
 */
function arialWidth(char: string): number {
  if (/[ijlI.,;:!'|’]/.test(char)) return 250;
  if (/[ frt()-]/.test(char)) return 320;
  if (/[mwMW]/.test(char)) return 850;
  if (/[A-Z]/.test(char)) return 690;
  if (/[0-9]/.test(char)) return 556;
  return 540;
}

/** Width of `text` in pixels at `size`, as Arial draws it. */
function textWidth(text: string, size: number): number {
  let width = 0;
  for (const char of text) width += arialWidth(char);
  return (width / 1000) * size;
}

/** Room for an axis label, in pixels: beyond it a label goes on a second line. */
const LABEL_WIDTH_PX = 280;
const LABEL_LINE_HEIGHT = 14;
const LABEL_BREAK = '\n';

/**
 * An axis label broken at word boundaries into lines of at most `maxPx` (a word longer than
 * that stays whole): « Part des personnes non inscrites auprès du réseau pour l'emploi » is
 * printed in full on two lines rather than cut. Lines joined with `LABEL_BREAK`.
 */
export function wrapLabel(label: string, maxPx = LABEL_WIDTH_PX, size = 12): string {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, size) > maxPx) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.join(LABEL_BREAK);
}

/** The y axis of labels: wrapped lines (split back by the axis), never cut. */
const labelAxis = {
  labelLimit: 0,
  ticks: false,
  domain: false,
  labelPadding: 6,
  labelExpr: "split(datum.label, '\\n')",
  labelLineHeight: LABEL_LINE_HEIGHT,
  // vega draws the first line on the tick and the next ones below: a two-line label moves up
  // half a line to stay centred on its bar.
  labelOffset: {
    condition: { test: "indexof(datum.label, '\\n') >= 0", value: -LABEL_LINE_HEIGHT / 2 },
    value: 0,
  },
};

interface TextItem {
  text?: unknown;
  fontSize?: number;
}

/**
 * vega and vega-lite are ES modules with top-level await: the backend (CommonJS, for
 * Electron's utility process) can only load them with a dynamic import, once, on the
 * first chart. French axis numbers and Arial text widths are set then.
 */
let loaded: Promise<{ vega: typeof Vega; compile: typeof Compile }> | null = null;

function loadVega() {
  loaded ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // Axis numbers in French (decimal comma, no-break space between thousands).
    vega.formatLocale({
      decimal: ',',
      thousands: '\u00a0',
      grouping: [3],
      currency: ['', '\u00a0€'],
    });
    const metrics = (
      vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }
    ).textMetrics;
    metrics.width = (item, text) => {
      const value = text ?? item.text;
      const size = item.fontSize ?? 11;
      // A label on several lines is as wide as its widest line.
      const lines = Array.isArray(value) ? value.map(String) : [String(value ?? '')];
      return Math.max(0, ...lines.map((line) => textWidth(line, size)));
    };
    return { vega, compile: vegaLite.compile };
  });
  return loaded;
}

const baseConfig = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, labelColor: '#222', titleColor: '#222' },
  text: { fontSize: 12 },
};

function rowHeight(count: number): number {
  return Math.max(120, count * 34);
}

/** The vega-lite spec of a chart (exported for tests and for the screen, which could reuse it). */
export function toVegaLite(spec: ChartSpec): TopLevelSpec {
  if (spec.type === 'bars') {
    const values = spec.bars.map((bar, index) => ({
      order: index,
      label: wrapLabel(bar.label),
      value: bar.value,
      shown: bar.value ?? 0,
      text: bar.text,
    }));
    const max = Math.max(1, ...values.map((value) => value.shown));
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: CHART_WIDTH_PX - 250,
      height: rowHeight(values.length),
      background: 'white',
      padding: 8,
      config: baseConfig,
      data: { values },
      encoding: {
        y: {
          field: 'label',
          type: 'nominal',
          sort: { field: 'order', op: 'min' },
          title: null,
          axis: labelAxis,
        },
      },
      layer: [
        {
          mark: { type: 'bar', color: BAR_COLOUR, height: { band: 0.7 } },
          encoding: {
            x: {
              field: 'shown',
              type: 'quantitative',
              title: spec.valueTitle,
              // Room on the right for the value printed after the longest bar.
              scale: { domain: [0, max * 1.18] },
              axis: { format: ',d', tickMinStep: 1, grid: true, gridColor: '#e5e5e5' },
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, color: '#222' },
          encoding: {
            x: { field: 'shown', type: 'quantitative' },
            text: { field: 'text', type: 'nominal' },
          },
        },
      ],
    };
  }
  const values = spec.items.map((item, index) => ({
    order: index,
    label: wrapLabel(item.label),
    value: Math.round(item.realisedPercent),
    text: formatPercent(item.realisedPercent / 100),
  }));
  const max = Math.max(120, ...values.map((value) => value.value));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH_PX - 290,
    height: rowHeight(values.length),
    background: 'white',
    padding: 8,
    config: baseConfig,
    layer: [
      // The target line first, so the bars and their values are drawn over it.
      {
        data: { values: [{ target: 100 }] },
        mark: { type: 'rule', color: TARGET_COLOUR, strokeWidth: 2, strokeDash: [6, 3] },
        encoding: {
          x: { field: 'target', type: 'quantitative', title: 'Réalisé, en % de la cible' },
        },
      },
      {
        data: { values },
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            sort: { field: 'order', op: 'min' },
            title: null,
            axis: labelAxis,
          },
        },
        layer: [
          {
            mark: { type: 'bar', color: BAR_COLOUR, height: { band: 0.7 } },
            encoding: {
              x: {
                field: 'value',
                type: 'quantitative',
                title: 'Réalisé, en % de la cible',
                scale: { domain: [0, max * 1.15] },
                axis: { grid: true, gridColor: '#e5e5e5', labelExpr: "datum.label + '\u00a0%'" },
              },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, color: '#222' },
            encoding: {
              x: { field: 'value', type: 'quantitative' },
              text: { field: 'text', type: 'nominal' },
            },
          },
        ],
      },
    ],
  };
}

export interface RenderedChart {
  svg: Buffer;
  png: Buffer;
  /** Size in CSS pixels, as it should be placed in the document. */
  width: number;
  height: number;
}

export async function renderChart(spec: ChartSpec): Promise<RenderedChart> {
  const { vega, compile } = await loadVega();
  const compiled = compile(toVegaLite(spec)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svgText = await view.toSVG();
  view.finalize();
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svgText);
  const width = size ? Number(size[1]) : CHART_WIDTH_PX;
  const height = size ? Number(size[2]) : 300;
  // Twice the size, so the fallback stays sharp when printed.
  const png = new Resvg(svgText, {
    fitTo: { mode: 'width', value: Math.round(width * 2) },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
    background: 'white',
  })
    .render()
    .asPng();
  return { svg: Buffer.from(svgText, 'utf8'), png: Buffer.from(png), width, height };
}
