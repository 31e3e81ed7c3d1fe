// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		/** Shallow-routing state: how many full-screen sheets are open at this history entry. */
		interface PageState {
			sheetDepth?: number;
		}
	}
}

export {};
