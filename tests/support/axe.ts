/**
 * axe-core scans for the accessibility specs: each scan checks what is on screen now, and a
 * spec collects every view's violations so one run lists all of them, not just the first.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** One violation, flattened to what a reader needs to find and fix it. */
export interface A11yFinding {
	view: string;
	rule: string;
	impact: string;
	help: string;
	targets: string[];
}

/**
 * Runs axe (WCAG 2.0/2.1/2.2 A and AA plus axe's best practices) on the page as it is and
 * returns its violations, labelled with `view`.
 */
export async function scanView(page: Page, view: string): Promise<A11yFinding[]> {
	// Let the last frame paint: colours of a just-opened view are read from the rendered page.
	await page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
		.analyze();
	return results.violations.map((v) => ({
		view,
		rule: v.id,
		impact: v.impact ?? 'unknown',
		help: v.help,
		targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
	}));
}

/** A readable list of findings, one line per rule and element with the views it was seen in. */
export function describeFindings(findings: A11yFinding[]): string {
	const seen = new Map<string, string[]>();
	for (const f of findings) {
		for (const target of f.targets) {
			const key = `${f.rule} (${f.impact}): ${f.help}\n    ${target}`;
			seen.set(key, [...(seen.get(key) ?? []), f.view]);
		}
	}
	return [...seen].map(([key, views]) => `${key}\n    in: ${views.join(', ')}`).join('\n');
}
