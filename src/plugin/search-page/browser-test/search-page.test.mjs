// The search page in a real browser against a real node (run by SearchPageIT, which starts the node and indexes
// the sample images as INDEX; see cluster.mjs for the environment it passes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launch, openPage } from './browser.mjs';
import { IMAGE_URL, INDEX, SAMPLES, SCREENSHOTS, defaultModelName, fieldOf, idsFor, pageUrl, unknownWords } from './cluster.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const shownIds = (page) => page.locator('[data-test=hit-id]').allTextContents();
/** Waits until the hits on the page are those of the search in the URL (the grid names the search it shows). */
const hitsShown = (page) => page.waitForFunction(() => {
  const grid = document.querySelector('[data-test=hits]');
  return grid && grid.dataset.searching === 'false' && grid.dataset.query === location.search.slice(1);
});
/** A screenshot into SCREENSHOTS (when set), with animations run to their end (OUI's flyout slides in). */
const screenshot = (page, name) => SCREENSHOTS && page.screenshot({ path: path.join(SCREENSHOTS, name), animations: 'disabled' });

/** Asserts that the Search button lies inside a window of the given width. */
async function assertSearchOnScreen(page, width) {
  const button = await page.locator('[data-test=search-button]').boundingBox();
  assert.ok(button && button.x >= 0 && button.x + button.width <= width, `Search at x=${button && button.x} fits in ${width} px`);
}

/** Waits until the page has probed the node's optional features (negative_text, query_document, _embed). */
const probed = (page) => page.locator('.clipPage[data-probed=true]').waitFor();

async function searchFor(page, text) {
  await page.locator('[data-test=query-text]').fill(text);
  await page.locator('[data-test=search-button]').click();
  await page.waitForFunction((t) => new URL(location.href).searchParams.get('query') === t, text);
  await hitsShown(page);
}

async function sampleFile(name) {
  return { name, mimeType: name.endsWith('.png') ? 'image/png' : 'image/jpeg', buffer: await readFile(path.join(SAMPLES, name)) };
}

/** Puts a file into a DataTransfer inside the page and fires `type` (drop on the zone, or paste on the window). */
async function transferFile(page, name, type) {
  const file = await sampleFile(name);
  await page.evaluate(({ base64, fileName, mime, eventType }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], fileName, { type: mime }));
    if (eventType === 'paste') {
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    } else {
      document.querySelector('[data-test=dropzone]').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, { base64: file.buffer.toString('base64'), fileName: file.name, mime: file.mimeType, eventType: type });
  await page.locator('[data-test=query-image]').waitFor();
}

test('opened with no parameters, it picks a searchable index and its fields from the mapping and pipeline', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl());
  await page.locator('[data-test=index]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-test=image-field]')?.value === 'image');
  assert.equal(await page.locator('[data-test=index]').inputValue(), INDEX);
  assert.equal(await page.locator('[data-test=vector-field]').inputValue(), 'image_vector');
  assert.equal(await page.locator('[data-test=label-field]').inputValue(), 'caption');
  assert.equal(await page.locator('[data-test=model]').textContent(), await defaultModelName(),
    'the pipeline names no model: the one the mapping records for the field');
  assert.equal(await page.locator('[data-test=search-error]').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('a typed text shows the clip query\'s hits in its order, each with its image, and the URL follows the search', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=6`));
  await searchFor(page, 'a photo of a cat');
  assert.deepEqual(await shownIds(page), await idsFor('a photo of a cat', 6));
  assert.deepEqual(await page.locator('[data-test=rank]').allTextContents(), ['#1', '#2', '#3', '#4', '#5', '#6']);
  const withImages = await page.locator('[data-test=hit] img[src^="data:image/"]').count();
  const broken = await page.locator('[data-test=hit] [data-test=broken]').count();
  assert.equal(withImages + broken, 6, 'every hit shows its picture or says why it cannot');
  assert.deepEqual(await page.locator('[data-test=hit]:has([data-test=broken])').evaluateAll((cards) => cards.map((c) => c.dataset.id))
    .then((ids) => ids.filter((id) => id !== 'broken')), [], 'only the broken document has no picture');
  assert.match(page.url(), /query=a\+photo\+of\+a\+cat/);
  await page.reload();
  await hitsShown(page);
  assert.deepEqual(await shownIds(page), await idsFor('a photo of a cat', 6), 'the link alone shows the same search');
  await screenshot(page, 'search-page-1280.png');
});

test('a chosen file, a dropped file and a pasted image each become the query image; clear removes it', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=4`));
  await page.locator('[data-test=image-file]').setInputFiles(await sampleFile('coffee.jpg'));
  await page.locator('[data-test=query-image]').waitFor();
  await assertSearchOnScreen(page, 1280);
  await page.locator('[data-test=search-button]').click();
  await page.waitForFunction(() => document.querySelector('[data-test=score]')?.textContent === '1.0000');
  assert.match((await shownIds(page))[0], /^coffee/, 'the chosen picture finds itself first');

  await page.locator('[data-test=clear-image]').click();
  assert.equal(await page.locator('[data-test=query-image]').count(), 0);
  await transferFile(page, 'rocket-alpha.png', 'drop');
  await page.locator('[data-test=search-button]').click();
  await page.waitForFunction(() => /^rocket/.test(document.querySelector('[data-test=hit-id]')?.textContent || '')
    && document.querySelector('[data-test=score]')?.textContent === '1.0000');

  await page.locator('[data-test=clear-image]').click();
  await transferFile(page, 'cat.jpg', 'paste');
  await page.locator('[data-test=search-button]').click();
  await page.waitForFunction(() => /^cat\.jpg/.test(document.querySelector('[data-test=hit-id]')?.textContent || ''));
  assert.deepEqual(page.errors, []);
});

