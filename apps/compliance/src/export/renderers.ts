import type { ExportFormat } from '@parley/contracts';
import { CsvRenderer } from './csv.renderer.js';
import { JsonlRenderer } from './jsonl.renderer.js';
import type { Renderer } from './renderer.js';
import { XmlRenderer } from './xml.renderer.js';

/** The renderer of a format; `comment` heads an XML file (what it covers). */
export function rendererFor(format: ExportFormat, comment: string): Renderer {
  switch (format) {
    case 'xml':
      return new XmlRenderer(comment);
    case 'jsonl':
      return new JsonlRenderer();
    case 'csv':
      return new CsvRenderer();
  }
}

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  xml: 'application/xml; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};
