// Reporters as a name → function map: (report) → string. Pure.
import type { Report } from '../types.js';
import { renderHuman } from './human.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif, type SarifOptions } from './sarif.js';

export const FORMATS = ['human', 'json', 'sarif', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions extends SarifOptions {
  color: boolean;
  /** Human report: wrap at this many columns. */
  width?: number;
  /** Human report: compact (default), verbose or quiet. */
  detail?: 'compact' | 'verbose' | 'quiet';
}

export function render(format: Format, report: Report, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, options);
    case 'junit':
      return renderJunit(report);
    default:
      return renderHuman(report, options);
  }
}