test('Back after a second search shows the first one again, its text in the search field', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=4`));
  await searchFor(page, 'a photo of a tabby cat');
  await searchFor(page, 'galaxies in deep space');
  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('query') === 'a photo of a tabby cat');
  await hitsShown(page);
  assert.equal(await page.locator('[data-test=query-text]').inputValue(), 'a photo of a tabby cat');
  assert.deepEqual(await shownIds(page), await idsFor('a photo of a tabby cat', 4));
});

test('pages go past the first k hits, and Back returns to the previous page', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=4&k=4`));
  await searchFor(page, 'a photo of a cat');
  const expected = await idsFor('a photo of a cat', 8);
  assert.deepEqual(await shownIds(page), expected.slice(0, 4));
  await page.locator('[data-test=pagination] button[aria-label*="Page 2"]').click();
  await page.waitForFunction(() => document.querySelector('[data-test=rank]')?.textContent === '#5');
  assert.deepEqual(await shownIds(page), expected.slice(4, 8));
  assert.match(page.url(), /page=1/);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-test=rank]')?.textContent === '#1');
  assert.deepEqual(await shownIds(page), expected.slice(0, 4));
});

test('a facet value with its count filters the clip query, and the other value comes back when cleared', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=12`));
  await searchFor(page, 'a rocket launching into the sky');
  const png = page.locator('[data-test="facet-format-png"]');
  await png.waitFor();
  assert.match(await png.textContent(), /png\s*\d+/);
  await png.click();
  await page.waitForFunction(() => /filter=format%3Apng/.test(location.search));
  await hitsShown(page);
  const ids = await shownIds(page);
  assert.ok(ids.length > 0);
  const formats = await fieldOf(ids, 'format');
  for (const id of ids) assert.equal(formats[id], 'png', `${id} is a PNG document`);
  await page.locator('[data-test="facet-format-png"]').click();
  await page.waitForFunction(() => !/filter=/.test(location.search));
});

test('a hit opens a flyout with its fields, its clip_classify tags as badges and long values shortened', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=24&query=${encodeURIComponent('a photo of a tabby cat')}`));
  await hitsShown(page);
  const hit = page.locator('[data-test=hit][data-id^="cat.jpg"]').first();
  const id = await hit.getAttribute('data-id');
  await hit.click();
  const flyout = page.locator('[data-test=flyout]');
  await flyout.waitFor();
  const text = await flyout.textContent();
  assert.match(text, /caption/);
  assert.match(text, /characters\)/, 'the base64 image is shortened');
  const tags = (await fieldOf([id], 'tags'))[id];
  assert.ok(Array.isArray(tags) && tags.length > 0, `clip_classify tagged ${id}`);
  const badges = await flyout.locator('.ouiBadge').allTextContents();
  for (const tag of tags) assert.ok(badges.includes(tag), `the tag ${tag} is a badge (badges: ${badges})`);
  await screenshot(page, 'search-page-flyout.png');
});

test('"more like this" searches with the hit as the query, leaving the hit out', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=6&query=${encodeURIComponent('a cup of coffee')}`));
  await hitsShown(page);
  await probed(page);
  await page.locator('[data-test=hit]').first().click();
  await page.locator('[data-test=flyout]').waitFor();
  assert.equal(await page.locator('[data-test=more-like-this]').count(), 1, 'the node supports query_document: the button is there');
  const id = await page.locator('[data-test=flyout] h2').textContent();
  await page.locator('[data-test=more-like-this]').click();
  await page.waitForFunction((doc) => new URL(location.href).searchParams.get('like') === doc, id);
  await hitsShown(page);
  const ids = await shownIds(page);
  assert.ok(ids.length > 0, 'the document has neighbours');
  assert.ok(!ids.includes(id), 'the document itself is left out');
  assert.equal(await page.locator('[data-test=like-banner] strong').textContent(), id);
});

test('words the model does not know are named in a warning, as _embed reports them, which goes once all are known', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=4`));
  await probed(page);
  const unknown = await unknownWords('thunderstorm xyzzy');
  assert.ok(unknown.includes('xyzzy'), `the default model does not know xyzzy (it reports ${unknown})`);
  await searchFor(page, 'thunderstorm xyzzy');
  const warning = page.locator('[data-test=unknown-words]');
  await warning.waitFor();
  assert.equal(await warning.textContent(), `The model does not know: ${unknown.join(', ')}`);
  assert.deepEqual(await unknownWords('a red heart'), []);
  await searchFor(page, 'a red heart');
  await warning.waitFor({ state: 'detached' });
});

