// Installing the app: Chromium-based browsers offer an install prompt (beforeinstallprompt) that
// the app can show from its own button; iOS Safari has none, so the user gets the steps instead.
import { MediaQuery } from 'svelte/reactivity';
import { needsIosInstallHint } from '$lib/shared/app/install-hint';

/** The event Chromium fires when the app can be installed (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

/** iOS Safari's navigator, which says whether the page runs from the home screen. */
type IosNavigator = Navigator & { standalone?: boolean };

/** Whether the page runs as an installed app, and whether the browser offers to install it. */
export class InstallState {
	#offer = $state.raw<BeforeInstallPromptEvent | undefined>(undefined);
	#installed = $state(false);
	#standalone = new MediaQuery('(display-mode: standalone)', false);
	#listening = false;

	/** True when the page runs from the home screen or as an installed desktop app. */
	get standalone(): boolean {
		// iOS Safari says so in navigator.standalone, not (before iOS 16) in the media query.
		const ios = typeof navigator === 'undefined' ? undefined : (navigator as IosNavigator);
		return this.#standalone.current || ios?.standalone === true;
	}

	/** Whether an Install button can open the browser's install prompt. */
	get canPrompt(): boolean {
		return !!this.#offer && !this.#installed && !this.standalone;
	}

	/** Whether to show the iOS steps (Safari's Share › Add to Home Screen). */
	get needsIosSteps(): boolean {
		if (typeof navigator === 'undefined' || this.#installed) return false;
		return needsIosInstallHint({
			userAgent: navigator.userAgent,
			maxTouchPoints: navigator.maxTouchPoints,
			standalone: this.standalone
		});
	}

	/** Whether the app was installed from this page. */
	get installed(): boolean {
		return this.#installed;
	}

	/** Starts listening for the browser's install offer; safe to call more than once. */
	listen(): void {
		if (this.#listening || typeof window === 'undefined') return;
		this.#listening = true;
		window.addEventListener('beforeinstallprompt', (event) => {
			// Keep the browser's own mini-infobar away: the app shows its Install button instead.
			event.preventDefault();
			this.#offer = event as BeforeInstallPromptEvent;
		});
		window.addEventListener('appinstalled', () => {
			this.#installed = true;
			this.#offer = undefined;
		});
	}

	/** Opens the browser's install prompt; the outcome, or undefined when none was offered. */
	async prompt(): Promise<'accepted' | 'dismissed' | undefined> {
		const offer = this.#offer;
		if (!offer) return undefined;
		// A prompt can be shown only once; a new offer comes with the next beforeinstallprompt.
		this.#offer = undefined;
		await offer.prompt();
		const { outcome } = await offer.userChoice;
		if (outcome === 'accepted') this.#installed = true;
		return outcome;
	}
}

/** The app's install state. Listening starts with the first import: the offer can come early. */
export const install = new InstallState();
install.listen();
