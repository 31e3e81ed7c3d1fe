/**
 * The build under its strict headers (scripts/security-headers.js, as `npm start` and the deploy/
 * examples send them: default-src 'self', no 'unsafe-eval'): connect, publish, a chart, a
 * Protobuf decode and an export run without a single Content-Security-Policy violation, neither
 * in the page (its `securitypolicyviolation` events) nor in the engine worker (whose violations
 * only the header's report-uri sees).
 */
import { readFile } from 'node:fs/promises';
import protobuf from 'protobufjs';
import { connect, createProfile, openApp, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { openDetail, publishFromApp, subscribeGranted } from '../support/pubsub';
import { startStrictServer, type StrictServer } from '../support/strict-server';

const PROTO = `syntax = "proto3";
package demo;
message Reading {
  string sensor = 1;
  double celsius = 2;
}
`;

let server: StrictServer;
test.beforeAll(async () => {
	server = await startStrictServer(process.env.E2E_BUILD_DIR || 'build');
});
test.afterAll(async () => {
	await server?.stop();
});

test('connect, publish, chart, Protobuf and export break no CSP rule', async ({ page, broker }) => {
	test.setTimeout(60_000);
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { cspViolations: string[] }).cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`)
		);
	});
	const violations = () =>
		page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

	const response = await page.goto(`${server.url}/`);
	const csp = response?.headers()['content-security-policy'] ?? '';
	expect(csp).toContain("default-src 'self'");
	expect(csp).toMatch(/script-src [^;]*'self'/);
	expect(csp.split(/[\s;]+/)).not.toContain("'unsafe-eval'");
	await openApp(page, `${server.url}/`);

	const prefix = uniquePrefix('csp');
	await createProfile(page, { name: 'Strict', url: broker.wsUrl });
	await connect(page);
	await subscribeGranted(page, `${prefix}/#`, { qos: 1 });

	await publishFromApp(page, { topic: `${prefix}/app`, payload: 'from the app', qos: 1 });
	// Sent, and received back through the subscription.
	await expect(rowsFor(page, `${prefix}/app`)).toHaveCount(2);

	const external = await connectExternal(broker.mqttPort);
	try {
		for (const [i, celsius] of [20.5, 21, 21.5].entries()) {
			const payload = JSON.stringify({ timestamp: Date.now() + i, celsius });
			await external.publishAsync(`${prefix}/json`, payload, { qos: 1 });
		}
		const type = protobuf.parse(PROTO).root.lookupType('demo.Reading');
		const encoded = type
			.encode(type.fromObject({ sensor: 'strict-kitchen', celsius: 19 }))
			.finish();
		await external.publishAsync(`${prefix}/proto`, Buffer.from(encoded), { qos: 1 });
	} finally {
		await closeExternal(external);
	}
	await expect(rowsFor(page, `${prefix}/json`)).toHaveCount(3);

	// A chart (chart.js loads on demand).
	await rowsFor(page, `${prefix}/json`).first().click();
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	const chart = page
		.locator(`[data-testid="chart-slot"][data-topic="${prefix}/json"]`)
		.getByTestId('chart');
	await expect(chart.locator('canvas')).toBeVisible();
	await expect(chart.locator('[data-testid="series"][data-name="celsius"]')).toBeVisible();

	// A Protobuf decode, in the worker.
	const detail = await openDetail(page, `${prefix}/proto`);
	await detail.getByLabel('Payload view format').selectOption('protobuf');
	const form = detail.getByTestId('proto-form');
	await form.getByLabel('.proto schema').fill(PROTO);
	await form.getByLabel('Message type').selectOption('demo.Reading');
	await form.getByRole('button', { name: 'Use this schema' }).click();
	await expect(detail.getByTestId('payload-tree').locator('[data-path="sensor"]')).toContainText(
		'"strict-kitchen"'
	);

	// An export (written by the worker, downloaded by the page).
	const panel = page.getByRole('region', { name: 'Export and import' });
	if (!(await panel.isVisible()))
		await page.getByRole('button', { name: 'Export / import' }).click();
	await panel.getByLabel('Format').selectOption('ndjson');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('button', { name: 'Export', exact: true }).click()
	]);
	expect((await readFile(await download.path())).toString('utf8')).toContain(`${prefix}/proto`);

	// Reports are posted as they happen; give a late one from the worker time to arrive.
	await page.waitForTimeout(1000);
	expect(await violations()).toEqual([]);
	expect(server.reports).toEqual([]);

	// The check itself works: an injected inline script and an image from another origin are
	// refused, seen as events, and the header policy's refusal is reported.
	await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.injected = true';
		document.head.append(script);
		new Image().src = 'http://127.0.0.2:9/blocked.png';
	});
	await expect
		.poll(async () => (await violations()).join('\n'))
		.toMatch(/^script-src-elem inline/m);
	expect((await violations()).join('\n')).toMatch(/^img-src http:\/\/127\.0\.0\.2:9/m);
	expect(await page.evaluate(() => 'injected' in window)).toBe(false);
	await expect
		.poll(() => JSON.stringify(server.reports))
		.toContain('"effective-directive":"img-src"');
});
