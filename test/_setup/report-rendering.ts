/**
 * Renders reports the way a reader sees them: the HTML in headless Debian chromium (driven by
 * playwright-core, never a downloaded browser) to a PNG and its text, the PDF to PNG pages
 * with pdftoppm and to text with pdftotext. Kept under test-output/ (gitignored).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../hub/ponder-process.js";

const run = promisify(execFile);
export const CHROMIUM = "/usr/bin/chromium";
export const TEST_OUTPUT = join(PROJECT_ROOT, "test-output", "reports");

export function missingBinary(...names: string[]): string | undefined {
  for (const name of names) {
    const path = name.startsWith("/") ? name : `/usr/bin/${name}`;
    if (!existsSync(path)) return `${path} is missing (apt-get install ${name.includes("chromium") ? "chromium" : "poppler-utils"})`;
  }
  return undefined;
}

export async function htmlToPngAndText(html: string, name: string): Promise<{ png: string; text: string }> {
  const { chromium } = await import("playwright-core");
  await mkdir(TEST_OUTPUT, { recursive: true });
  // playwright-core gives every launch a fresh temporary profile (MACHINE.md's --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    const png = join(TEST_OUTPUT, `${name}.png`);
    await page.screenshot({ path: png, fullPage: false });
    return { png, text: (await page.textContent("body")) ?? "" };
  } finally {
    await browser.close();
  }
}

export async function pdfToPngsAndText(pdf: Uint8Array, name: string): Promise<{ pages: string; text: string }> {
  await mkdir(TEST_OUTPUT, { recursive: true });
  const file = join(TEST_OUTPUT, `${name}.pdf`);
  await writeFile(file, pdf);
  const prefix = join(TEST_OUTPUT, name);
  await run("pdftoppm", ["-png", "-r", "60", "-l", "3", file, prefix]);
  const { stdout } = await run("pdftotext", ["-layout", file, "-"]);
  return { pages: prefix, text: stdout };
}
