// A small consumer, type-checked with `tsc --strict` against the installed package's types.
import { inspect, acceptKey, acceptSteps, explainHeader, rules, redact, version, schemaVersion } from 'wslens';
import type { Report, Exchange, Finding, HandshakeVerdict, Severity, StartLine, InspectOptions, RedactOptions } from 'wslens';
import type { WslensHandshake } from 'wslens/element';

const options: InspectOptions = { format: 'raw', lineEndingsLost: true, name: 'paste' };
const report: Report = inspect('GET /chat HTTP/1.1\r\n\r\n', options);
const bytes: Report = inspect(new Uint8Array([0x47, 0x45, 0x54]));

function failing(exchange: Exchange): Finding[] {
  return exchange.findings.filter((f) => f.severity === ('error' satisfies Severity));
}
const verdicts: HandshakeVerdict[] = report.exchanges.map((e) => e.verdict.handshake);
const first: Finding | undefined = report.exchanges.flatMap(failing)[0];
const where: number | undefined = first?.span.start;

function describe(line: StartLine): string {
  switch (line.kind) {
    case 'request':
      return `${line.method} ${line.target}`;
    case 'response':
      return `${line.status} ${line.reason}`;
  }
}
const lines: string[] = bytes.exchanges.flatMap((e) => (e.request ? [describe(e.request.startLine)] : []));
const accept: string = acceptKey('dGhlIHNhbXBsZSBub25jZQ==');
const decoded: number | null = acceptSteps(accept).decodedLen;
const doc = explainHeader('Upgrade');
const sentBy: string | undefined = doc?.sentBy;
const codes: string[] = rules().map((r) => r.code);
const redactOptions: RedactOptions = { hosts: true, bodies: false, format: 'raw' };
const text: string = redact('Cookie: a=b', redactOptions);
const n: number = schemaVersion + version.length;

// @ts-expect-error: not a format
inspect('x', { format: 'pcapng' });
// @ts-expect-error: a number is not an input
inspect(42);

const element: WslensHandshake | null = document.querySelector('wslens-handshake');
element?.addEventListener('wslens-report', (event) => {
  const shown: Report = event.detail;
  console.log(shown.summary.failed);
});
const last: Report | null | undefined = element?.report;

console.log(verdicts, where, lines, decoded, sentBy, codes, text, n, last);
