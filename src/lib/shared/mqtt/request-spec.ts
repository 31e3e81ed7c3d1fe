import type { QoS } from '../profile/profile';
import type { MessageProperties, MessageRecord } from './message';

/** A request (MQTT 5 request/response): publish with a response topic, wait for the answer. */
export interface RequestSpec {
	topic: string;
	payload: Uint8Array;
	qos: QoS;
	responseTopic: string;
	correlationData: Uint8Array;
	timeoutMs: number;
	properties?: MessageProperties;
}

/** How a request ended. */
export type RequestResult =
	{ ok: true; roundTripMs: number; response: MessageRecord } | { ok: false; reason: string };
