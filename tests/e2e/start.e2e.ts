/**
 * `npm start` end to end: scripts/start.js serves the app, starts the demo broker and the device
 * simulator, and prints a Quick start link that gets a new user to live telemetry and a chart.
 * It builds only when build/ is missing or older than the sources (never forced here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { connectionState, rowsFor } from '../support/app';
import { expect, test } from '../support/fixtures';
import { freePorts } from '../support/mosquitto';

const ROOT = resolve(import.meta.dirname, '../..');
/** Enough for a build when build/ is stale, plus the app start. */
const BANNER_TIMEOUT_MS = 150_000;

/** Resolves with everything printed up to and including the Quick start line. */
function waitForBanner(child: ChildProcess, output: { text: string }): Promise<string> {
	return new Promise((resolveBanner, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`no banner within ${BANNER_TIMEOUT_MS} ms:\n${output.text}`)),
			BANNER_TIMEOUT_MS
		);
		const check = (): void => {
			if (
				output.text.includes('mqtt-scope is running') &&
				/Quick start\s+\S+\n/.test(output.text)
			) {
				clearTimeout(timer);
				resolveBanner(output.text);
			}
		};
		child.stdout?.on('data', check);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new Error(`start.js exited (${code ?? signal}) before its banner:\n${output.text}`));
		});
	});
}

/** Resolves with the exit code, or rejects if the process is still running after `ms`. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
	if (child.exitCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolveExit, reject) => {
		const timer = setTimeout(() => reject(new Error(`still running ${ms} ms after SIGTERM`)), ms);
		child.once('exit', (code) => {
			clearTimeout(timer);
			resolveExit(code);
		});
	});
}

test('npm start: Quick start link → live simulator telemetry → chart; SIGTERM stops it', async ({
	page
}) => {
	test.setTimeout(BANNER_TIMEOUT_MS + 60_000);
	const [appPort, wsPort, mqttPort] = await freePorts(3);
	const output = { text: '' };
	const child = spawn(
		process.execPath,
		[
			'scripts/start.js',
			'--port',
			String(appPort),
			'--ws-port',
			String(wsPort),
			'--mqtt-port',
			String(mqttPort)
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => (output.text += chunk));
	child.stderr.on('data', (chunk: string) => (output.text += chunk));
	try {
		const banner = await waitForBanner(child, output);
		expect(banner).toContain(`App          http://localhost:${appPort}`);
		expect(banner).toContain(`mqtt://localhost:${mqttPort}`);
		const quickStart = /Quick start\s+(\S+)/.exec(banner)?.[1] ?? '';
		const link = new URL(quickStart);
		expect(link.origin).toBe(`http://localhost:${appPort}`);
		expect(link.searchParams.get('url')).toBe(`ws://localhost:${wsPort}`);
		expect(link.searchParams.get('sub')).toBe('smart_env/#');

		await page.goto(quickStart);
		// The seeded profile is there for people who follow the README instead of the link.
		await expect(page.getByRole('button', { name: 'Edit Local demo', exact: true })).toBeVisible();
		const form = page.getByRole('form', { name: 'Connection from link' });
		await expect(form.getByLabel('Broker URL')).toHaveValue(`ws://localhost:${wsPort}`);
		await form.getByRole('button', { name: 'Connect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 10_000
		});

		// The simulator publishes telemetry every 2 s.
		const topic = 'smart_env/device01/telemetry';
		await expect(rowsFor(page, topic).first()).toBeVisible({ timeout: 20_000 });
		await rowsFor(page, topic).first().click();
		await page.getByRole('button', { name: 'Chart this topic' }).click();
		const chart = page
			.locator(`[data-testid="chart-slot"][data-topic="${topic}"]`)
			.getByTestId('chart');
		await expect(chart.locator('canvas')).toBeVisible();
		await expect(chart.locator('[data-testid="series"][data-name="temperature"]')).toHaveAttribute(
			'data-count',
			/^[1-9]\d*$/
		);
		await expect(chart.locator('[data-testid="series"][data-name="humidity"]')).toHaveCount(1);

		// Ctrl+C / SIGTERM: broker, simulator and server stop, and the process exits cleanly.
		child.kill('SIGTERM');
		expect(await exitWithin(child, 5_000)).toBe(0);
		expect(output.text).toContain('SIGTERM received, stopping');
	} finally {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
});
