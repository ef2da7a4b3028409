// The <wslens-handshake> element. Importing 'wslens/element' defines it.
import type { Report } from '../report.js';

/** A WebSocket handshake, checked and explained, for documentation pages. */
export declare class WslensHandshake extends HTMLElement {
  /** The last report shown (the detail of the last `wslens-report` event), or `null`. */
  readonly report: Report | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'wslens-handshake': WslensHandshake;
  }
  interface HTMLElementEventMap {
    /** The element's report changed (first shown, edited, or its attributes changed). */
    'wslens-report': CustomEvent<Report>;
  }
}
