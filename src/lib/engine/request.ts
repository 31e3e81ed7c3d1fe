import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { RequestResult, RequestSpec } from '$lib/shared/mqtt/request-spec';
import type { Session } from './session';

/** Whether two correlation data values are the same bytes. */
function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
	return !!a && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * MQTT 5 request/response (§4.10): subscribes to the response topic if needed, publishes the
 * request with Response Topic and Correlation Data, and waits for the response that carries
 * the same Correlation Data.
 */
export async function sendRequest(
	session: Session,
	spec: RequestSpec,
	now: () => number = () => performance.now()
): Promise<RequestResult> {
	if (session.profile.protocolVersion !== 5) {
		return {
			ok: false,
			reason: 'Request/response needs MQTT 5 (response topic and correlation data).'
		};
	}
	if (session.status.state !== 'connected') return { ok: false, reason: 'Not connected.' };
	const ownSubscription = !session.isSubscribed(spec.responseTopic);
	if (ownSubscription) {
		const result = await session.subscribe({ filter: spec.responseTopic, qos: 1 });
		if (result.granted === null) {
			return { ok: false, reason: `Could not subscribe to the response topic: ${result.reason}` };
		}
	}
	let untap = () => {};
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		let started = 0;
		const response = new Promise<MessageRecord | undefined>((resolve) => {
			untap = session.tap((record) => {
				if (
					record.topic === spec.responseTopic &&
					sameBytes(record.properties?.correlationData, spec.correlationData)
				) {
					resolve(record);
				}
			});
			timer = setTimeout(() => resolve(undefined), spec.timeoutMs);
		});
		started = now();
		const sent = await new Promise<MessageRecord>((resolve) =>
			session.publish(
				{
					topic: spec.topic,
					payload: spec.payload,
					qos: spec.qos,
					retain: false,
					properties: {
						...spec.properties,
						responseTopic: spec.responseTopic,
						correlationData: spec.correlationData
					}
				},
				resolve
			)
		);
		if (sent.state === 'refused' || sent.state === 'failed') {
			return { ok: false, reason: `The request was not delivered: ${sent.reason}` };
		}
		const answer = await response;
		if (!answer) {
			return { ok: false, reason: `No response within ${Math.round(spec.timeoutMs / 1000)} s.` };
		}
		return { ok: true, roundTripMs: Math.round(now() - started), response: answer };
	} finally {
		untap();
		clearTimeout(timer);
		if (ownSubscription) await session.unsubscribe(spec.responseTopic).catch(() => undefined);
	}
}
