import { expect, test } from '../support/fixtures';

test('the built app is served and titled mqtt-scope', async ({ page, appUrl }) => {
	const response = await page.goto(appUrl);
	expect(response?.status()).toBe(200);
	await expect(page).toHaveTitle('mqtt-scope');
});
