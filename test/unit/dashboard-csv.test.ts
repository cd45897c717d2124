import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, toCsv } from '../../web/src/csv.js';

describe('dashboard CSV export', () => {
  it('quotes per RFC 4180: commas, quotes and line breaks; doubles quotes; CRLF records', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Brighton, and Hove')).toBe('"Brighton, and Hove"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [2, '']])).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });

  it('guards against formula injection in text cells', () => {
    for (const evil of ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx']) expect(csvCell(evil).replace(/^"/, '').startsWith("'"), evil).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Numbers stay numbers.
    expect(csvCell(-3)).toBe('-3');
  });

  it('names files from their parts', () => {
    expect(csvFileName('pipeline', '2026/27', 'South East')).toBe('pipeline-2026-27-south-east.csv');
    expect(csvFileName('take-up', '5-years', 'all-regions', 'by-type')).toBe('take-up-5-years-all-regions-by-type.csv');
    expect(csvFileName('', '')).toBe('export.csv');
  });
});
