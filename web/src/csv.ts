/**
 * CSV for the dashboard's "Download CSV" buttons: RFC 4180 (fields with a comma, a quote, CR or
 * LF are quoted and quotes doubled; records end with CRLF), with a formula-injection guard:
 * a text cell that starts with =, +, -, @ (or a tab or CR) gets a leading apostrophe so a
 * spreadsheet shows it as text instead of running it. Numbers are written as they are.
 */
export type Cell = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = String(value);
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** 'Pipeline', '2026/27', 'South East' → 'pipeline-2026-27-south-east.csv' */
export function csvFileName(...parts: string[]): string {
  const slug = parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${slug || 'export'}.csv`;
}

/** Offers the text as a file download (a Blob through a temporary link). */
export function downloadCsv(fileName: string, csv: string): void {
  // The BOM makes Excel read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
