// Builds the search page into one script, one stylesheet and index.html (no inline script), for the plugin's
// resources: node build.mjs [outdir]. Run by the plugin module's Maven build after `npm ci`.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile, copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] || path.join(here, 'dist'));
const oui = path.join(here, 'node_modules/@opensearch-project/oui');

// OUI loads every icon it has not been given with import('./assets/' + name + '.js'); bundled, that would pull in
// all 420 icons. src/icons.js registers the few the page uses, and unknown icons resolve to none.
const iconsOnDemandOff = {
  name: 'oui-icons-on-demand-off',
  setup(b) {
    b.onLoad({ filter: /oui[\\/]es[\\/]components[\\/]icon[\\/]icon\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const rewritten = source.replace(/import\(\s*(\/\*[\s\S]*?\*\/\s*)?(\/\/[^\n]*\n\s*)*'\.\/assets\/'\s*\+\s*iconPath\s*\+\s*'\.js'\s*\)/,
        'Promise.resolve({ icon: function () { return null; } })');
      if (rewritten === source) throw new Error('OUI icon.js changed: its dynamic icon import was not found');
      return { contents: rewritten, loader: 'js' };
    });
  },
};

// OUI's ES build keeps React propTypes (long lists of every icon name, every colour …) that production React never
// reads: drop each top-level `Name.propTypes = {…};` statement of OUI's files. Braces in strings and comments
// are skipped.
function withoutPropTypes(source) {
  const start = /^[A-Za-z_$][\w$]*\.propTypes = \{/gm;
  let out = '';
  let last = 0;
  for (let match; (match = start.exec(source)); ) {
    let depth = 0;
    let i = match.index + match[0].length - 1;
    let quote = null;
    for (; i < source.length; i++) {
      const c = source[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i);
      else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 1;
      else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    if (source[i + 1] !== ';') continue;
    out += source.slice(last, match.index);
    last = i + 2;
    start.lastIndex = last;
  }
  return out + source.slice(last);
}

const propTypesOff = {
  name: 'oui-prop-types-off',
  setup(b) {
    b.onLoad({ filter: /oui[\\/]es[\\/].*\.js$/ }, async (args) => {
      if (/[\\/]icon[\\/]icon\.js$/.test(args.path)) return undefined;
      return { contents: withoutPropTypes(await readFile(args.path, 'utf8')), loader: 'js' };
    });
  },
};

await mkdir(outdir, { recursive: true });
const result = await build({
  entryPoints: { app: path.join(here, 'src/main.jsx') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  jsx: 'automatic',
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  outdir,
  metafile: true,
  logLevel: 'warning',
  alias: { '@opensearch/datemath': path.join(here, 'src/stubs/datemath.js') },
  plugins: [iconsOnDemandOff, propTypesOff],
});
await copyFile(path.join(oui, 'dist/oui_theme_light.min.css'), path.join(outdir, 'oui.css'));
await copyFile(path.join(here, 'src/index.html'), path.join(outdir, 'index.html'));

const files = ['index.html', 'app.js', 'app.css', 'oui.css', 'app.js.LEGAL.txt'];
const present = [];
for (const file of files) {
  try {
    const { size } = await stat(path.join(outdir, file));
    present.push(file);
    console.log(`search page: ${file} ${(size / 1024).toFixed(1)} KiB`);
  } catch {
    // app.css only exists when the sources import CSS
  }
}
await writeFile(path.join(outdir, 'files.txt'), present.join('\n') + '\n');
if (process.env.SEARCH_PAGE_METAFILE) await writeFile(process.env.SEARCH_PAGE_METAFILE, JSON.stringify(result.metafile));
