import { createServer } from 'node:http';
import sirv from 'sirv';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
const [WS, TCP] = (await import('node:fs')).readFileSync('/tmp/uih/ports', 'utf8').trim().split(' ');
const serve = sirv('/work/main/build', { single: true, dev: false });
const server = createServer((q, r) => serve(q, r, () => { r.statusCode = 404; r.end(); }));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
// responder
const responder = mqtt.connect(`mqtt://127.0.0.1:${TCP}`, { protocolVersion: 5 });
await new Promise((r) => responder.on('connect', r));
responder.subscribe('req/#');
responder.on('message', (topic, payload, packet) => {
	const p = packet.properties ?? {};
	if (p.responseTopic) setTimeout(() => responder.publish(p.responseTopic, JSON.stringify({ echo: payload.toString() }), { properties: { correlationData: p.correlationData } }), 30);
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const errors = [];
const shot = async (page, name) => page.screenshot({ path: `/tmp/uih/${name}.png`, fullPage: false });
for (const [w, h, tag] of [[390, 844, 'mob'], [1280, 900, 'desk']]) {
	const page = await browser.newPage({ viewport: { width: w, height: h } });
	page.on('pageerror', (e) => errors.push(`${tag} pageerror ${e.message}`));
	page.on('console', (m) => m.type() === 'error' && errors.push(`${tag} console ${m.text()}`));
	page.on('dialog', async (d) => { errors.push(`${tag} dialog: ${d.message()}`); await d.accept(); });
	await page.goto(`${base}/?url=ws://127.0.0.1:${WS}&sub=%23`);
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await page.waitForTimeout(1500);
	// subscribe with options
	await page.getByLabel('Topic filter').fill('devices/+/state');
	await page.getByText('Options').click();
	await page.getByLabel('Subscription identifier').fill('7');
	await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await page.getByLabel('Topic filter').fill('$share/g/x/#');
	await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await page.getByLabel('Topic filter').fill('a/#/b');
	await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await page.waitForTimeout(800);
	for (let i = 0; i < 3; i++) responder.publish(`devices/d${i}/state`, `{"v":${i}}`);
	responder.publish('misc/x', 'plain');
	await page.waitForTimeout(1000);
	await shot(page, `${tag}-1-subs`);
	await page.getByRole('tab', { name: 'Request' }).click();
	await page.getByLabel('Topic', { exact: true }).fill('req/lamp');
	await page.getByLabel('Payload').fill('hello');
	await page.getByRole('button', { name: 'Send request' }).click();
	await page.waitForTimeout(800);
	await page.getByLabel('Topic', { exact: true }).fill('noone/here');
	await page.getByLabel('Timeout (s)').fill('1');
	await page.getByRole('button', { name: 'Send request' }).click();
	await page.waitForTimeout(1800);
	await shot(page, `${tag}-2-request`);
	await page.getByRole('tab', { name: 'Retained' }).click();
	await page.getByLabel('Retained topic filter').fill('devices/#');
	await page.getByRole('button', { name: 'Find retained' }).click();
	await page.waitForTimeout(2500);
	await shot(page, `${tag}-3-retained`);
	if (tag === 'mob') {
		await page.getByRole('button', { name: /Clear all/ }).click();
		await page.waitForTimeout(2000);
		await shot(page, `${tag}-3b-cleared`);
	}
	await page.getByRole('tab', { name: 'Broker' }).click();
	await page.waitForTimeout(7000);
	await shot(page, `${tag}-4-sys`);
	await page.close();
}
console.log(errors.join('\n'));
await browser.close();
responder.end(true);
server.close();
