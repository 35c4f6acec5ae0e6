// Opens a PDF in headless Chromium's own PDF viewer (PDFium) at its third page and saves a
// screenshot, for a person to look at (the conformance run also checks it is not blank).
// Usage: CHROMIUM=/usr/bin/chromium node pdf_screenshot.js PUPPETEER_DIR FILE.pdf OUT.png
const puppeteer = require(process.argv[2]);
const [file, out] = [process.argv[3], process.argv[4]];
(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: 'new',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 900, height: 1100 });
    await page.goto('file://' + file + '#page=3', { waitUntil: 'networkidle0' });
    // the viewer draws its pages after the load event
    await new Promise((r) => setTimeout(r, 5000));
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
