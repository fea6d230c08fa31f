import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const DATA_URL = /url\(\s*(["']?)data:([a-z0-9.+/-]+)(;base64)?,([^"')]*)\1\s*\)/gi;
const EXTENSIONS: Record<string, string> = {
  'font/ttf': '.ttf',
  'font/woff': '.woff',
  'font/woff2': '.woff2',
  'application/font-woff': '.woff',
  'application/x-font-ttf': '.ttf',
  'image/svg+xml': '.svg',
  'image/png': '.png',
  'image/gif': '.gif',
};

/**
 * CSS may inline fonts and images as `data:` URLs (GraphiQL's does); the pages' Content-Security-Policy allows only
 * their own origin, so each becomes a file next to the stylesheet.
 */
export function externaliseDataUrls(dir: string): void {
  for (const file of readdirSync(dir).filter((name) => extname(name) === '.css')) {
    const path = join(dir, file);
    const css = readFileSync(path, 'utf8');
    const rewritten = css.replace(DATA_URL, (whole, _quote: string, mime: string, base64: string | undefined, data: string) => {
      const extension = EXTENSIONS[mime.toLowerCase()];
      if (!extension) return whole;
      const bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
      const name = `assets/inline-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}${extension}`;
      mkdirSync(join(dir, 'assets'), { recursive: true });
      writeFileSync(join(dir, name), bytes);
      return `url(${name})`;
    });
    writeFileSync(path, rewritten);
  }
}