test('a negative text changes the hits to those of negative_text, and goes into the URL', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=12`));
  await probed(page);
  await searchFor(page, 'a photo of a cat');
  const plain = await shownIds(page);
  await page.locator('[data-test=negative-text]').fill('a tabby cat');
  await page.locator('[data-test=search-button]').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('not') === 'a tabby cat');
  await hitsShown(page);
  const steered = await shownIds(page);
  assert.deepEqual(steered, await idsFor('a photo of a cat', 12, { negative_text: 'a tabby cat', negative_weight: 0.5 }));
  assert.notDeepEqual(steered, plain, 'steering away from a tabby cat changes the hits');
  await page.reload();
  await hitsShown(page);
  assert.equal(await page.locator('[data-test=negative-text]').inputValue(), 'a tabby cat', 'the link keeps the negative text');
  assert.deepEqual(await shownIds(page), steered);
});

test('an image URL is fetched by the node as the query image, and goes into the URL, which brings it back', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=4`));
  await page.locator('[data-test=image-url]').fill(IMAGE_URL);
  await page.locator('[data-test=image-url]').press('Enter');
  assert.equal(await page.locator('[data-test=query-image]').getAttribute('src'), IMAGE_URL);
  await page.locator('[data-test=search-button]').click();
  await page.waitForFunction((u) => new URL(location.href).searchParams.get('imageUrl') === u, IMAGE_URL);
  await hitsShown(page);
  assert.match((await shownIds(page))[0], /^cat\.jpg/, 'the picture behind the URL finds itself first');
  assert.equal(await page.locator('[data-test=score]').first().textContent(), '1.0000');
  await page.reload();
  await hitsShown(page);
  assert.equal(await page.locator('[data-test=query-image]').getAttribute('src'), IMAGE_URL);
  assert.equal(await page.locator('[data-test=image-url]').inputValue(), IMAGE_URL);
  assert.match((await shownIds(page))[0], /^cat\.jpg/, 'the link alone repeats the search');
  assert.deepEqual(page.errors, []);
});

test('a failing search is reported in words, not as JSON', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&field=caption&query=cat`));
  const error = page.locator('[data-test=search-error]');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /caption/);
  assert.doesNotMatch(text, /[{}]/);
});

test('a document whose image is not an image is one broken card among working ones', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=30&query=${encodeURIComponent('a photo of a tabby cat')}`));
  await hitsShown(page);
  const broken = page.locator('[data-test=hit][data-id=broken] [data-test=broken]');
  await broken.waitFor();
  assert.match(await broken.textContent(), /neither base64, a data URI nor an http\(s\) URL/);
  assert.ok(await page.locator('[data-test=hit] img').count() > 10, 'the other hits still show their pictures');
  assert.deepEqual(page.errors, []);
});

test('a 64-pixel image is shown at its natural size, not blown up', async () => {
  const page = await openPage(browser, 1280);
  await page.goto(pageUrl(`index=${INDEX}&size=30&query=${encodeURIComponent('a red square')}`));
  const small = page.locator('[data-test=hit][data-id=small-64] img');
  await small.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-id=small-64] img')?.complete);
  const size = await small.evaluate((img) => [img.naturalWidth, img.getBoundingClientRect().width]);
  assert.deepEqual(size, [64, 64]);
});

for (const [width, name] of [[800, 'search-page-800.png'], [390, 'search-page-phone.png']]) {
  test(`at ${width} px nothing is cut off sideways and Search stays on screen with an image chosen`, async () => {
    const page = await openPage(browser, width, width < 500 ? 844 : 900);
    await page.goto(pageUrl(`index=${INDEX}&size=8&query=${encodeURIComponent('galaxies in deep space')}`));
    await hitsShown(page);
    await page.locator('[data-test=image-file]').setInputFiles(await sampleFile('rocket-alpha.png'));
    await page.locator('[data-test=query-image]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const sticking = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}`));
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window: ${sticking.join(', ')}`);
    await assertSearchOnScreen(page, width);
    await page.locator('[data-test=clear-image]').click();
    await screenshot(page, name);
  });
}
