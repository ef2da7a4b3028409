// The JS API of wslens. The report's types (report.d.ts) are generated from the Rust types
// that `wslens check --json` serialises, so they describe the same JSON.
import type { AcceptSteps, Format, HeaderDoc, Report, RuleInfo } from './report.js';

export type * from './report.js';

/** How to read an input. */
export interface InspectOptions {
  /** The input format; `"auto"` (the default) detects it as the CLI does. */
  format?: Format;
  /**
   * The text came through something that rewrote CRLF into LF (a `<textarea>`, an HTML page),
   * so bare LF line endings say nothing about the capture and HTTP001 is not reported.
   */
  lineEndingsLost?: boolean;
  /**
   * Detail every exchange. By default a report details the first 1,000 and counts the rest in
   * `summary` (CAP711 says so), so that a capture of many handshakes needs memory in
   * proportion to what a person reads.
   */
  allExchanges?: boolean;
  /** A name for the input (a file name), echoed as `report.source.name`. */
  name?: string | null;
}

/**
 * Checks a handshake: a raw transcript, `curl -v` output, a curl command, a HAR export or a
 * pcap/pcapng capture. Never throws for any string or bytes; a wrong argument type is a
 * `TypeError`.
 */
export function inspect(input: string | Uint8Array | ArrayBuffer, options?: InspectOptions): Report;

/** What `redact` replaces besides the secrets. */
export interface RedactOptions extends InspectOptions {
  /** Replace a request's body and the body of a response that refused the handshake, keeping their length (default `true`). */
  bodies?: boolean;
  /** Replace host names, IP addresses and ports, each consistently (default `false`). */
  hosts?: boolean;
}

/**
 * The transcript's text with its secrets replaced (cookies, credentials, API keys, tokens of
 * known shapes), as share links carry it; it gives the same verdicts and finding codes.
 */
export function redact(input: string | Uint8Array | ArrayBuffer, options?: RedactOptions): string;

/** `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string;

/** Every step of the accept computation. */
export function acceptSteps(key: string): AcceptSteps;

/** The knowledge base's entry for a header (any casing), or `null` when it has none. */
export function explainHeader(name: string): HeaderDoc | null;

/** Every rule, in code order. */
export function rules(): RuleInfo[];

/** Every header of the knowledge base. */
export function headerDocs(): HeaderDoc[];

/** The package's version. */
export const version: string;

/** The `schemaVersion` of the reports this version returns. */
export const schemaVersion: number;
