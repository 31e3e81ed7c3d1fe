/**
 * Page helpers for the phone layout: its bottom navigation, the More sheet, the header, and the
 * checks every phone view must pass (nothing wider than the screen, tap targets of 44 × 44 px).
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The smallest tap target, in CSS pixels (WCAG 2.5.5). */
export const MIN_TARGET = 44;

/** The phone's bottom navigation (a rail on a landscape phone or a tablet). */
export function bottomNav(page: Page): Locator {
	return page.getByRole('navigation', { name: 'Views' });
}

/** The views in the bottom bar; the rest are under More. */
const PRIMARY = ['Messages', 'Topics', 'Dashboard', 'Publish'];

/** Shows a view through the bottom bar or, for the rest, through More. */
export async function showPhoneView(page: Page, label: string): Promise<void> {
	if (PRIMARY.includes(label)) {
		await bottomNav(page).getByRole('button', { name: label, exact: true }).click();
		return;
	}
	await openMore(page);
	await page.getByTestId('more-menu').getByRole('button', { name: label }).click();
	await expect(page.getByRole('dialog', { name: 'More' })).toBeHidden();
}

/** Opens the More sheet. */
export async function openMore(page: Page): Promise<Locator> {
	await bottomNav(page).getByRole('button', { name: /^More/ }).click();
	const sheet = page.getByRole('dialog', { name: 'More' });
	await expect(sheet).toBeVisible();
	return sheet;
}

/** The header's profile switcher (opens the Connections sheet). */
export function profileSwitcher(page: Page): Locator {
	return page.getByTestId('profile-switcher');
}

/** The phone header, where the connection state and Connect / Disconnect live. */
export function appHeader(page: Page): Locator {
	return page.locator('header.app-header');
}

/** What the layout check found: the page's width and every control smaller than a thumb. */
export interface FitReport {
	scrollWidth: number;
	viewportWidth: number;
	/**
	 * "button "Edit" 30×24" for each visible control below MIN_TARGET in either direction, and
	 * "off screen: …" for each that reaches past the right edge of the screen.
	 */
	small: string[];
}

/**
 * Measures the page as it is: the document's scroll width and the bounding box of every visible
 * button, link, input, select and tab. A checkbox or radio counts with its label, which takes the
 * tap too.
 */
export function measureFit(page: Page, skip?: string): Promise<FitReport> {
	return page.evaluate(
		({ min, skip }) => {
			const selector =
				'button, a[href], input:not([type="hidden"]), select, textarea, [role="tab"]';
			const small: string[] = [];
			for (const element of document.querySelectorAll<HTMLElement>(selector)) {
				if (skip && element.closest(skip)) continue;
				if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
				const input = element instanceof HTMLInputElement ? element : undefined;
				const target =
					input && (input.type === 'checkbox' || input.type === 'radio')
						? (input.closest('label') ?? input)
						: element;
				const box = target.getBoundingClientRect();
				if (box.width === 0 && box.height === 0) continue;
				// A control cut off at the right edge (a row wider than its sheet) cannot be reached.
				if (box.right > window.innerWidth + 0.5) {
					const label = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
					small.push(`off screen: "${label.slice(0, 40)}" right edge at ${Math.round(box.right)}`);
					continue;
				}
				if (box.width + 0.5 < min || box.height + 0.5 < min) {
					const name = (
						element.getAttribute('aria-label') ??
						element.textContent ??
						element.getAttribute('placeholder') ??
						''
					)
						.trim()
						.slice(0, 40);
					const role = element.getAttribute('role') ?? element.tagName.toLowerCase();
					small.push(`${role} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
				}
			}
			return {
				scrollWidth: document.documentElement.scrollWidth,
				viewportWidth: window.innerWidth,
				small
			};
		},
		{ min: MIN_TARGET, skip }
	);
}

/**
 * Asserts that the page does not scroll sideways and every control is large enough to tap;
 * `skip` (a selector) leaves out the controls inside a known exception.
 */
export async function expectPhoneFit(page: Page, what: string, skip?: string): Promise<void> {
	const report = await measureFit(page, skip);
	expect(report.scrollWidth, `${what}: page wider than the screen`).toBeLessThanOrEqual(
		report.viewportWidth
	);
	expect(report.small, `${what}: controls smaller than ${MIN_TARGET} px`).toEqual([]);
}
