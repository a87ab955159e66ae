import type { Page } from "playwright-core";

/** The timeline row of an event. */
export function eventRow(page: Page, key: string) {
  return page.locator(`article[data-event-key="${key}"]`);
}

/** Scrolls the virtualised timeline (from the top, unless the row is drawn already) until the event's row is rendered. */
export async function scrollToEvent(page: Page, key: string): Promise<void> {
  const feed = page.locator(".timeline-scroll");
  await page.locator("[data-testid=timeline-event]").first().waitFor();
  if ((await eventRow(page, key).count()) === 0) {
    await feed.evaluate((element) => {
      element.scrollTop = 0;
    });
  }
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if ((await eventRow(page, key).count()) > 0) {
      await eventRow(page, key).scrollIntoViewIfNeeded();
      return;
    }
    await feed.evaluate((element) => {
      element.scrollTop += 400;
    });
    await page.waitForTimeout(30);
  }
  throw new Error(`event ${key} never appeared in the timeline`);
}
