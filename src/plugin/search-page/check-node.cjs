// Fails with a sentence saying what to install when this Node.js is older than the build needs: the browser test
// runs `node --test --test-concurrency --test-timeout` (20.11 and later) and playwright-core needs 20; esbuild needs
// 18. Plain CommonJS with no newer syntax, so that an old Node can run it to say so (.ci/run and build.sh call it).
'use strict';

const NEEDED = [20, 11];
const have = process.versions.node.split('.').map(Number);
const older = have[0] < NEEDED[0] || (have[0] === NEEDED[0] && have[1] < NEEDED[1]);
if (older) {
  console.error(`Node.js ${process.version} (${process.execPath}) is too old: the search page and its browser test need `
    + `${NEEDED.join('.')} or later. Debian 12 packages 18: install Node.js 20 or 22 from https://nodejs.org, from `
    + 'NodeSource (https://github.com/nodesource/distributions) or Debian 13, and put it first on the PATH.');
  process.exit(1);
}
