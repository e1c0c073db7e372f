/**
 * The INI the SDKs' credentials file is written in: `[section]` headers, `key = value` lines,
 * full-line comments starting with `#` or `;`, and comments after a value when a space precedes
 * the `#` or `;`. LF or CRLF, a leading BOM, spaces anywhere. Keys are matched case-insensitively.
 */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
    if (header) {
      const name = (header[1] ?? '').toLowerCase();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !current) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line
      .slice(eq + 1)
      .replace(/\s[#;].*$/s, '')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    current.set(key, value);
  }
  return sections;
}
