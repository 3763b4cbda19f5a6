import { csvCell, csvLine } from './fleetCsv';

describe('csvCell', () => {
  it('keeps what a spreadsheet would run as a formula as text', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(
      `"'=HYPERLINK(""http://x"",""y"")"`,
    );
  });

  it('leaves numbers, negative ones included, and plain text alone', () => {
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell('0.999')).toBe('0.999');
    expect(csvCell('component:default/orders')).toBe(
      'component:default/orders',
    );
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines'])).toBe(
      '"a,b","say ""hi""","two\nlines"\r\n',
    );
  });
});
