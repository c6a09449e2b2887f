#!/usr/bin/env node
// Draws the add-in icons (assets/icon-16/32/64/80/128.png) by rendering one SVG in headless Chromium at each size.
// Playwright gives the browser a fresh temporary profile.
// Usage: node scripts/make-icons.mjs   (needs /usr/bin/chromium or CHROMIUM_PATH)
import { chromium } from "playwright-core";

// A sales line with a forecast band: bars of history, a rising trend line and a shaded band, on the brand teal.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect x="0" y="0" width="64" height="64" rx="12" fill="#0f6b5c"/>
  <path d="M34 30 L58 12 L58 34 L34 42 Z" fill="#7fd6c2" opacity="0.55"/>
  <rect x="8" y="38" width="6" height="18" rx="1.5" fill="#ffffff"/>
  <rect x="17" y="32" width="6" height="24" rx="1.5" fill="#ffffff"/>
  <rect x="26" y="36" width="6" height="20" rx="1.5" fill="#ffffff"/>
  <path d="M8 30 L20 24 L29 28 L34 36 L58 23" fill="none" stroke="#ffd166" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

const sizes = [16, 32, 64, 80, 128];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
    await page.screenshot({ path: `assets/icon-${size}.png`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`assets/icon-${size}.png`);
  }
} finally {
  await browser.close();
}
